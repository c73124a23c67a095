"""Included by prevex/urls.py as ``path("comptes/", include("prevex.accounts.urls"))``."""

from django.conf import settings
from django.urls import path

from . import reauth, views

app_name = "accounts"

base_urlpatterns = [
    path("connexion/", views.login_view, name="login"),
    path("deconnexion/", views.logout_view, name="logout"),
    path("organisation/", views.choose_organisation_view, name="choose_organisation"),
    path("double-authentification/", views.totp_verify_view, name="totp_verify"),
    path("double-authentification/configuration/", views.totp_setup_view, name="totp_setup"),
    path("confirmation/", reauth.reauth_view, name="reauth"),
]

urlpatterns = list(base_urlpatterns)
if settings.OIDC_ENABLED:
    # Same paths and names as mozilla_django_oidc.urls, with our views: its own views
    # reverse an un-namespaced callback name, which does not exist inside "accounts:".
    from .oidc import oidc_urlpatterns

    urlpatterns += oidc_urlpatterns
