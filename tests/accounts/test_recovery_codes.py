"""Recovery codes: ten single-use codes shown once at enrolment, each accepted once in
place of the application's code (login and re-authentication)."""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import given, settings
from hypothesis import strategies as st

from prevex.accounts import services
from prevex.accounts.forms import TOKEN_FORMAT, TOKEN_WRONG, TokenForm
from tests.accounts.helpers import code_for, page_text, password_step

pytestmark = pytest.mark.django_db

SETUP = "/comptes/double-authentification/configuration/"
VERIFY = "/comptes/double-authentification/"
CODE = re.compile(r"<code>([a-z2-7]{5}-[a-z2-7]{5})</code>")


def _enrol(client, user) -> list[str]:
    password_step(client, user)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    page = client.post(SETUP, {"token": code_for(device)})
    assert page.status_code == 200
    assert "Vos codes de secours" in page_text(page)
    codes = CODE.findall(page.content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    assert int(client.session[SESSION_KEY]) == user.pk  # logged in already
    return codes


def test_enrolment_shows_ten_codes_once(client, newcomer):
    codes = _enrol(client, newcomer)
    assert StaticToken.objects.filter(device__user=newcomer).count() == 10
    # Never shown again: the setup page now sends to the code page.
    assert "Vos codes de secours" not in page_text(client.get("/", follow=True))
    assert codes[0] not in page_text(client.get(SETUP, follow=True))


def test_a_recovery_code_logs_in_once(client, newcomer):
    codes = _enrol(client, newcomer)
    client.logout()
    password_step(client, newcomer)
    response = client.post(VERIFY, {"token": codes[3].upper()})
    assert response.status_code == 302
    assert int(client.session[SESSION_KEY]) == newcomer.pk
    assert StaticToken.objects.filter(device__user=newcomer).count() == 9
    client.logout()
    password_step(client, newcomer)
    response = client.post(VERIFY, {"token": codes[3]})
    assert TOKEN_WRONG in page_text(response)
    assert SESSION_KEY not in client.session


def test_new_codes_replace_the_old_ones(newcomer):
    old = services.recovery_codes_create(user=newcomer)
    new = services.recovery_codes_create(user=newcomer)
    assert services.second_factor_verify(user=newcomer, token=new[0].replace("-", "")) is not None
    # (a wrong code slows the next tries down: django-otp's throttling, checked last)
    assert services.second_factor_verify(user=newcomer, token=old[0].replace("-", "")) is None


@settings(max_examples=60, deadline=None)
@given(st.text(st.characters(blacklist_characters="\x00"), max_size=12))
def test_the_code_field_takes_six_digits_or_a_recovery_code_nothing_else(text):
    form = TokenForm(data={"token": text})
    cleaned = re.sub(r"[\s-]", "", text).lower()
    ok = bool(re.fullmatch(r"\d{6}|[a-z2-7]{10}", cleaned))
    assert form.is_valid() is ok
    if not ok and text.strip():
        assert TOKEN_FORMAT in form.errors["token"]
