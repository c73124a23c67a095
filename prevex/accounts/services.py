"""Writes about people, organisations, memberships and second factors."""

from base64 import b32encode
from collections.abc import Iterable
from os import urandom

import django_otp
from django.core.exceptions import ValidationError
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from prevex.core.models import Commune, Departement

from .models import Membership, Organisation, OrganisationType, Role, User
from .selectors import confirmed_totp_devices, pending_totp_device

TOTP_DEVICE_NAME = "Application d'authentification"
RECOVERY_DEVICE_NAME = "Codes de secours"
RECOVERY_CODES = 10


@transaction.atomic
def user_create(
    *,
    username: str,
    email: str,
    password: str | None,
    first_name: str,
    last_name: str,
    is_demo: bool = False,
) -> User:
    """Create an account. An empty password makes an account that only OIDC can open."""
    username = username.strip()
    email = User.objects.normalize_email(email.strip())
    if not username:
        raise ValidationError("L'identifiant est obligatoire.")
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(f"L'identifiant « {username} » est déjà utilisé.")
    if email and User.objects.filter(email__iexact=email).exists():
        raise ValidationError(f"L'adresse électronique « {email} » est déjà utilisée.")
    user = User(
        username=username,
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        is_demo=is_demo,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def membership_grant(*, user: User, organisation: Organisation, role: str) -> Membership:
    """Make ``user`` act for ``organisation`` with ``role`` (reactivates a lapsed membership)."""
    if role not in Role.values:
        raise ValidationError(f"Rôle inconnu : « {role} ».")
    membership, _ = Membership.objects.update_or_create(
        user=user, organisation=organisation, defaults={"role": role, "is_active": True}
    )
    return membership


@transaction.atomic
def organisation_create(
    *,
    type: str,  # noqa: A002 — the model field's name
    name: str,
    slug: str,
    departement: Departement | str,
    communes: Iterable[Commune | str] = (),
) -> Organisation:
    if type not in OrganisationType.values:
        raise ValidationError(f"Type d'organisation inconnu : « {type} ».")
    if not name.strip():
        raise ValidationError("Le nom de l'organisation est obligatoire.")
    if Organisation.objects.filter(slug=slug).exists():
        raise ValidationError(f"L'identifiant « {slug} » est déjà utilisé par une organisation.")
    if not isinstance(departement, Departement):
        code = str(departement)
        departement = Departement.objects.filter(code=code).first()
        if departement is None:
            raise ValidationError(f"Département inconnu : « {code} ».")
    commune_objects = []
    for item in communes:
        commune = item if isinstance(item, Commune) else Commune.objects.filter(insee=item).first()
        if commune is None:
            raise ValidationError(f"Commune inconnue : « {item} ».")
        if commune.departement_id != departement.code:
            raise ValidationError(
                f"La commune {commune} n'appartient pas au département {departement}."
            )
        commune_objects.append(commune)
    organisation = Organisation(type=type, name=name.strip(), slug=slug, departement=departement)
    organisation.full_clean(validate_unique=False)
    organisation.save()
    if commune_objects:
        organisation.communes.set(commune_objects)
    return organisation


@transaction.atomic
def totp_device_start(*, user: User) -> TOTPDevice:
    """The unconfirmed TOTP device of ``user``, created on first call (same key until confirmed)."""
    device = pending_totp_device(user=user)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def totp_device_confirm(*, device: TOTPDevice, token: str) -> bool:
    """Confirm a device being set up with a code it produced. Returns whether it matched."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if device.confirmed or not device.verify_token(token):
            return False
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    return True


def totp_device_verify(*, user: User, token: str) -> TOTPDevice | None:
    """The confirmed device of ``user`` that accepts ``token`` (one transaction per device,
    so that throttling counters are kept under concurrent attempts), or None."""
    for device in confirmed_totp_devices(user=user):
        verified = django_otp.verify_token(user, device.persistent_id, token)
        if verified is not None:
            return verified
    return None


def totp_is_throttled(*, user: User) -> bool:
    """True when every confirmed device refuses attempts for now (too many wrong codes)."""
    devices = confirmed_totp_devices(user=user)
    return bool(devices) and all(not device.verify_is_allowed()[0] for device in devices)


def recovery_codes_create(*, user: User) -> list[str]:
    """Ten new single-use recovery codes for ``user`` (the old ones stop working), shown
    once as ``abcde-fghij`` (50 random bits each). Each is used up when accepted."""
    codes = [b32encode(urandom(7)).decode("ascii")[:10].lower() for _ in range(RECOVERY_CODES)]
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
        StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return [f"{c[:5]}-{c[5:]}" for c in codes]


def second_factor_verify(*, user: User, token: str):
    """The device that accepts ``token``: a code of the application (6 digits), or a
    recovery code (used up), or None."""
    if token.isdigit():
        return totp_device_verify(user=user, token=token)
    for device in StaticDevice.objects.filter(user=user, confirmed=True).order_by("id"):
        verified = django_otp.verify_token(user, device.persistent_id, token)
        if verified is not None:
            return verified
    return None
