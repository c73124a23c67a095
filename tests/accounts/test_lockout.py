"""django-axes: failed logins (passwords and codes) lock the account out for a while."""

import datetime

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY

from prevex.accounts.flow import PENDING_SESSION_KEY
from prevex.accounts.templatetags.accounts_tags import duree
from tests.accounts.helpers import PASSWORD, device_of, page_text, password_step, wrong_code_for

pytestmark = pytest.mark.django_db

LOGIN = "/comptes/connexion/"
LOCKED = "Connexion temporairement bloquée"


def test_lockout_after_the_failure_limit_then_even_the_right_password_is_refused(client, agent):
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        response = client.post(LOGIN, {"username": agent.username, "password": "mauvais"})
        assert response.status_code == 200
    response = client.post(LOGIN, {"username": agent.username, "password": "mauvais"})
    assert response.status_code in {403, 429}
    assert LOCKED in page_text(response)
    assert f"après {limit} essais erronés" in page_text(response)
    cooloff = duree(datetime.timedelta(hours=settings.AXES_COOLOFF_TIME))
    assert f"pendant {cooloff}" in page_text(response)

    response = client.post(LOGIN, {"username": agent.username, "password": PASSWORD})
    assert response.status_code in {403, 429}
    assert LOCKED in page_text(response)
    assert PENDING_SESSION_KEY not in client.session
    assert SESSION_KEY not in client.session


def test_failures_by_email_and_by_username_count_together(client, agent):
    for i in range(settings.AXES_FAILURE_LIMIT):
        identifier = agent.email if i % 2 else agent.username
        response = client.post(LOGIN, {"username": identifier, "password": "mauvais"})
    assert response.status_code in {403, 429}
    assert LOCKED in page_text(response)


def test_wrong_codes_also_lead_to_the_lockout(client, agent):
    password_step(client, agent)
    device = device_of(agent)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(
            "/comptes/double-authentification/", {"token": wrong_code_for(device)}
        )
    assert response.status_code in {403, 429}
    assert LOCKED in page_text(response)
    assert SESSION_KEY not in client.session


def test_another_account_is_not_locked_by_someone_elses_failures(client, agent, newcomer):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": agent.username, "password": "mauvais"})
    response = password_step(client, newcomer)
    assert response.status_code == 302


def test_duration_in_french_words():
    assert duree(datetime.timedelta(hours=1)) == "1 heure"
    assert duree(datetime.timedelta(minutes=90)) == "1 heure 30 minutes"
    assert duree(datetime.timedelta(days=2, minutes=1)) == "2 jours 1 minute"
    assert duree("pas une durée") == ""
