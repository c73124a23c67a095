"""Nasty input through the notifications API, against the rule « bad input gets a clear French
message: nothing lost, no partial write, no 500 » and docs/api.md (« If any field is
invalid, nothing is stored and the answer is 422 »): a row about another département,
malformed or hostile JSON bodies (NaN, Infinity, huge numbers, NUL, lone surrogates, wrong
shapes), and one reference used for two acts in one call. Part of the independent probe of
2026-12-04 (written apart from test_adversarial_files.py;
docs/decisions/2026-12-04-nasty-files.md)."""

from __future__ import annotations

import pytest

from tests.intake.nasty_helpers import FRENCH

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------------------- API


@pytest.fixture
def api(client, bailiff):
    from prevex.api.services import api_token_create
    from tests.api.conftest import ApiClient

    _, clear = api_token_create(organisation=bailiff.organisation, name="probe", by=None)
    return ApiClient(client, clear)


def _api_counts():
    from tests.api.conftest import data_counts

    return data_counts()


def test_api_row_about_another_departement_is_422_and_writes_nothing(api, bailiff):
    """Found by the probe: 201, a batch and a QUARANTAINE row written. docs/api.md: « If any field is invalid, nothing is stored and the answer is 422 »."""
    from tests.api.conftest import notification

    before = _api_counts()
    response = api.post(
        notification(code_postal="75001", commune="Paris", adresse="1 rue de Rivoli")
    )
    assert response.status_code == 422, (response.status_code, response.json())
    assert _api_counts() == before


@pytest.mark.parametrize(
    "body",
    [
        '{"type_acte": "CDP", "date_acte": "2025-03-14", "locataire_nom": "Benali", '
        '"locataire_prenom": "Samia", "adresse": "12 rue de la R\\u00e9publique", '
        '"code_postal": "93200", "montant_dette": NaN}',
        '{"type_acte": "CDP", "date_acte": "2025-03-14", "locataire_nom": "Benali", '
        '"locataire_prenom": "Samia", "adresse": "12 rue de la R\\u00e9publique", '
        '"code_postal": "93200", "montant_dette": Infinity}',
        '{"type_acte": "CDP", "date_acte": "2025-03-14", "locataire_nom": "Benali", '
        '"locataire_prenom": "Samia", "adresse": "12 rue de la R\\u00e9publique", '
        '"code_postal": "93200", "montant_dette": 1' + "0" * 500 + "}",
        '{"type_acte": "CDP", "date_acte": "2025-03-14", "locataire_nom": "Ben\\u0000ali", '
        '"locataire_prenom": "Samia", "adresse": "12 rue de la R\\u00e9publique", '
        '"code_postal": "93200", "montant_dette": 1e-7}',
        '{"type_acte": "CDP", "date_acte": "2025-03-14", "locataire_nom": "\\ud800", '
        '"locataire_prenom": "Samia", "adresse": "12 rue", "code_postal": "93200"}',
        '{"notifications": [' + ",".join(['{"type_acte": "CDP"}'] * 3) + "]}",
        '"just a string"',
        "[1, 2, 3]",
        '{"notifications": []}',
        '{"type_acte": ["CDP"], "date_acte": {"a": 1}}',
    ],
    ids=[
        "nan",
        "inf",
        "huge-int",
        "nul-and-tiny",
        "lone-surrogate",
        "incomplete-batch",
        "string",
        "list",
        "empty-batch",
        "wrong-types",
    ],
)
def test_api_nasty_json_bodies(api, body):
    before = _api_counts()
    response = api.client.post(
        "/api/v1/notifications", body, content_type="application/json", headers=api.headers
    )
    assert response.status_code < 500, response.status_code
    if response.status_code >= 400:
        assert _api_counts() == before
        assert FRENCH.search(response.content.decode("utf-8"))


def test_api_same_reference_for_two_acts_in_one_call(api):
    from tests.api.conftest import notification

    before = _api_counts()
    response = api.post(
        {
            "notifications": [
                notification(reference_acte="R1"),
                notification(reference_acte="R1", type_acte="CQL", date_acte="2025-05-02"),
            ]
        }
    )
    assert response.status_code < 500
    if response.status_code == 422:
        assert _api_counts() == before
    else:
        statuts = [n["statut"] for n in response.json()["notifications"]]
        assert "QUARANTAINE" in statuts, statuts
