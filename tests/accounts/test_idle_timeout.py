"""A session left idle for PREVEX_SESSION_IDLE_MINUTES ends; activity keeps it open.

The last activity after login lives in a cookie signed for the session, never in a
session write (docs/decisions/2026-12-01-idle-clock-in-a-signed-cookie.md)."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.http import HttpRequest, HttpResponse

from prevex.accounts.middleware import ACTIVITY_COOKIE, IDLE_KEY
from tests.accounts.helpers import page_text
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

HOME = "/"
NOW = 1_800_000_000  # a fixed clock: the assertions compare exact seconds


@pytest.fixture(autouse=True)
def _clock(monkeypatch):
    monkeypatch.setattr("prevex.accounts.middleware._now", lambda: NOW)


def _set_login_time(client, seconds_ago):
    session = client.session
    session[IDLE_KEY] = NOW - seconds_ago
    session.save()


def _signed(value: str, session_key: str) -> str:
    """A cookie value as prevex signs it for that session (the public cookie API)."""
    response = HttpResponse()
    response.set_signed_cookie(ACTIVITY_COOKIE, value, salt=f"prevex.idle:{session_key}")
    return response.cookies[ACTIVITY_COOKIE].value


def _activity(client) -> int | None:
    """The time in the activity cookie, checked as the middleware checks it."""
    morsel = client.cookies.get(ACTIVITY_COOKIE)
    if morsel is None or not morsel.value:
        return None
    request = HttpRequest()
    request.COOKIES[ACTIVITY_COOKIE] = morsel.value
    salt = f"prevex.idle:{client.session.session_key}"
    return int(request.get_signed_cookie(ACTIVITY_COOKIE, salt=salt))


def _stored(client) -> str:
    return Session.objects.get(session_key=client.session.session_key).session_data


@pytest.fixture
def logged(client, login_as):
    login_as(MembershipFactory())
    assert client.get(HOME).status_code == 200
    return client


@pytest.mark.parametrize("debug", [False, True])
def test_an_idle_session_ends_with_a_french_message(logged, settings, debug):
    settings.DEBUG = debug
    assert settings.PREVEX_SESSION_IDLE_MINUTES == 30
    _set_login_time(logged, 31 * 60)
    response = logged.get(HOME, follow=True)
    assert response.redirect_chain[-1][0].startswith("/comptes/connexion/")
    assert "expiré après 30 minutes sans activité" in page_text(response)
    assert SESSION_KEY not in logged.session


def test_activity_keeps_the_session_open_without_writing_the_session(logged):
    _set_login_time(logged, 29 * 60)
    stored = _stored(logged)
    assert logged.get(HOME).status_code == 200
    # The request counted as activity: the clock starts again, in the signed cookie.
    assert _activity(logged) == NOW
    assert _stored(logged) == stored  # not a session write
    # Later, the cookie keeps the session open although the login was long ago.
    _set_login_time(logged, 45 * 60)
    assert logged.get(HOME).status_code == 200


def test_the_last_activity_is_not_renewed_on_every_request(logged):
    _set_login_time(logged, 10)
    assert logged.get(HOME).status_code == 200
    assert _activity(logged) is None  # within the minute: no new cookie


def test_the_idle_limit_is_a_setting(logged, settings):
    settings.PREVEX_SESSION_IDLE_MINUTES = 5
    _set_login_time(logged, 6 * 60)
    assert logged.get(HOME).status_code == 302


def test_the_idle_clock_starts_at_login(client, login_as):
    login_as(MembershipFactory())
    assert client.session[IDLE_KEY] == NOW


@pytest.mark.parametrize(
    "forged",
    [
        str(NOW),  # not signed
        "other-session",  # signed for another session (replaced below)
    ],
)
def test_a_forged_or_transplanted_activity_cookie_does_not_keep_the_session_open(logged, forged):
    if forged == "other-session":
        forged = _signed(str(NOW), "autre")
    _set_login_time(logged, 31 * 60)
    logged.cookies[ACTIVITY_COOKIE] = forged
    response = logged.get(HOME)
    assert response.status_code == 302
    assert SESSION_KEY not in logged.session


def test_the_activity_cookie_of_a_session_does_not_survive_its_logout(logged, login_as):
    _set_login_time(logged, 29 * 60)
    assert logged.get(HOME).status_code == 200
    old = logged.cookies[ACTIVITY_COOKIE].value
    logged.post("/comptes/deconnexion/")
    assert SESSION_KEY not in logged.session
    login_as(MembershipFactory())  # a new session, logged in 31 minutes ago
    _set_login_time(logged, 31 * 60)
    logged.cookies[ACTIVITY_COOKIE] = old
    assert logged.get(HOME).status_code == 302
