"""Admin: both journals read-only; ``JournaledAdmin`` journals the admin's nominative pages."""

from django.contrib import admin

from . import services
from .models import AccessLog, WriteLog


class JournaledAdmin(admin.ModelAdmin):
    """A model admin whose list and object pages write an access-journal row (ADMIN).

    ``journal_household_id(obj)`` names the household an object page shows.
    """

    def journal_household_id(self, obj):
        return getattr(obj, "household_id", None)

    def _journal(self, request, what: str, household_id=None) -> None:
        services.log_admin_view(
            user=request.user,
            membership=getattr(request, "membership", None),
            what=f"Administration : {what}",
            household_id=household_id,
        )

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        if response.status_code == 200:
            what = f"liste « {self.model._meta.verbose_name_plural} »"
            query = request.GET.get("q", "").strip()
            self._journal(request, f"{what}, recherche « {query} »" if query else what)
        return response

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            self._journal(
                request,
                f"{self.model._meta.verbose_name} n° {obj.pk}",
                household_id=self.journal_household_id(obj),
            )
        return super().render_change_form(request, context, add, change, form_url, obj)


class ReadOnlyJournalAdmin(admin.ModelAdmin):
    """Append-only journals: nothing to add, change or delete here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class HouseholdIdFilter(admin.SimpleListFilter):
    """``?menage=ID``: the rows about one household (the DPO's most common question)."""

    title = "ménage (n°)"
    parameter_name = "menage"

    def lookups(self, request, model_admin):
        value = self.value()
        return [(value, f"n° {value}")] if value and value.isdigit() else []

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        if not value.isdigit() or int(value) > 2**63 - 1:
            return queryset.none()
        return queryset.filter(household_id=int(value))


def export_csv(modeladmin, request, queryset):
    """The selected rows as CSV (journaled as an export of the journal)."""
    import csv

    from django.http import HttpResponse

    from prevex.core.spreadsheet import safe_cell

    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="journal-des-acces.csv"'
    writer = csv.writer(response, delimiter=";")
    writer.writerow(["le", "utilisateur", "organisation", "action", "ménage", "objet"])
    rows = queryset.select_related("user", "organisation").order_by("at", "id")
    count = 0
    for row in rows.iterator(chunk_size=2000):
        count += 1
        writer.writerow(
            [
                row.at.isoformat(),
                safe_cell(row.user.get_username()),
                safe_cell(row.organisation or ""),
                row.get_action_display(),
                row.household_id or "",
                safe_cell(row.what),
            ]
        )
    services.log_admin_view(
        user=request.user,
        membership=getattr(request, "membership", None),
        what=f"Administration : export CSV du journal des accès ({count} lignes)",
    )
    return response


export_csv.short_description = "Exporter la sélection en CSV"


@admin.register(AccessLog)
class AccessLogAdmin(JournaledAdmin, ReadOnlyJournalAdmin):
    """The DPO's read-only view of the journal: by household (``?menage=``), user,
    organisation and period, with a CSV export. Reading it is journaled too (its rows
    name searches and readers). A DPO account needs only the « view » permission on
    this model (docs/operations.md)."""

    list_display = ("at", "user", "organisation", "action", "household_id", "what")
    list_filter = (HouseholdIdFilter, "action", "organisation__type", "organisation", "user")
    search_fields = ("user__username", "user__last_name", "what")
    date_hierarchy = "at"
    list_select_related = ("user", "organisation")
    actions = [export_csv]


@admin.register(WriteLog)
class WriteLogAdmin(JournaledAdmin, ReadOnlyJournalAdmin):
    """Its summaries name people: reading it is journaled too."""

    list_display = (
        "at",
        "user",
        "organisation",
        "household_id",
        "object_type",
        "operation",
        "field_group",
        "channel",
        "summary",
        "redacted_at",
    )
    list_filter = ("field_group", "object_type", "channel", "operation")
    search_fields = ("user__username", "summary")
    date_hierarchy = "at"
    list_select_related = ("user", "organisation")
