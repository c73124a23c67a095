"""Session state of the login flow: half-logged-in, verified, and where to go next.

A person is *half-logged-in* after the password step: the session holds a pending
login (user id, backend, when, where to go next) but ``request.user`` stays anonymous.
Django's ``login()`` runs only once the second factor is checked, so ``is_authenticated``
never means « password only ». See docs/decisions/2026-11-23-authentication.md.
"""

import time
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth import login as auth_login
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login

from .models import User
from .selectors import active_user, has_confirmed_totp, memberships_of

OIDC_BACKEND = "prevex.accounts.oidc.ProConnectBackend"
PENDING_SESSION_KEY = "prevex_pending_login"
MEMBERSHIP_SESSION_KEY = "membership_id"
PENDING_MAX_AGE_SECONDS = 10 * 60


@dataclass(frozen=True)
class PendingLogin:
    user: User
    backend: str
    next_url: str


def safe_next_url(request: HttpRequest, url: str | None) -> str:
    """``url`` if it stays on this site, else an empty string."""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""


def session_is_verified(request: HttpRequest) -> bool:
    """Password and second factor done (or a demo account in demo mode, or ProConnect)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_demo:
        return bool(settings.DEMO_MODE)
    if request.session.get(BACKEND_SESSION_KEY) == OIDC_BACKEND:
        return bool(settings.OIDC_ENABLED)
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified is not None and is_verified())


def pending_login_start(request: HttpRequest, *, user: User, next_url: str) -> None:
    request.session.cycle_key()
    request.session[PENDING_SESSION_KEY] = {
        "user_id": user.pk,
        "backend": user.backend,
        "started": time.time(),
        "next": next_url,
    }


def pending_login(request: HttpRequest) -> PendingLogin | None:
    """The half-finished login of this session, if still fresh."""
    data = request.session.get(PENDING_SESSION_KEY)
    if not isinstance(data, dict):
        return None
    started = data.get("started")
    backend = data.get("backend")
    if (
        not isinstance(started, int | float)
        or time.time() - started > PENDING_MAX_AGE_SECONDS
        or backend not in settings.AUTHENTICATION_BACKENDS
    ):
        request.session.pop(PENDING_SESSION_KEY, None)
        return None
    user = active_user(user_id=data.get("user_id"))
    if user is None or user.is_demo:
        request.session.pop(PENDING_SESSION_KEY, None)
        return None
    return PendingLogin(user=user, backend=backend, next_url=str(data.get("next") or ""))


def second_factor_url(user: User) -> str:
    name = "accounts:totp_verify" if has_confirmed_totp(user=user) else "accounts:totp_setup"
    return reverse(name)


def login_complete(request: HttpRequest, *, pending: PendingLogin, device) -> HttpResponse:
    """Second factor checked: log the user in for real and go on."""
    request.session.pop(PENDING_SESSION_KEY, None)
    auth_login(request, pending.user, backend=pending.backend)
    otp_login(request, device)
    return redirect_after_login(request, next_url=pending.next_url)


def redirect_after_login(request: HttpRequest, *, next_url: str) -> HttpResponse:
    """One membership: act for it and go on. Several or none: the choice page."""
    next_url = safe_next_url(request, next_url)
    memberships = memberships_of(user=request.user)
    if len(memberships) == 1:
        request.session[MEMBERSHIP_SESSION_KEY] = memberships[0].pk
        return HttpResponseRedirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
    request.session.pop(MEMBERSHIP_SESSION_KEY, None)
    url = reverse("accounts:choose_organisation")
    if next_url:
        url = f"{url}?{urlencode({'next': next_url})}"
    return HttpResponseRedirect(url)


def verification_redirect(
    request: HttpRequest, *, membership_required: bool
) -> HttpResponse | None:
    """None when the request may go on; otherwise where to send it.

    Anonymous → login page; half-logged-in → second factor; verified but acting for no
    organisation (when required) → the choice page.
    """
    path = request.get_full_path()
    if not session_is_verified(request):
        pending = pending_login(request)
        target = second_factor_url(pending.user) if pending is not None else None
        if target is None:
            return _redirect(request, redirect_to_login(path)["Location"])
        return _redirect(request, target)
    if membership_required and getattr(request, "membership", None) is None:
        url = f"{reverse('accounts:choose_organisation')}?{urlencode({'next': path})}"
        return _redirect(request, url)
    return None


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    if getattr(request, "htmx", False):
        # An htmx request would swap the login page into a fragment: reload the page.
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)
