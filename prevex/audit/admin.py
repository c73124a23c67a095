from django.contrib import admin

from .models import AccessLog


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Read-only: the journal is append-only."""

    list_display = ("at", "user", "organisation", "action", "household_id", "what")
    list_filter = ("action", "organisation__type")
    search_fields = ("user__username", "what")
    date_hierarchy = "at"
    list_select_related = ("user", "organisation")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
