"""Configuration in the admin: commissions, the recommendation catalogue, the CFP criteria."""

from django.contrib import admin

from .models import CfpCriterion, Commission, RecommendationType


@admin.register(Commission)
class CommissionAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "departement", "secretariat", "capacity", "is_active"]
    list_filter = ["departement", "kind", "is_active"]
    filter_horizontal = ["members", "communes"]
    autocomplete_fields = ["secretariat"]


@admin.register(RecommendationType)
class RecommendationTypeAdmin(admin.ModelAdmin):
    list_display = ["label", "code", "departement", "addressee_type", "active", "order"]
    list_filter = ["departement", "active"]


@admin.register(CfpCriterion)
class CfpCriterionAdmin(admin.ModelAdmin):
    list_display = ["label", "departement", "order", "active"]
    list_filter = ["departement", "active"]
