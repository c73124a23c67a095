"""OIDC login (ProConnect-compatible) with mozilla-django-oidc, on only when OIDC_ENABLED.

Accounts are never created here: the e-mail given by the provider must be that of exactly
one active, non-demo account provisioned by an administrator. ProConnect is trusted for
the second factor (see docs/decisions/2026-11-23-authentication.md).
"""

import logging
import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import path
from django.utils.crypto import get_random_string
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from .flow import PENDING_SESSION_KEY, redirect_after_login, safe_next_url
from .selectors import users_matching_email

logger = logging.getLogger(__name__)

CALLBACK_URL_NAME = "accounts:oidc_authentication_callback"
LOGIN_FAILED = (
    "La connexion avec ProConnect n'a pas abouti. Votre adresse électronique doit "
    "correspondre à un compte actif de prevex : demandez-le à l'administrateur de votre "
    "organisation, ou connectez-vous avec votre identifiant."
)


def oidc_setting(attr, *args):
    """mozilla-django-oidc's settings, with our namespaced callback URL as default."""
    if attr == "OIDC_AUTHENTICATION_CALLBACK_URL":
        return getattr(settings, attr, CALLBACK_URL_NAME)
    return import_from_settings(attr, *args)


class ProConnectBackend(OIDCAuthenticationBackend):
    get_settings = staticmethod(oidc_setting)

    def authenticate(self, request, **kwargs):
        if not settings.OIDC_ENABLED:
            return None
        return super().authenticate(request, **kwargs)

    def filter_users_by_claims(self, claims):
        return users_matching_email(email=str(claims.get("email") or ""))

    def get_or_create_user(self, access_token, id_token, payload):
        user_info = self.get_userinfo(access_token, id_token, payload)
        if not self.verify_claims(user_info):
            logger.warning("OIDC : adresse électronique absente des informations reçues.")
            return None
        users = list(self.filter_users_by_claims(user_info)[:2])
        if len(users) != 1:
            logger.warning(
                "OIDC : %s compte(s) actif(s) pour l'adresse reçue, connexion refusée.",
                len(users),
            )
            return None
        return self.update_user(users[0], user_info)

    def verify_claims(self, claims):
        return bool(str(claims.get("email") or "").strip())

    def create_user(self, claims):
        return None  # accounts are provisioned by an administrator, never created here

    def store_tokens(self, access_token, id_token):
        # The id_token is needed to log out from the provider (id_token_hint).
        super().store_tokens(access_token, id_token)
        self.request.session["oidc_id_token"] = id_token


class ProConnectRequestView(OIDCAuthenticationRequestView):
    get_settings = staticmethod(oidc_setting)

    def get(self, request):
        if not settings.OIDC_ENABLED:
            raise Http404
        return super().get(request)


class ProConnectCallbackView(OIDCAuthenticationCallbackView):
    get_settings = staticmethod(oidc_setting)

    def get(self, request):
        if not settings.OIDC_ENABLED:
            raise Http404
        return super().get(request)

    def login_failure(self):
        messages.error(self.request, LOGIN_FAILED)
        return HttpResponseRedirect(resolve_url(settings.LOGIN_URL))

    def login_success(self):
        request = self.request
        request.session.pop(PENDING_SESSION_KEY, None)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user != self.user:
            auth_login(request, self.user)
        interval = self.get_settings("OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS", 60 * 15)
        request.session["oidc_id_token_expiration"] = time.time() + interval
        next_url = safe_next_url(request, request.session.pop("oidc_login_next", None))
        return redirect_after_login(request, next_url=next_url)


def provider_logout_url(request: HttpRequest) -> str | None:
    """The provider's end-session URL (ProConnect needs id_token_hint and state)."""
    endpoint = getattr(settings, "OIDC_OP_LOGOUT_ENDPOINT", "")
    id_token = request.session.get("oidc_id_token")
    if not endpoint or not id_token:
        return None
    params = {
        "id_token_hint": id_token,
        "state": get_random_string(32),
        "post_logout_redirect_uri": request.build_absolute_uri(
            resolve_url(settings.LOGOUT_REDIRECT_URL)
        ),
    }
    return f"{endpoint}?{urlencode(params)}"


oidc_urlpatterns = [
    path(
        "oidc/authenticate/",
        login_not_required(ProConnectRequestView.as_view()),
        name="oidc_authentication_init",
    ),
    path(
        "oidc/callback/",
        login_not_required(ProConnectCallbackView.as_view()),
        name="oidc_authentication_callback",
    ),
]
