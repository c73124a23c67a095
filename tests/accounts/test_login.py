"""Password then TOTP: the two-step login, the forced setup and the demo exception."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from prevex.accounts.flow import PENDING_SESSION_KEY
from prevex.accounts.forms import DEMO_REFUSED, INVALID_CREDENTIALS, TOKEN_FORMAT, TOKEN_WRONG
from tests.accounts.helpers import (
    code_for,
    device_of,
    full_login,
    page_text,
    password_step,
    wrong_code_for,
)

pytestmark = pytest.mark.django_db

LOGIN = "/comptes/connexion/"
VERIFY = "/comptes/double-authentification/"
SETUP = "/comptes/double-authentification/configuration/"


def test_login_page_is_french_and_has_no_proconnect_button_when_oidc_is_off(client):
    response = client.get(LOGIN)
    assert response.status_code == 200
    content = page_text(response)
    assert "Identifiant ou adresse électronique" in content
    assert "Mot de passe" in content
    assert "ProConnect" not in content


def test_password_step_leaves_the_person_anonymous_until_the_code(client, agent):
    response = password_step(client, agent)
    assert response.status_code == 302
    assert response["Location"] == VERIFY
    assert SESSION_KEY not in client.session
    assert client.session[PENDING_SESSION_KEY]["user_id"] == agent.pk
    # Half-logged-in: a protected page sends back to the code, not to the page.
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == VERIFY


def test_full_login_with_a_code_computed_from_the_device_key(client, agent):
    password_step(client, agent)
    response = client.post(VERIFY, {"token": code_for(device_of(agent))})
    assert response.status_code == 302
    assert response["Location"] == "/"
    session = client.session
    assert int(session[SESSION_KEY]) == agent.pk
    assert PENDING_SESSION_KEY not in session
    membership = agent.memberships.get()
    assert session["membership_id"] == membership.pk  # only one: no choice page
    page = client.get("/")
    assert page.status_code == 200
    assert "Service social départemental" in page_text(page)


def test_login_with_the_email_address_instead_of_the_username(client, agent):
    response = password_step(client, agent, identifier=agent.email.upper())
    assert response.status_code == 302
    assert response["Location"] == VERIFY


def test_wrong_password_is_refused_in_french(client, agent):
    response = client.post(LOGIN, {"username": agent.username, "password": "pas-le-bon"})
    assert response.status_code == 200
    assert INVALID_CREDENTIALS in page_text(response)
    assert PENDING_SESSION_KEY not in client.session


def test_empty_fields_get_french_messages(client):
    response = client.post(LOGIN, {"username": "", "password": ""})
    content = page_text(response)
    assert "Saisissez votre identifiant ou votre adresse électronique." in content
    assert "Saisissez votre mot de passe." in content
    assert "fr-input-group--error" in content


def test_wrong_code_is_refused_in_french_and_does_not_log_in(client, agent):
    password_step(client, agent)
    response = client.post(VERIFY, {"token": wrong_code_for(device_of(agent))})
    assert response.status_code == 200
    assert TOKEN_WRONG in page_text(response)
    assert SESSION_KEY not in client.session
    assert client.get("/")["Location"] == VERIFY


def test_malformed_code_gets_a_french_format_message(client, agent):
    password_step(client, agent)
    response = client.post(VERIFY, {"token": "12ab56"})
    assert TOKEN_FORMAT in page_text(response)
    assert SESSION_KEY not in client.session


@override_settings(OTP_TOTP_THROTTLE_FACTOR=1000)
def test_after_a_wrong_code_even_the_right_one_waits(client, agent):
    password_step(client, agent)
    device = device_of(agent)
    client.post(VERIFY, {"token": wrong_code_for(device)})
    response = client.post(VERIFY, {"token": code_for(device)})
    assert "Trop de codes erronés" in page_text(response)
    assert SESSION_KEY not in client.session


def test_a_code_is_not_accepted_twice(client, agent):
    code = code_for(device_of(agent))
    password_step(client, agent)
    client.post(VERIFY, {"token": code})
    assert SESSION_KEY in client.session
    client.logout()
    password_step(client, agent)
    response = client.post(VERIFY, {"token": code})
    assert SESSION_KEY not in client.session
    assert response.status_code == 200


def test_code_page_without_password_step_sends_to_login_with_a_message(client):
    response = client.get(VERIFY, follow=True)
    assert response.redirect_chain[-1][0] == LOGIN
    assert "saisissez à nouveau vos identifiants" in page_text(response)


def test_user_without_device_is_forced_to_set_one_up(client, newcomer):
    response = password_step(client, newcomer)
    assert response["Location"] == SETUP
    assert client.get("/")["Location"] == SETUP
    assert client.get(VERIFY)["Location"] == SETUP

    page = client.get(SETUP)
    assert page.status_code == 200
    content = page_text(page)
    device = TOTPDevice.objects.get(user=newcomer, confirmed=False)
    assert "<svg" in content and "<?xml" not in content
    assert page.context["secret"].replace(" ", "") in device.config_url
    assert "http" not in content.split("<svg", 1)[1].split("</svg>", 1)[0].replace(
        "http://www.w3.org/2000/svg", ""
    )
    # Reloading keeps the same secret (the application was set up with it).
    assert client.get(SETUP).context["secret"] == page.context["secret"]

    response = client.post(SETUP, {"token": code_for(device)})
    # The recovery codes are shown once, then the way on (tests/accounts/test_recovery_codes.py).
    assert response.status_code == 200
    assert response.context["continue_url"] == "/"
    device.refresh_from_db()
    assert device.confirmed
    assert int(client.session[SESSION_KEY]) == newcomer.pk
    assert client.get("/").status_code == 200


def test_setup_with_a_wrong_code_confirms_nothing(client, newcomer):
    password_step(client, newcomer)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=newcomer)
    response = client.post(SETUP, {"token": wrong_code_for(device)})
    assert TOKEN_WRONG in page_text(response)
    device.refresh_from_db()
    assert not device.confirmed
    assert SESSION_KEY not in client.session


def test_setup_is_closed_once_a_device_is_confirmed(client, agent):
    """A password alone must never enrol a new authenticator."""
    password_step(client, agent)
    response = client.get(SETUP)
    assert response["Location"] == VERIFY
    response = client.post(SETUP, {"token": "123456"})
    assert response["Location"] == VERIFY
    assert TOTPDevice.objects.filter(user=agent).count() == 1


def test_next_page_is_kept_through_both_steps(client, agent):
    response = client.get("/classe/")
    assert response["Location"] == f"{LOGIN}?next=/classe/"
    response = full_login(client, agent, next_url="/classe/")
    assert response["Location"] == "/classe/"


def test_next_page_on_another_site_is_ignored(client, agent):
    response = full_login(client, agent, next_url="https://exemple.invalid/piege")
    assert response["Location"] == "/"


@override_settings(DEMO_MODE=True)
def test_demo_account_logs_in_without_second_factor_in_demo_mode(client, demo_user):
    response = password_step(client, demo_user)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert int(client.session[SESSION_KEY]) == demo_user.pk
    assert client.get("/").status_code == 200


@override_settings(DEMO_MODE=False)
def test_demo_account_cannot_log_in_outside_demo_mode(client, demo_user):
    response = password_step(client, demo_user)
    assert response.status_code == 200
    assert DEMO_REFUSED in page_text(response)
    assert SESSION_KEY not in client.session
    assert PENDING_SESSION_KEY not in client.session


def test_demo_session_ends_when_demo_mode_is_switched_off(client, demo_user, settings):
    settings.DEMO_MODE = True
    password_step(client, demo_user)
    assert client.get("/").status_code == 200
    settings.DEMO_MODE = False
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    client.get(LOGIN)
    assert SESSION_KEY not in client.session


def test_login_page_of_a_verified_person_goes_on(client, agent):
    full_login(client, agent)
    response = client.get(LOGIN)
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_logout_needs_post_and_ends_the_session(client, agent):
    full_login(client, agent)
    assert client.get("/comptes/deconnexion/").status_code == 405
    response = client.post("/comptes/deconnexion/")
    assert response["Location"] == LOGIN
    assert SESSION_KEY not in client.session
    assert client.get("/")["Location"].startswith(LOGIN)
