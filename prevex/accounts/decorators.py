"""Access to every page but the login ones needs a verified session.

``verified_login_required`` (function views) and ``VerifiedLoginRequiredMixin`` (class
views) send:

- anonymous visitors to the login page (``?next=`` the page they asked for);
- half-logged-in people (password given, no second factor yet) to the code page, or to
  the TOTP setup page when they have no confirmed device;
- verified people who act for no organisation to the organisation choice page, unless
  ``membership_required=False`` (pages that make sense without an acting organisation).
"""

from functools import wraps

from django.shortcuts import redirect

from .flow import verification_redirect


def verified_login_required(view_func=None, *, membership_required: bool = True):
    """Use as ``@verified_login_required`` or ``@verified_login_required(membership_required=False)``."""

    def decorator(func):
        @wraps(func)
        def wrapper(request, *args, **kwargs):
            response = verification_redirect(request, membership_required=membership_required)
            if response is not None:
                return response
            return func(request, *args, **kwargs)

        return wrapper

    if view_func is not None:
        return decorator(view_func)
    return decorator


class VerifiedLoginRequiredMixin:
    """Put it first in the bases of a class-based view."""

    membership_required = True

    def dispatch(self, request, *args, **kwargs):
        response = verification_redirect(request, membership_required=self.membership_required)
        if response is not None:
            return response
        return super().dispatch(request, *args, **kwargs)


def acting_view(view):
    """The one decorator every case-data view uses: verified login + an acting membership."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.membership is None:
            return redirect("accounts:choose_organisation")
        return view(request, *args, **kwargs)

    return verified_login_required(wrapper)
