"""API tokens in the Django admin: create (the clear token is shown once), revoke."""

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers

from . import services
from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "organisation",
        "prefix",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter), "organisation__departement"]
    search_fields = ["name", "prefix", "organisation__name", "organisation__slug"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]
    ordering = ["organisation__name", "-created_at"]
    actions = ["revoke_selected"]

    def get_fields(self, request, obj=None):
        editable = ["organisation", "name", "requests_per_minute", "rows_per_day"]
        if obj is None:
            return editable
        return [*editable, *self.get_readonly_fields(request, obj)]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return [
            "organisation",
            "prefix",
            "service_user",
            "created_at",
            "created_by",
            "last_used_at",
            "revoked_at",
            "revoked_by",
        ]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # revoke instead: the history of who could send stays

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        token, clear = services.api_token_create(
            organisation=obj.organisation,
            name=obj.name,
            by=request.user,
            requests_per_minute=obj.requests_per_minute,
            rows_per_day=obj.rows_per_day,
        )
        for field in ApiToken._meta.concrete_fields:
            setattr(obj, field.attname, getattr(token, field.attname))
        obj._state.adding = False
        obj._clear_token = clear

    def response_add(self, request, obj, post_url_continue=None):
        """Show the clear token once, on this response only (never in a message or the
        session, which are stored)."""
        response = TemplateResponse(
            request,
            "admin/api/apitoken/created.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "token": obj,
                "clear_token": obj._clear_token,
                "title": "Jeton d'API créé",
            },
        )
        add_never_cache_headers(response)
        return response

    @admin.action(description="Révoquer les jetons sélectionnés")
    def revoke_selected(self, request, queryset):
        count = 0
        for token in queryset.filter(revoked_at__isnull=True).order_by("pk"):
            services.api_token_revoke(token=token, by=request.user)
            count += 1
        self.message_user(request, f"{count} jeton(s) révoqué(s).", messages.SUCCESS)
