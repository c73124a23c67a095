"""Token management pages (« Jetons d'API »), for administrators of the organisation."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from prevex.accounts.decorators import acting_view

from . import perms, selectors, services
from .forms import ApiTokenForm

NOT_ALLOWED = "Seuls les administrateurs et responsables de l'organisation gèrent ses jetons d'API."


def _manager(request):
    if not perms.can_manage_tokens(request.membership):
        raise PermissionDenied(NOT_ALLOWED)
    return request.membership


def _list(request, form, *, status=200):
    membership = request.membership
    return render(
        request,
        "api/tokens.html",
        {"nav": "api", "form": form, "tokens": selectors.api_tokens_of(membership=membership)},
        status=status,
    )


@acting_view
@require_http_methods(["GET", "POST"])
@never_cache
def token_list(request):
    """List of the organisation's tokens and the creation form. A successful creation
    answers with the clear token, once, on a page that is not cached (no redirect: the
    secret never goes through the session)."""
    membership = _manager(request)
    if request.method != "POST":
        return _list(request, ApiTokenForm())
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _list(request, form, status=422)
    try:
        token, clear = services.api_token_create(
            organisation=membership.organisation, name=form.cleaned_data["name"], by=request.user
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return _list(request, form, status=422)
    return render(
        request, "api/token_created.html", {"nav": "api", "token": token, "clear_token": clear}
    )


@acting_view
@require_http_methods(["GET", "POST"])
def token_revoke(request, token_id: int):
    membership = _manager(request)
    token = selectors.api_token_of(membership=membership, token_id=token_id)
    if token is None:
        raise Http404("Jeton introuvable.")
    if request.method == "POST":
        services.api_token_revoke(token=token, by=request.user)
        messages.success(request, f"Le jeton « {token.name} » est révoqué.")
        return redirect("api:tokens")
    return render(request, "api/token_revoke.html", {"nav": "api", "token": token})
