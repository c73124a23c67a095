"""Writes used by the demo loader and the administrators."""

import pytest
from django.core.exceptions import ValidationError
from django_otp.plugins.otp_totp.models import TOTPDevice

from prevex.accounts.models import OrganisationType, Role
from prevex.accounts.services import (
    membership_grant,
    organisation_create,
    totp_device_confirm,
    totp_device_start,
    user_create,
)
from tests.accounts.helpers import code_for, wrong_code_for
from tests.factories import commune, departement

pytestmark = pytest.mark.django_db


def test_user_create_sets_a_usable_password_and_demo_flag():
    user = user_create(
        username="demo-caf",
        email="demo-caf@exemple.org",
        password="un-mot-de-passe",
        first_name="Alex",
        last_name="Durand",
        is_demo=True,
    )
    assert user.check_password("un-mot-de-passe")
    assert user.is_demo


def test_user_without_password_can_only_use_oidc():
    user = user_create(
        username="agent-proconnect",
        email="agent@ddets.gouv.fr",
        password="",
        first_name="Léa",
        last_name="Roux",
    )
    assert not user.has_usable_password()


def test_user_create_refuses_a_taken_email_or_username_in_french():
    user_create(username="a", email="a@exemple.org", password="x", first_name="", last_name="")
    with pytest.raises(
        ValidationError, match="adresse électronique « A@exemple.org » est déjà utilisée"
    ):
        user_create(username="b", email="A@exemple.org", password="x", first_name="", last_name="")
    with pytest.raises(ValidationError, match="identifiant « A » est déjà utilisé"):
        user_create(username="A", email="c@exemple.org", password="x", first_name="", last_name="")


def test_organisation_create_with_communes_of_its_departement():
    saint_denis = commune()
    organisation = organisation_create(
        type=OrganisationType.CCAS,
        name="CCAS de Saint-Denis",
        slug="ccas-saint-denis",
        departement="93",
        communes=[saint_denis],
    )
    assert organisation.departement_id == "93"
    assert list(organisation.communes.all()) == [saint_denis]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"type": "INCONNU"}, "Type d'organisation inconnu"),
        ({"departement": "99"}, "Département inconnu"),
        ({"communes": ["75056"]}, "n'appartient pas au département"),
        ({"communes": ["00000"]}, "Commune inconnue"),
    ],
)
def test_organisation_create_refuses_bad_input_in_french(kwargs, message):
    departement()
    commune("75056", "Paris", "75001")
    base = {
        "type": OrganisationType.ADIL,
        "name": "ADIL 93",
        "slug": "adil-93",
        "departement": "93",
    }
    with pytest.raises(ValidationError, match=message):
        organisation_create(**{**base, **kwargs})


def test_organisation_slug_is_unique():
    departement()
    organisation_create(type=OrganisationType.ADIL, name="ADIL", slug="adil", departement="93")
    with pytest.raises(ValidationError, match="déjà utilisé"):
        organisation_create(type=OrganisationType.CAF, name="CAF", slug="adil", departement="93")


def test_membership_grant_is_idempotent_and_updates_the_role():
    departement()
    user = user_create(
        username="u", email="u@exemple.org", password="x", first_name="", last_name=""
    )
    org = organisation_create(type=OrganisationType.CAF, name="CAF", slug="caf", departement="93")
    first = membership_grant(user=user, organisation=org, role=Role.AGENT)
    first.is_active = False
    first.save()
    second = membership_grant(user=user, organisation=org, role=Role.RESPONSABLE)
    assert second.pk == first.pk
    assert second.role == Role.RESPONSABLE and second.is_active
    with pytest.raises(ValidationError, match="Rôle inconnu"):
        membership_grant(user=user, organisation=org, role="CHEF")


def test_totp_device_confirmation():
    user = user_create(
        username="t", email="t@exemple.org", password="x", first_name="", last_name=""
    )
    device = totp_device_start(user=user)
    assert totp_device_start(user=user).pk == device.pk
    assert not totp_device_confirm(device=device, token=wrong_code_for(device))
    device.refresh_from_db()
    device.throttle_reset()
    assert totp_device_confirm(device=device, token=code_for(device))
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
