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
IDLE_EXPIRED = (
    "Votre session a expiré après {minutes} minutes sans activité : reconnectez-vous pour "
    "continuer. Ce qui n'avait pas été enregistré est perdu."
)


def _now() -> int:
    """Seconds since the epoch: the idle clock (one place, so tests can set it)."""
    return int(time.time())


def idle_clock_start(sender, request, user, **kwargs):
    """At login (signal ``user_logged_in``): the idle clock starts with the session, so
    the requests of the first minute do not write the session again."""
    if request is not None and hasattr(request, "session"):
        request.session[IDLE_KEY] = _now()


class IdleTimeoutMiddleware:
    """Ends a session left idle for ``PREVEX_SESSION_IDLE_MINUTES`` (30 by default): the
    screens show nominative data, and an unlocked office computer must not keep them open.

    The time of the last request is kept in the session and written at most once every
    ``PREVEX_SESSION_TOUCH_SECONDS`` (not a database write per request). The session's
    absolute lifetime stays ``SESSION_COOKIE_AGE``. Put it after the authentication and
    message middlewares, before ``ActingMembershipMiddleware``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and hasattr(request, "session"):
            now = _now()
            idle = settings.PREVEX_SESSION_IDLE_MINUTES * 60
            last = request.session.get(IDLE_KEY)
            if isinstance(last, int) and now - last > idle:
                auth_logout(request)
                messages.warning(
                    request, IDLE_EXPIRED.format(minutes=settings.PREVEX_SESSION_IDLE_MINUTES)
                )
            elif not isinstance(last, int) or now - last >= settings.PREVEX_SESSION_TOUCH_SECONDS:
                request.session[IDLE_KEY] = now
        return self.get_response(request)
