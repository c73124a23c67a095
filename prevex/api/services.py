"""Writes about API tokens: creation (the clear token is returned once) and revocation."""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from prevex.accounts.models import Organisation, User
from prevex.core.errors import BusinessError

from .models import ApiToken

TOKEN_PREFIX = "pvx_"
DISPLAY_PREFIX_LENGTH = 12  # "pvx_" + 8 characters: enough to tell tokens apart


def token_hash(clear: str) -> str:
    """SHA-256 of the clear token (a 256-bit random secret needs no slow hash)."""
    return hashlib.sha256(clear.encode("utf-8")).hexdigest()


def service_user_for(*, organisation: Organisation) -> User:
    """The technical account named in the access journal for this organisation's API reads.

    Its username holds a colon, which no form accepts, so it cannot collide with a person's
    account; it is inactive and has no usable password, so it can never log in.
    """
    username = f"api:{organisation.slug}"[:150]
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(
            username=username,
            first_name="API",
            last_name=organisation.name[:150],
            is_active=False,
        )
        user.set_unusable_password()
        user.save()
    return user


def twin_refusal(*, organisation: Organisation, name: str) -> str:
    """Why a new token may not take this label (an active token of the organisation has
    it), or ``""``."""
    twin = (
        ApiToken.objects.filter(
            organisation=organisation, name=name.strip()[:120], revoked_at__isnull=True
        )
        .order_by("-created_at")
        .first()
    )
    if twin is None:
        return ""
    return (
        "Un jeton actif porte déjà ce libellé (créé le "
        f"{timezone.localtime(twin.created_at):%d/%m/%Y à %H:%M}). Si son secret ne vous a pas "
        "été affiché, révoquez-le puis créez-en un autre ; sinon, choisissez un autre libellé."
    )


@transaction.atomic
def api_token_create(
    *,
    organisation: Organisation,
    name: str,
    by: User | None,
    requests_per_minute: int | None = None,
    rows_per_day: int | None = None,
) -> tuple[ApiToken, str]:
    """Create a token; return it with the clear secret, which is stored nowhere.

    Refused when an active token of the organisation has the same label: the form sent
    twice (a double click) would leave a token whose secret was never shown, still
    active."""
    name = name.strip()[:120] or "Jeton d'API"
    # The organisation's row, locked: a second click waits for the first, then finds it.
    list(Organisation.objects.select_for_update().filter(pk=organisation.pk).values_list("pk"))
    refusal = twin_refusal(organisation=organisation, name=name)
    if refusal:
        raise BusinessError(refusal)
    clear = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        organisation=organisation,
        name=name,
        prefix=clear[:DISPLAY_PREFIX_LENGTH],
        token_hash=token_hash(clear),
        service_user=service_user_for(organisation=organisation),
        created_by=by,
    )
    if requests_per_minute is not None:
        token.requests_per_minute = requests_per_minute
    if rows_per_day is not None:
        token.rows_per_day = rows_per_day
    token.save()
    return token, clear


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: User | None) -> ApiToken:
    """Revoke a token for good (idempotent: a revoked token stays revoked as it was)."""
    locked = ApiToken.objects.select_for_update().get(pk=token.pk)
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked.revoked_by = by
        locked.save(update_fields=["revoked_at", "revoked_by"])
    return locked


def api_token_touch(*, token: ApiToken) -> None:
    """Note the last use, at most once a minute (one small UPDATE, no transaction needed)."""
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() >= 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
