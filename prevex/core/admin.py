"""Read-only admin: the territories come from the COG data file only
(``manage.py load_territories``), never from hand edits; the background jobs from the
huey signals only."""

from django.contrib import admin

from prevex.core.models import Commune, Departement, JobRun, PostalCode


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Departement)
class DepartementAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "region_code"]
    search_fields = ["code", "name"]
    ordering = ["code"]


class PostalCodeInline(admin.TabularInline):
    model = PostalCode
    fields = ["code", "locality"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["code", "locality"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Commune)
class CommuneAdmin(ReadOnlyAdmin):
    list_display = ["insee", "name", "departement", "population", "zone_apl"]
    list_filter = ["departement"]
    list_select_related = ["departement"]
    search_fields = ["insee", "name"]
    ordering = ["insee"]
    inlines = [PostalCodeInline]


@admin.register(PostalCode)
class PostalCodeAdmin(ReadOnlyAdmin):
    list_display = ["code", "commune", "locality"]
    list_select_related = ["commune"]
    search_fields = ["code", "commune__name", "commune__insee", "locality"]
    ordering = ["code", "commune_id", "locality"]
    raw_id_fields = ["commune"]


@admin.register(JobRun)
class JobRunAdmin(ReadOnlyAdmin):
    """Background jobs, written only by the huey signals (prevex/core/jobs.py)."""

    list_display = [
        "name",
        "arguments",
        "state",
        "attempts",
        "retries_left",
        "queued_by",
        "queued_at",
        "started_at",
        "finished_at",
    ]
    list_filter = ["state", "name"]
    list_select_related = ["queued_by"]
    search_fields = ["name", "task_id", "error"]
    date_hierarchy = "queued_at"
    readonly_fields = [f.name for f in JobRun._meta.fields]
    ordering = ["-queued_at", "-id"]
