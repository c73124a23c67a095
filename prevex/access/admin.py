"""The act matrix and the access rules are edited here (national and per département).

Involvements and their requests name households: they are read on the file page and in
the review queue (journaled), not here."""

from django.contrib import admin

from .models import AccessRule, ActPermission


@admin.register(ActPermission)
class ActPermissionAdmin(admin.ModelAdmin):
    list_display = ["organisation_type", "act_type", "departement", "allowed", "basis"]
    list_filter = ["organisation_type", "act_type", "allowed", "departement"]
    list_editable = ["allowed"]
    ordering = ["organisation_type", "act_type", "departement_id"]


@admin.register(AccessRule)
class AccessRuleAdmin(admin.ModelAdmin):
    list_display = ["condition", "organisation_type", "departement", "grants", "reason"]
    list_filter = ["condition", "organisation_type", "grants", "departement"]
    ordering = ["condition", "organisation_type", "departement_id"]
