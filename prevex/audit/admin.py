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


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyJournalAdmin):
    list_display = ("at", "user", "organisation", "action", "household_id", "what")
    list_filter = ("action", "organisation__type")
    search_fields = ("user__username", "what")
    date_hierarchy = "at"
    list_select_related = ("user", "organisation")


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
    )
    list_filter = ("field_group", "object_type", "channel", "operation")
    search_fields = ("user__username", "summary")
    date_hierarchy = "at"
    list_select_related = ("user", "organisation")
