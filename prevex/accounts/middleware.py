"""Attach the membership the user acts for (``request.membership``), optionally refuse
every view to sessions that are not verified (``LoginRequiredMiddleware``), and end idle
sessions (``IdleTimeoutMiddleware``)."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout as auth_logout

from .flow import session_is_verified, verification_redirect
from .selectors import acting_membership


class ActingMembershipMiddleware:
    """Only a verified session acts for an organisation (see flow.session_is_verified)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = None
        if request.user.is_authenticated and session_is_verified(request):
            request.membership = acting_membership(
                user=request.user, membership_id=request.session.get("membership_id")
            )
        return self.get_response(request)


class LoginRequiredMiddleware:
    """Safety net behind ``verified_login_required``: every view needs a verified session.

    Views marked with ``django.contrib.auth.decorators.login_not_required`` are let through
    (the login, second-factor, logout and OIDC views are). It does not require an acting
    organisation: the decorator and mixin do that, view by view. Put it after
    ``ActingMembershipMiddleware``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "login_required", True):
            return None
        if settings.STATIC_URL and request.path.startswith(settings.STATIC_URL):
            return None
        return verification_redirect(request, membership_required=False)


IDLE_KEY = "prevex_last_activity"
# The last activity after login: a cookie signed for this session, not a session write
# (docs/decisions/2026-12-01-idle-clock-in-a-signed-cookie.md).
ACTIVITY_COOKIE = "prevex_activite"
IDLE_EXPIRED = (
    "Votre session a expiré après {minutes} minutes sans activité : reconnectez-vous pour "
    "continuer. Ce qui n'avait pas été enregistré est perdu."
)


def _now() -> int:
    """Seconds since the epoch: the idle clock (one place, so tests can set it)."""
    return int(time.time())


def idle_clock_start(sender, request, user, **kwargs):
    """At login (signal ``user_logged_in``): the idle clock starts with the session (the
    login writes the session anyway)."""
    if request is not None and hasattr(request, "session"):
        request.session[IDLE_KEY] = _now()


def _salt(session_key: str) -> str:
    """Bound to the session: a cookie signed for another session (or before the key
    changed at login) does not verify."""
    return f"prevex.idle:{session_key}"


def last_activity(request) -> int | None:
    """The later of the login time kept in the session and the time in the activity
    cookie, if that cookie was signed by prevex for this very session."""
    times = []
    started = request.session.get(IDLE_KEY)
    if isinstance(started, int):
        times.append(started)
    key = request.session.session_key
    signed = (
        request.get_signed_cookie(ACTIVITY_COOKIE, default=None, salt=_salt(key)) if key else None
    )
    if signed is not None and signed.isdigit():
        times.append(int(signed))
    return max(times) if times else None


class IdleTimeoutMiddleware:
    """Ends a session left idle for ``PREVEX_SESSION_IDLE_MINUTES`` (30 by default): the
    screens show nominative data, and an unlocked office computer must not keep them open.

    The login time is kept in the session; later activity goes into a cookie signed with
    the secret key and bound to the session's key, renewed at most every
    ``PREVEX_SESSION_TOUCH_SECONDS``. A read therefore never writes the session: on SQLite
    that write waited for the write lock of an import and the page failed. The client
    cannot move the clock forward (it cannot sign), only drop the cookie, which moves it
    back to the login time. The session itself stays in the database, so logout and
    disabled accounts end it on the server. The absolute lifetime stays
    ``SESSION_COOKIE_AGE``. Put it after the authentication and message middlewares,
    before ``ActingMembershipMiddleware``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (request.user.is_authenticated and hasattr(request, "session")):
            return self.get_response(request)
        now = _now()
        last = last_activity(request)
        if last is not None and now - last > settings.PREVEX_SESSION_IDLE_MINUTES * 60:
            auth_logout(request)
            messages.warning(
                request, IDLE_EXPIRED.format(minutes=settings.PREVEX_SESSION_IDLE_MINUTES)
            )
            response = self.get_response(request)
            response.delete_cookie(ACTIVITY_COOKIE)
            return response
        response = self.get_response(request)
        key = request.session.session_key
        if key and (last is None or now - last >= settings.PREVEX_SESSION_TOUCH_SECONDS):
            response.set_signed_cookie(
                ACTIVITY_COOKIE,
                str(now),
                salt=_salt(key),
                max_age=settings.SESSION_COOKIE_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
