import time

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import MembershipFactory, UserFactory

PASSWORD = "motdepasse-solide"


@pytest.fixture(autouse=True)
def _accounts_urlconf(settings):
    """Never depend on the other apps' views (see tests/accounts/urls.py)."""
    settings.ROOT_URLCONF = "tests.accounts.urls"


def code_for(device: TOTPDevice, *, offset: int = 0) -> str:
    """The code the person's application shows now (``offset`` steps away)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset * device.step
    return f"{totp.token():0{device.digits}d}"


def wrong_code_for(device: TOTPDevice) -> str:
    """A well-formed code that no accepted time step of ``device`` produces."""
    accepted = {code_for(device, offset=o) for o in range(-2, 3)}
    candidate = 0
    while f"{candidate:06d}" in accepted:
        candidate += 1
    return f"{candidate:06d}"


@pytest.fixture
def agent(db):
    """An agent of one organisation, with a confirmed authenticator application."""
    membership = MembershipFactory(organisation__name="Service social départemental")
    user = membership.user
    TOTPDevice.objects.create(user=user, name="Téléphone", confirmed=True)
    return user


def device_of(user) -> TOTPDevice:
    return TOTPDevice.objects.get(user=user, confirmed=True)


@pytest.fixture
def newcomer(db):
    """An agent who has never set up a second factor."""
    return MembershipFactory(organisation__name="CCAS de Saint-Denis").user


@pytest.fixture
def demo_user(db):
    user = UserFactory(username="demo-ccapex", is_demo=True)
    MembershipFactory(user=user, organisation__name="DDETS démonstration")
    return user


def password_step(client, user, *, identifier=None, next_url=None):
    data = {"username": identifier or user.username, "password": PASSWORD}
    if next_url is not None:
        data["next"] = next_url
    return client.post("/comptes/connexion/", data)


def full_login(client, user, *, next_url=None):
    password_step(client, user, next_url=next_url)
    return client.post("/comptes/double-authentification/", {"token": code_for(device_of(user))})
