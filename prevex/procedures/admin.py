"""Admin: legal rules are edited here; procedures are read-mostly (acts go through the
services, which check the stage machine and refresh the denormalised fields). The
procedure pages are nominative: each read is journaled (``JournaledAdmin``)."""

from django.contrib import admin

from prevex.audit.admin import JournaledAdmin

from .models import Event, LegalRule, Procedure


@admin.register(LegalRule)
class LegalRuleAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "value",
        "unit",
        "valid_from",
        "valid_to",
        "departement",
        "short_basis",
    ]
    list_filter = ["code", "unit", "departement", "valid_from"]
    search_fields = ["code", "label", "legal_basis", "short_basis"]
    ordering = ["code", "departement_id", "valid_from"]
    list_select_related = ["departement"]
    fieldsets = [
        (None, {"fields": ["code", "label", "departement"]}),
        ("Valeur", {"fields": ["value", "unit", "direction", "working_days"]}),
        (
            "Date qui choisit la règle",
            {
                "fields": ["selected_by"],
                "description": "La règle en vigueur à cette date s'applique (par exemple la "
                "date du bail pour le délai de la clause résolutoire).",
            },
        ),
        (
            "Période d'application (date de l'acte)",
            {
                "fields": ["valid_from", "valid_to"],
                "description": "La date de fin est exclue : la règle s'applique aux actes "
                "datés du « en vigueur du » inclus au « jusqu'au » exclu.",
            },
        ),
        ("Base légale", {"fields": ["legal_basis", "short_basis"]}),
    ]

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        _refresh_later(obj.departement_id)

    def delete_model(self, request, obj) -> None:
        departement = obj.departement_id
        super().delete_model(request, obj)
        _refresh_later(departement)

    def delete_queryset(self, request, queryset) -> None:
        departements = set(queryset.values_list("departement_id", flat=True))
        super().delete_queryset(request, queryset)
        for departement in sorted(departements, key=lambda d: d or ""):
            _refresh_later(departement)


def _refresh_later(departement_id: str | None) -> None:
    """After the commit, queue the refresh of the procedures the rule applies to (a
    national rule: all of them): the dashboard's order follows the edited rule."""
    from django.db import transaction

    from .tasks import refresh_after_rule_change

    transaction.on_commit(lambda: refresh_after_rule_change(departement_id))


class EventInline(admin.TabularInline):
    model = Event
    extra = 0
    can_delete = False
    ordering = ["date", "id"]
    fields = [
        "date",
        "stage",
        "debt_amount",
        "hearing_date",
        "decision",
        "contradictoire",
        "grace_months",
        "served_on",
        "cfp_decision",
        "payment_months",
        "instalment_amount",
        "first_instalment_on",
        "instalment_missed_on",
        "reference",
        "flagged",
        "pending_review",
        "recorded_at",
        "recorded_by",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Procedure)
class ProcedureAdmin(JournaledAdmin):
    list_display = [
        "id",
        "household",
        "departement",
        "ground",
        "stage",
        "stage_date",
        "key_deadline",
        "closed_on",
        "outcome",
    ]
    list_filter = ["departement", "ground", "stage", "outcome"]
    search_fields = ["household__reference"]
    ordering = ["-stage_date", "id"]
    list_select_related = ["household", "departement"]
    date_hierarchy = "stage_date"
    readonly_fields = [
        "household",
        "departement",
        "ground",
        "opened_on",
        "closed_on",
        "outcome",
        "stage",
        "stage_date",
        "current_debt",
        "key_deadline",
    ]
    inlines = [EventInline]

    def has_add_permission(self, request) -> bool:
        return False
