"""Reads about people and organisations."""

from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Membership, User


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


def login_username(*, identifier: str) -> str:
    """The username to authenticate with, from what the person typed.

    An e-mail address shared by exactly one active account stands for that account's
    username; anything else is tried as a username as typed.
    """
    identifier = identifier.strip()
    if "@" in identifier:
        matches = list(
            User.objects.filter(email__iexact=identifier, is_active=True)
            .order_by("id")
            .values_list("username", flat=True)[:2]
        )
        if len(matches) == 1:
            return matches[0]
    return identifier


def active_user(*, user_id) -> User | None:
    try:
        return User.objects.filter(pk=int(user_id), is_active=True).first()
    except (TypeError, ValueError):
        return None


def users_matching_email(*, email: str):
    """Active, non-demo accounts whose e-mail is ``email`` (OIDC matching)."""
    email = email.strip()
    if not email:
        return User.objects.none()
    return User.objects.filter(email__iexact=email, is_active=True, is_demo=False).order_by("id")


def confirmed_totp_devices(*, user) -> list[TOTPDevice]:
    return list(TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id"))


def has_confirmed_totp(*, user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_totp_device(*, user) -> TOTPDevice | None:
    """The device being set up (not yet confirmed), if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
