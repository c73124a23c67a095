"""The one decorator every case-data view uses: verified login + an acting membership."""

from functools import wraps

from django.shortcuts import redirect

from prevex.accounts.decorators import verified_login_required


def acting_view(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.membership is None:
            return redirect("accounts:choose_organisation")
        return view(request, *args, **kwargs)

    return verified_login_required(wrapper)
