"""Tokens: bearer authentication, revocation, hash-only storage."""

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import models

from prevex.api.models import ApiToken
from prevex.api.services import api_token_create, api_token_revoke, token_hash
from tests.api.conftest import ApiClient, data_counts, notification

pytestmark = pytest.mark.django_db

UNAUTHORIZED = "Authentification requise"


@pytest.mark.parametrize(
    "header",
    [None, "Bearer", "Bearer pvx_inconnu", "Token {clear}", "Basic {clear}", "Bearer x" * 300],
)
def test_missing_unknown_or_malformed_tokens_get_401_in_french(client, token_pair, header):
    _, clear = token_pair
    headers = {"Authorization": header.format(clear=clear)} if header else {}
    before = data_counts()
    response = client.post(
        "/api/v1/notifications", notification(), content_type="application/json", headers=headers
    )
    assert response.status_code == 401
    assert response.json()["detail"].startswith(UNAUTHORIZED)
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert data_counts() == before


def test_revoked_token_gets_401_on_both_operations(client, api, token_pair):
    token, _ = token_pair
    row_id = api.post(notification()).json()["notifications"][0]["id"]
    api_token_revoke(token=token, by=None)
    assert api.get(row_id).status_code == 401
    response = api.post(notification(reference_acte="autre"))
    assert response.status_code == 401
    assert response.json()["detail"].startswith(UNAUTHORIZED)


def test_token_of_an_inactive_organisation_is_refused(api, bailiff):
    bailiff.is_active = False
    bailiff.save()
    assert api.post(notification()).status_code == 401


def test_only_a_hash_and_a_short_prefix_are_stored(bailiff):
    token, clear = api_token_create(organisation=bailiff, name="Test", by=None)
    token.refresh_from_db()
    assert token.token_hash == token_hash(clear) != clear
    assert clear.startswith(token.prefix) and len(token.prefix) == 12 < len(clear)
    assert_nowhere_in_database(clear)


def test_the_ui_shows_the_token_once_and_stores_only_its_hash(client, login_as, admin_membership):
    login_as(admin_membership)
    response = client.post("/api-jetons/", {"name": "Logiciel de gestion"})
    assert response.status_code == 200
    token = ApiToken.objects.get(organisation=admin_membership.organisation)
    html = response.content.decode()
    clear = html.split('id="clear-token"')[1].split('value="')[1].split('"')[0]
    assert clear.startswith(token.prefix) and token.token_hash == token_hash(clear)
    assert "no-store" in response["Cache-Control"]
    assert_nowhere_in_database(clear)
    listing = client.get("/api-jetons/").content.decode()
    assert token.prefix in listing and clear not in listing
    assert ApiClient(client, clear).post(notification()).status_code == 201


def assert_nowhere_in_database(clear: str) -> None:
    """The clear token in no text column of any table, nor in any session."""
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField):
                hits = model._base_manager.filter(**{f"{field.attname}__contains": clear[4:]})
                assert not hits.exists(), f"{model._meta.label}.{field.attname}"
            if isinstance(field, models.JSONField):
                for value in model._base_manager.values_list(field.attname, flat=True):
                    assert clear[4:] not in str(value), f"{model._meta.label}.{field.attname}"
    for session in Session.objects.all():
        assert clear[4:] not in str(session.get_decoded())
