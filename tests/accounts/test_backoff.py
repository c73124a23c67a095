"""A growing delay between failed logins for one username from one address (no CAPTCHA),
which slows that address only: the same account from elsewhere is not affected."""

import datetime

import pytest
from axes.models import AccessAttempt
from hypothesis import given
from hypothesis import strategies as st

from prevex.accounts.throttle import backoff_seconds
from tests.accounts.helpers import PASSWORD, page_text

pytestmark = pytest.mark.django_db

LOGIN = "/comptes/connexion/"
HERE = "203.0.113.20"
ELSEWHERE = "198.51.100.30"


@pytest.fixture(autouse=True)
def _backoff(settings):
    settings.PREVEX_LOGIN_BACKOFF_FREE = 2
    settings.PREVEX_LOGIN_BACKOFF_SECONDS = 2
    settings.PREVEX_LOGIN_BACKOFF_MAX_SECONDS = 300
    settings.AXES_FAILURE_LIMIT = 50  # the delay, not the lockout, is under test


def _fail(client, username, ip=HERE):
    return client.post(LOGIN, {"username": username, "password": "mauvais"}, REMOTE_ADDR=ip)


def _wait_out(username, ip=HERE):
    """As if the delay had passed: the last failure moves into the past."""
    attempt = AccessAttempt.objects.get(username=username, ip_address=ip)
    attempt.attempt_time -= datetime.timedelta(seconds=400)
    attempt.save(update_fields=["attempt_time"])


@given(failures=st.integers(min_value=0, max_value=10_000))
def test_the_delay_grows_and_is_capped(failures):
    from django.conf import settings

    delay = backoff_seconds(failures)
    assert 0 <= delay <= settings.PREVEX_LOGIN_BACKOFF_MAX_SECONDS
    assert backoff_seconds(failures + 1) >= delay


def test_failures_then_growing_delays_then_the_right_password(client, agent):
    waits = []
    for failures in range(1, 6):
        _wait_out_if_any(agent.username)
        assert _fail(client, agent.username).status_code == 200  # said as a wrong password
        if failures < 2:
            continue
        # Even the right password is refused at once, before any check, with the delay.
        refused = client.post(
            LOGIN, {"username": agent.username, "password": PASSWORD}, REMOTE_ADDR=HERE
        )
        assert refused.status_code == 429
        assert "patientez" in page_text(refused)
        waits.append(int(refused["Retry-After"]))
    # (a second may pass between the failure and the refusal on a busy machine)
    assert all(e - 1 <= w <= e for w, e in zip(waits, [2, 4, 8, 16], strict=True)), waits
    # The refused tries were not counted as failures; once the delay has passed, the right
    # password works.
    assert AccessAttempt.objects.get(username=agent.username).failures_since_start == 5
    _wait_out(agent.username)
    response = client.post(
        LOGIN, {"username": agent.username, "password": PASSWORD}, REMOTE_ADDR=HERE
    )
    assert response.status_code == 302


def _wait_out_if_any(username):
    if AccessAttempt.objects.filter(username=username).exists():
        _wait_out(username)


def test_the_delay_does_not_reach_the_account_from_another_address(client, agent):
    for _ in range(3):
        _fail(client, agent.username)
    refused = client.post(
        LOGIN, {"username": agent.username, "password": PASSWORD}, REMOTE_ADDR=HERE
    )
    assert refused.status_code == 429
    response = client.post(
        LOGIN, {"username": agent.username, "password": PASSWORD}, REMOTE_ADDR=ELSEWHERE
    )
    assert response.status_code == 302


def test_behind_the_proxy_the_delay_is_keyed_on_the_client(client, agent, settings):
    settings.PREVEX_TRUSTED_PROXIES = ["10.0.0.5"]
    settings.TRUSTED_PROXIES = ["10.0.0.5"]
    via = {"REMOTE_ADDR": "10.0.0.5"}
    for _ in range(3):
        client.post(
            LOGIN,
            {"username": agent.username, "password": "mauvais"},
            HTTP_X_FORWARDED_FOR=HERE,
            **via,
        )
    blocked = client.post(
        LOGIN,
        {"username": agent.username, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR=HERE,
        **via,
    )
    assert blocked.status_code == 429
    other = client.post(
        LOGIN,
        {"username": agent.username, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR=ELSEWHERE,
        **via,
    )
    assert other.status_code == 302
