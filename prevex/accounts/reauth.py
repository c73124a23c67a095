"""Re-authentication before a nominative export: the password again, and the code of the
authenticator application when the person has one, valid ``PREVEX_REAUTH_MINUTES``.

A session left open on an unlocked computer must not be enough to take a whole list of
households away. ``recent_auth_required`` sends the person to the confirmation page, then
back to the export they asked for. Wrong passwords and codes count as failed logins
(django-axes: back-off and lockout apply).
"""

import time
from functools import wraps

from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from . import services
from .decorators import verified_login_required
from .flow import safe_next_url
from .forms import TOKEN_WRONG, TokenForm
from .selectors import has_confirmed_totp

REAUTH_KEY = "prevex_reauth_at"
WRONG_PASSWORD = "Mot de passe incorrect."


def recently_reauthenticated(request: HttpRequest) -> bool:
    at = request.session.get(REAUTH_KEY)
    window = settings.PREVEX_REAUTH_MINUTES * 60
    return isinstance(at, int) and 0 <= time.time() - at <= window


def recent_auth_required(view):
    """Put it inside ``acting_view``: the export runs only after a recent confirmation."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not recently_reauthenticated(request):
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse('accounts:reauth')}?{query}")
        return view(request, *args, **kwargs)

    return wrapper


class ReauthForm(TokenForm):
    password = forms.CharField(
        label="Mot de passe",
        strip=False,
        error_messages={"required": "Saisissez votre mot de passe."},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, with_code: bool, with_password: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_code:
            del self.fields["token"]
        if not with_password:
            del self.fields["password"]
        self.order_fields(["password", "token"])


@verified_login_required(membership_required=False)
@sensitive_post_parameters("password", "token")
@never_cache
@require_http_methods(["GET", "POST"])
def reauth_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    next_url = safe_next_url(request, request.POST.get("next") or request.GET.get("next"))
    next_url = next_url or resolve_url(settings.LOGIN_REDIRECT_URL)
    with_code = has_confirmed_totp(user=user)
    with_password = user.has_usable_password()
    form = ReauthForm(
        data=request.POST if request.method == "POST" else None,
        with_code=with_code,
        with_password=with_password,
    )
    credentials = {settings.AXES_USERNAME_FORM_FIELD: user.get_username()}
    if request.method == "POST":
        if not AxesProxyHandler.is_allowed(request, credentials):
            request.axes_locked_out = True
            request.axes_credentials = credentials
            return HttpResponse(status=settings.AXES_HTTP_RESPONSE_CODE)
        if form.is_valid() and _confirmed(form, user):
            request.session[REAUTH_KEY] = int(time.time())
            return HttpResponseRedirect(next_url)
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    context = {
        "form": form,
        "next_url": next_url,
        "with_code": with_code,
        "with_password": with_password,
        "possible": with_code or with_password,
    }
    return render(request, "accounts/reauth.html", context)


def _confirmed(form: ReauthForm, user) -> bool:
    if "password" in form.fields and not user.check_password(form.cleaned_data["password"]):
        form.add_error("password", WRONG_PASSWORD)
        return False
    token = form.cleaned_data.get("token")
    if "token" in form.fields and services.second_factor_verify(user=user, token=token) is None:
        form.add_error("token", TOKEN_WRONG)
        return False
    return "password" in form.fields or "token" in form.fields
