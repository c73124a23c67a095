"""Attach the membership the user acts for (``request.membership``), and optionally
refuse every view to sessions that are not verified (``LoginRequiredMiddleware``)."""

from django.conf import settings

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
