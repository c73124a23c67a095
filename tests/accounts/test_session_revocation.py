"""Sessions stay on the server: logout, a disabled account and a changed password end
them, even for someone holding a copy of the cookies (the idle clock's cookie included:
docs/decisions/2026-12-01-idle-clock-in-a-signed-cookie.md)."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

HOME = "/"


@pytest.fixture
def logged_and_copied(client, login_as, settings):
    """A logged-in browser, and a second client holding a copy of its cookies."""
    settings.PREVEX_SESSION_TOUCH_SECONDS = 0  # the activity cookie is set on every answer
    membership = MembershipFactory()
    login_as(membership)
    assert client.get(HOME).status_code == 200
    copy = Client()
    copy.cookies.update(client.cookies)
    assert copy.get(HOME).status_code == 200
    return client, copy, membership.user


def test_logout_ends_the_session_for_a_copied_cookie_too(logged_and_copied):
    client, copy, _ = logged_and_copied
    key = client.session.session_key
    client.post("/comptes/deconnexion/")
    assert not Session.objects.filter(session_key=key).exists()
    assert copy.get(HOME).status_code == 302


def test_a_disabled_account_loses_its_session_at_the_next_request(logged_and_copied):
    _, copy, user = logged_and_copied
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert copy.get(HOME).status_code == 302


def test_a_changed_password_ends_the_other_sessions(logged_and_copied):
    _, copy, user = logged_and_copied
    user.set_password("un-nouveau-mot-de-passe-solide")
    user.save(update_fields=["password"])
    assert copy.get(HOME).status_code == 302
