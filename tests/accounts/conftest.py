import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import MembershipFactory, UserFactory


@pytest.fixture(autouse=True)
def _accounts_urlconf(settings):
    """Never depend on the other apps' views (see tests/accounts/urls.py)."""
    settings.ROOT_URLCONF = "tests.accounts.urls"


@pytest.fixture
def agent(db):
    """An agent of one organisation, with a confirmed authenticator application."""
    membership = MembershipFactory(organisation__name="Service social départemental")
    user = membership.user
    TOTPDevice.objects.create(user=user, name="Téléphone", confirmed=True)
    return user


@pytest.fixture
def newcomer(db):
    """An agent who has never set up a second factor."""
    return MembershipFactory(organisation__name="CCAS de Saint-Denis").user


@pytest.fixture
def demo_user(db):
    user = UserFactory(username="demo-ccapex", is_demo=True)
    MembershipFactory(user=user, organisation__name="DDETS démonstration")
    return user
