"""Attach the membership the user acts for (``request.membership``)."""

from .selectors import acting_membership


class ActingMembershipMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = None
        if request.user.is_authenticated:
            request.membership = acting_membership(
                user=request.user, membership_id=request.session.get("membership_id")
            )
        return self.get_response(request)
