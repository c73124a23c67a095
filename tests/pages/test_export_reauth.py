"""Nominative exports (the dashboard CSV; the data-subject export in tests/lifecycle) ask for the password (and the TOTP code) again, valid a few minutes."""

import time

import pytest
from axes.models import AccessAttempt

from prevex.accounts.forms import TOKEN_WRONG
from prevex.accounts.reauth import REAUTH_KEY
from tests.accounts.helpers import PASSWORD, code_for, device_of, page_text, wrong_code_for
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

CONFIRM = "/comptes/confirmation/"


@pytest.fixture
def member(client, login_as):
    membership = MembershipFactory()
    user = membership.user
    user.set_password(PASSWORD)
    user.save()
    login_as(membership, reauthenticated=False)
    return membership


def _export_url(client):
    from django.urls import reverse

    return reverse("households:export")


def test_the_export_asks_for_a_confirmation_then_comes_back(client, member):
    url = _export_url(client)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(CONFIRM)
    page = client.get(response["Location"])
    assert "Confirmer votre identité" in page_text(page)
    device = device_of(member.user)
    response = client.post(
        response["Location"],
        {"password": PASSWORD, "token": code_for(device), "next": url},
    )
    assert response.status_code == 302 and response["Location"] == url
    export = client.get(url)
    assert export.status_code == 200
    assert export["Content-Type"].startswith("text/csv")


@pytest.mark.parametrize("wrong", ["password", "token"])
def test_a_wrong_password_or_code_gives_nothing_and_counts_as_a_failure(client, member, wrong):
    url = _export_url(client)
    device = device_of(member.user)
    data = {"password": PASSWORD, "token": code_for(device), "next": url}
    data[wrong] = "mauvais" if wrong == "password" else wrong_code_for(device)
    response = client.post(CONFIRM, data)
    assert response.status_code == 200
    expected = "Mot de passe incorrect." if wrong == "password" else TOKEN_WRONG
    assert expected in page_text(response)
    assert REAUTH_KEY not in client.session
    assert client.get(url).status_code == 302
    assert AccessAttempt.objects.get(username=member.user.username).failures_since_start == 1


def test_the_confirmation_expires(client, member, settings):
    url = _export_url(client)
    session = client.session
    session[REAUTH_KEY] = int(time.time()) - (settings.PREVEX_REAUTH_MINUTES * 60 + 5)
    session.save()
    assert client.get(url).status_code == 302
    session = client.session
    session[REAUTH_KEY] = int(time.time()) - 60
    session.save()
    assert client.get(url).status_code == 200


def test_the_next_address_stays_on_the_site(client, member):
    device = device_of(member.user)
    response = client.post(
        CONFIRM,
        {"password": PASSWORD, "token": code_for(device), "next": "https://ailleurs.example/"},
    )
    assert response.status_code == 302
    assert not response["Location"].startswith("http")


def test_the_quarantine_export_asks_too(client, member):
    from django.urls import reverse

    response = client.get(reverse("intake:quarantine_export"))
    assert response.status_code == 302
    assert response["Location"].startswith(CONFIRM)
