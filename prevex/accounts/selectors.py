"""Reads about people and organisations."""

from .models import Membership


def memberships_of(*, user) -> list[Membership]:
    return list(
        Membership.objects.filter(user=user, is_active=True, organisation__is_active=True)
        .select_related("organisation", "organisation__departement")
        .order_by("organisation__name", "id")
    )


def acting_membership(*, user, membership_id: int | None) -> Membership | None:
    """The membership chosen in the session, or the only one the user has."""
    qs = Membership.objects.filter(
        user=user, is_active=True, organisation__is_active=True
    ).select_related("organisation", "organisation__departement", "user")
    if membership_id is not None:
        chosen = qs.filter(pk=membership_id).first()
        if chosen is not None:
            return chosen
    first_two = list(qs.order_by("id")[:2])
    return first_two[0] if len(first_two) == 1 else None
