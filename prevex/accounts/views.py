"""Login (password, then TOTP), logout and choice of the acting organisation."""

from urllib.parse import urlencode

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from . import services
from .decorators import verified_login_required
from .flow import (
    MEMBERSHIP_SESSION_KEY,
    OIDC_BACKEND,
    login_complete,
    pending_login,
    pending_login_start,
    redirect_after_login,
    safe_next_url,
    second_factor_url,
    session_is_verified,
)
from .forms import TOKEN_THROTTLED, TOKEN_WRONG, ChooseOrganisationForm, LoginForm, TokenForm
from .selectors import has_confirmed_totp, memberships_of
from .throttle import IP_THROTTLED, backoff_refusal, backoff_remaining, ip_is_throttled
from .totp import totp_qr_svg, totp_secret_text

SESSION_EXPIRED = (
    "Votre connexion a expiré ou n'a pas commencé : saisissez à nouveau vos identifiants."
)


@login_not_required
@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = safe_next_url(request, request.POST.get("next") or request.GET.get("next"))
    if session_is_verified(request):
        return HttpResponseRedirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
    if request.user.is_authenticated:
        # A session without its second factor (e.g. a demo session after demo mode ended).
        auth_logout(request)
        request.membership = None
    if request.method == "POST":
        wait = backoff_remaining(request, request.POST.get("username", ""))
        if ip_is_throttled(request) or wait:
            context = {
                "form": LoginForm(request),
                "refusal": backoff_refusal(wait) if wait else IP_THROTTLED,
                "next_url": next_url,
                "oidc_url": "",
                "demo_mode": False,
            }
            response = render(request, "accounts/login.html", context, status=429)
            if wait:
                response["Retry-After"] = str(wait)
            return response
    form = LoginForm(request, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = form.user
        if user.is_demo:  # only valid in demo mode (checked by the form)
            auth_login(request, user)
            return redirect_after_login(request, next_url=next_url)
        pending_login_start(request, user=user, next_url=next_url)
        return HttpResponseRedirect(second_factor_url(user))
    oidc_url = ""
    if settings.OIDC_ENABLED:
        oidc_url = reverse("accounts:oidc_authentication_init")
        if next_url:
            oidc_url = f"{oidc_url}?{urlencode({'next': next_url})}"
    return render(
        request,
        "accounts/login.html",
        {
            "form": form,
            "next_url": next_url,
            "oidc_url": oidc_url,
            "demo_mode": bool(settings.DEMO_MODE),
        },
    )


@login_not_required
@sensitive_post_parameters("token")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def totp_verify_view(request: HttpRequest) -> HttpResponse:
    pending = pending_login(request)
    if pending is None:
        return _no_pending_login(request)
    user = pending.user
    if not has_confirmed_totp(user=user):
        return redirect("accounts:totp_setup")
    credentials = {settings.AXES_USERNAME_FORM_FIELD: user.get_username()}
    form = TokenForm(data=request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not AxesProxyHandler.is_allowed(request, credentials):
            # Locked out by django-axes: its middleware renders accounts/lockout.html.
            request.axes_locked_out = True
            request.axes_credentials = credentials
            return HttpResponse(status=settings.AXES_HTTP_RESPONSE_CODE)
        if form.is_valid():
            if services.totp_is_throttled(user=user):
                form.add_error("token", TOKEN_THROTTLED)
            else:
                token = form.cleaned_data["token"]
                device = services.second_factor_verify(user=user, token=token)
                if device is not None:
                    return login_complete(request, pending=pending, device=device)
                form.add_error("token", TOKEN_WRONG)
            # Wrong codes count as failed logins for django-axes too.
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    return render(request, "accounts/totp_verify.html", {"form": form, "pending_user": user})


@login_not_required
@sensitive_post_parameters("token")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def totp_setup_view(request: HttpRequest) -> HttpResponse:
    pending = pending_login(request)
    if pending is None:
        return _no_pending_login(request)
    user = pending.user
    if has_confirmed_totp(user=user):
        # Never enrol a new device on the strength of a password alone.
        return redirect("accounts:totp_verify")
    device = services.totp_device_start(user=user)
    form = TokenForm(data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if services.totp_device_confirm(device=device, token=form.cleaned_data["token"]):
            device.refresh_from_db()
            messages.success(request, "La double authentification est activée pour votre compte.")
            codes = services.recovery_codes_create(user=user)
            response = login_complete(request, pending=pending, device=device)
            # Shown once, on the way in: the codes are not displayed again.
            context = {"codes": codes, "continue_url": response["Location"]}
            return render(request, "accounts/recovery_codes.html", context)
        form.add_error("token", TOKEN_WRONG)
    return render(
        request,
        "accounts/totp_setup.html",
        {
            "form": form,
            "pending_user": user,
            "qr_svg": totp_qr_svg(device),
            "secret": totp_secret_text(device),
        },
    )


@login_not_required
@require_POST
@csrf_protect
def logout_view(request: HttpRequest) -> HttpResponse:
    target = resolve_url(settings.LOGOUT_REDIRECT_URL)
    if settings.OIDC_ENABLED and request.session.get(BACKEND_SESSION_KEY) == OIDC_BACKEND:
        from .oidc import provider_logout_url

        target = provider_logout_url(request) or target
    auth_logout(request)
    messages.info(request, "Vous êtes déconnecté.")
    return HttpResponseRedirect(target)


@verified_login_required(membership_required=False)
@never_cache
@require_http_methods(["GET", "POST"])
def choose_organisation_view(request: HttpRequest) -> HttpResponse:
    next_url = safe_next_url(request, request.POST.get("next") or request.GET.get("next"))
    memberships = memberships_of(user=request.user)
    if not memberships:
        request.session.pop(MEMBERSHIP_SESSION_KEY, None)
        return render(request, "accounts/no_organisation.html")
    if len(memberships) == 1 and request.method == "GET":
        request.session[MEMBERSHIP_SESSION_KEY] = memberships[0].pk
        return HttpResponseRedirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
    current = getattr(request, "membership", None)
    form = ChooseOrganisationForm(
        data=request.POST if request.method == "POST" else None,
        memberships=memberships,
        initial={"membership": current.pk if current else None},
    )
    if request.method == "POST" and form.is_valid():
        chosen = form.chosen
        request.session[MEMBERSHIP_SESSION_KEY] = chosen.pk
        messages.success(request, f"Vous agissez désormais pour {chosen.organisation.name}.")
        return HttpResponseRedirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
    if form.is_bound:
        selected = str(form.data.get("membership", ""))
    else:
        selected = str(current.pk) if current else ""
    return render(
        request,
        "accounts/choose_organisation.html",
        {"form": form, "memberships": memberships, "selected": selected, "next_url": next_url},
        status=400 if form.is_bound else 200,
    )


def _no_pending_login(request: HttpRequest) -> HttpResponse:
    if session_is_verified(request):
        return HttpResponseRedirect(resolve_url(settings.LOGIN_REDIRECT_URL))
    messages.error(request, SESSION_EXPIRED)
    return redirect("accounts:login")
