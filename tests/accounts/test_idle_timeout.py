"""A session left idle for PREVEX_SESSION_IDLE_MINUTES ends; activity keeps it open."""

import pytest
from django.contrib.auth import SESSION_KEY

from prevex.accounts.middleware import IDLE_KEY
from tests.accounts.helpers import page_text
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

HOME = "/"
NOW = 1_800_000_000  # a fixed clock: the assertions compare exact seconds


@pytest.fixture(autouse=True)
def _clock(monkeypatch):
    monkeypatch.setattr("prevex.accounts.middleware._now", lambda: NOW)


def _set_last_activity(client, seconds_ago):
    session = client.session
    session[IDLE_KEY] = NOW - seconds_ago
    session.save()


@pytest.fixture
def logged(client, login_as):
    login_as(MembershipFactory())
    assert client.get(HOME).status_code == 200
    return client


@pytest.mark.parametrize("debug", [False, True])
def test_an_idle_session_ends_with_a_french_message(logged, settings, debug):
    settings.DEBUG = debug
    assert settings.PREVEX_SESSION_IDLE_MINUTES == 30
    _set_last_activity(logged, 31 * 60)
    response = logged.get(HOME, follow=True)
    assert response.redirect_chain[-1][0].startswith("/comptes/connexion/")
    assert "expiré après 30 minutes sans activité" in page_text(response)
    assert SESSION_KEY not in logged.session


def test_activity_keeps_the_session_open(logged):
    _set_last_activity(logged, 29 * 60)
    assert logged.get(HOME).status_code == 200
    # The request counted as activity: the clock starts again.
    assert logged.session[IDLE_KEY] == NOW


def test_the_last_activity_is_not_rewritten_on_every_request(logged, settings):
    _set_last_activity(logged, 10)
    before = logged.session[IDLE_KEY]
    assert logged.get(HOME).status_code == 200
    assert logged.session[IDLE_KEY] == before  # no session write within the minute


def test_the_idle_limit_is_a_setting(logged, settings):
    settings.PREVEX_SESSION_IDLE_MINUTES = 5
    _set_last_activity(logged, 6 * 60)
    assert logged.get(HOME).status_code == 302


def test_the_idle_clock_starts_at_login(client, login_as):
    login_as(MembershipFactory())
    assert client.session[IDLE_KEY] == NOW
