"""Admin: the matching journal and the blocking keys, read-only (writes go through the
services, which journal every decision and recompute the keys). Keys hold folded names
and birth dates: each read of these pages is journaled (``JournaledAdmin``)."""

from django.contrib import admin

from prevex.audit.admin import JournaledAdmin
from prevex.households.models import HouseholdKey

from .models import MatchDecision


class ReadOnlyAdmin(JournaledAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(MatchDecision)
class MatchDecisionAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "outcome",
        "household_reference",
        "score",
        "automatic",
        "decided_by",
        "source_kind",
        "source_id",
        "undone_at",
    ]
    list_filter = ["outcome", "automatic", "departement", "source_kind"]
    search_fields = ["household_reference", "reason"]
    ordering = ["-created_at", "-id"]
    list_select_related = ["decided_by"]
    raw_id_fields = ["household"]


@admin.register(HouseholdKey)
class HouseholdKeyAdmin(ReadOnlyAdmin):
    list_display = ["household", "kind", "value", "departement"]
    list_filter = ["kind", "departement"]
    search_fields = ["value"]
    ordering = ["household_id", "kind", "value"]
    list_select_related = ["household"]
    raw_id_fields = ["household"]
