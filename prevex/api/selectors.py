"""Reads about API tokens, always scoped to the acting organisation."""

from django.db.models import F

from prevex.accounts.models import Membership

from .models import ApiToken
from .services import TOKEN_PREFIX, token_hash

MAX_TOKEN_LENGTH = 200


def api_tokens_of(*, membership: Membership) -> list[ApiToken]:
    """Every token of the acting organisation, active first, newest first."""
    return list(
        ApiToken.objects.filter(organisation_id=membership.organisation_id)
        .select_related("created_by", "revoked_by")
        .order_by(F("revoked_at").desc(nulls_first=True), "-created_at", "-id")
    )


def api_token_of(*, membership: Membership, token_id: int) -> ApiToken | None:
    return ApiToken.objects.filter(organisation_id=membership.organisation_id, pk=token_id).first()


def api_token_authenticate(*, clear: str) -> ApiToken | None:
    """The active token whose hash matches, of an active organisation; else None."""
    clear = (clear or "").strip()
    if not clear.startswith(TOKEN_PREFIX) or len(clear) > MAX_TOKEN_LENGTH:
        return None
    return (
        ApiToken.objects.filter(
            token_hash=token_hash(clear),
            revoked_at__isnull=True,
            organisation__is_active=True,
        )
        .select_related("organisation", "service_user")
        .first()
    )
