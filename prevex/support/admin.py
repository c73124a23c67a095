"""Administration: the catalogue of support measures (national rows and a département's
overrides) and the organisation each département designates for the DSF. Case data
(contacts, DSF, measures) is never edited here: the services are its one write path."""

from django.contrib import admin

from .models import DsfDesignation, MeasureType


@admin.register(MeasureType)
class MeasureTypeAdmin(admin.ModelAdmin):
    list_display = ("label", "code", "departement", "deciding_body", "has_amount", "active")
    list_filter = ("departement", "active")
    ordering = ("order", "code", "departement")
    search_fields = ("code", "label")


@admin.register(DsfDesignation)
class DsfDesignationAdmin(admin.ModelAdmin):
    list_display = ("departement", "organisation")
    autocomplete_fields = ()
