"""Administration of organisations, users and memberships.

The admin site keeps no login of its own: its login page sends to ours (password then
second factor), and it opens only to verified sessions.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from .flow import session_is_verified
from .models import Membership, Organisation, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["organisation", "role", "is_active", "created_at"]
    readonly_fields = ["created_at"]
    autocomplete_fields = ["organisation"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "type", "departement", "email", "is_active"]
    list_filter = ["type", "departement", "is_active"]
    search_fields = ["name", "slug", "siret", "email"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["communes"]
    ordering = ["departement_id", "name"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = [
        "username",
        "email",
        "first_name",
        "last_name",
        "is_demo",
        "is_staff",
        "is_active",
    ]
    list_filter = ["is_demo", "is_staff", "is_superuser", "is_active"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        ("Démonstration", {"fields": ["is_demo"]}),
    ]
    add_fieldsets = [
        *DjangoUserAdmin.add_fieldsets,
        ("Informations", {"fields": ["email", "first_name", "last_name", "is_demo"]}),
    ]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "is_active", "created_at"]
    list_filter = ["role", "is_active", "organisation__type", "organisation__departement"]
    search_fields = ["user__username", "user__email", "user__last_name", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]
    list_select_related = ["user", "organisation"]
    ordering = ["organisation__name", "id"]


@login_not_required
def admin_login(request, extra_context=None):
    """The admin's password-only login is replaced by ours."""
    if session_is_verified(request):
        raise PermissionDenied("Votre compte n'a pas accès à l'administration.")
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"))


def admin_has_permission(request) -> bool:
    user = request.user
    return bool(user.is_active and user.is_staff and session_is_verified(request))


admin.site.login = admin_login
admin.site.has_permission = admin_has_permission
admin.site.site_header = "Administration de prevex"
admin.site.site_title = "prevex"


# django-otp writes its devices' search help in English (« Search by user's … »).
DEVICE_SEARCH_HELP = "Rechercher par nom d'utilisateur ou adresse électronique de la personne"


def _french_device_admin(model, base):
    admin.site.unregister(model)
    admin.site.register(
        model, type(base.__name__, (base,), {"search_help_text": DEVICE_SEARCH_HELP})
    )


_french_device_admin(TOTPDevice, TOTPDeviceAdmin)
_french_device_admin(StaticDevice, StaticDeviceAdmin)
