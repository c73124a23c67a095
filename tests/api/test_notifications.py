"""POST and GET /api/v1/notifications with the real import pipeline (validation,
matching, storage)."""

import pytest

from prevex.audit.models import AccessAction, AccessLog
from prevex.intake.models import ImportRow
from tests.api.conftest import data_counts, notification

pytestmark = pytest.mark.django_db


def test_single_notification_is_imported_and_readable(api, bailiff, token_pair):
    response = api.post(notification())
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["resume"]["importes"] == 1
    [result] = body["notifications"]
    assert result["index"] == 0
    assert result["statut"] == "IMPORTE"
    assert result["erreurs"] == []
    row = ImportRow.objects.get(pk=result["id"])
    assert row.source_id == bailiff.pk
    assert row.batch.channel == "API"
    assert result["menage"] == row.household_id is not None
    assert result["procedure"] == row.procedure_id is not None
    assert result["acte"] == row.event_id is not None
    assert response["Location"].endswith(f"/api/v1/notifications/{result['id']}")

    read = api.get(result["id"])
    assert read.status_code == 200
    assert read.json() == {k: v for k, v in result.items() if k != "index"}


def test_batch_is_imported_in_order_and_a_resend_changes_nothing(api):
    rows = [
        notification(),
        notification(
            reference_acte="SIG-77",
            type_acte="SIGNALEMENT",
            locataire_nom="Moreau",
            locataire_prenom="Jean",
            locataire_date_naissance="",
            adresse="3 avenue Jean Jaurès",
            montant_dette=1200.5,
        ),
    ]
    first = api.post({"notifications": rows})
    assert first.status_code == 201, first.content
    results = first.json()["notifications"]
    assert [r["index"] for r in results] == [0, 1]
    assert [r["statut"] for r in results] == ["IMPORTE", "IMPORTE"]
    assert results[0]["menage"] != results[1]["menage"]
    assert first.json()["resume"]["importes"] == 2

    before = data_counts()
    again = api.post({"notifications": rows})
    assert again.status_code == 200, again.content
    assert [r["statut"] for r in again.json()["notifications"]] == ["DOUBLON", "DOUBLON"]
    after = data_counts()
    # Only the record of the second reception (its batch) is new: no household, act, row.
    assert after["households.Household"] == before["households.Household"]
    assert after["procedures.Event"] == before["procedures.Event"]


def test_numbers_and_french_text_are_both_accepted(api):
    response = api.post(
        notification(montant_dette=2340.5, loyer_mensuel="650", charges_mensuelles=80)
    )
    assert response.status_code == 201, response.content
    row = ImportRow.objects.get(pk=response.json()["notifications"][0]["id"])
    assert row.normalised["montant_dette"] in {"2340.5", "2340.50"}


def test_invalid_field_gives_french_422_per_field_and_stores_nothing(api):
    before = data_counts()
    response = api.post(
        {
            "notifications": [
                notification(),
                notification(reference_acte="X2", date_acte="31/02/2025", montant_dette="-5"),
                notification(reference_acte="X3", type_acte="SAISIE"),
            ]
        }
    )
    assert response.status_code == 422
    detail = response.json()["detail"]
    by_place = {(e["index"], e["champ"]): e for e in detail}
    assert set(by_place) >= {(1, "date_acte"), (1, "montant_dette"), (2, "type_acte")}
    assert by_place[(1, "date_acte")]["valeur"] == "31/02/2025"
    assert by_place[(2, "type_acte")]["valeur"] == "SAISIE"
    assert all(e["index"] != 0 for e in detail)
    for error in detail:
        assert error["message"] and "invalid" not in error["message"].lower()
    assert "date" in by_place[(1, "date_acte")]["message"].lower()
    assert data_counts() == before  # not even the valid first row


def test_a_field_longer_than_a_file_cell_may_be_is_refused_and_nothing_stored(api, settings):
    settings.PREVEX_IMPORT_MAX_CELL_CHARS = 300
    before = data_counts()
    response = api.post(
        {
            "notifications": [
                notification(observations="x" * 300),
                notification(observations="y" * 301),
            ]
        }
    )
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert [(e["index"], e["champ"]) for e in detail] == [(1, "observations")]
    assert detail[0]["message"] == "Plus de 300 caractères : raccourcissez ce champ."
    assert data_counts() == before


def test_missing_required_and_unknown_fields_are_refused_in_french(api):
    body = notification(locataire_nom=...)
    body["date_act"] = "2025-03-14"
    before = data_counts()
    response = api.post(body)
    assert response.status_code == 422
    detail = {e["champ"]: e for e in response.json()["detail"]}
    assert detail["locataire_nom"]["message"] == "Ce champ est obligatoire."
    assert detail["locataire_nom"]["index"] == 0
    assert detail["date_act"]["message"].startswith("Champ inconnu")
    assert detail["date_act"]["valeur"] == "2025-03-14"
    assert data_counts() == before


def test_wrong_json_types_are_refused_per_field(api):
    response = api.post(notification(date_acte=20250314, montant_dette=True, motif=["X"]))
    assert response.status_code == 422
    detail = {e["champ"]: e["message"] for e in response.json()["detail"]}
    assert detail["date_acte"] == "Valeur attendue sous forme de texte."
    assert detail["montant_dette"].startswith("Montant attendu")
    assert "motif" in detail


def test_batch_over_1000_is_refused_as_a_whole(api):
    before = data_counts()
    response = api.post({"notifications": [notification()] * 1001})
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["champ"] == "notifications"
    assert error["index"] is None
    assert "1\u202f000" in error["message"] and "1\u202f001" in error["message"]
    assert data_counts() == before


def test_empty_batch_and_non_object_bodies_are_refused_in_french(api):
    empty = api.post({"notifications": []})
    assert empty.status_code == 422
    assert "vide" in empty.json()["detail"][0]["message"]
    listed = api.post([notification()])
    assert listed.status_code == 422
    assert "objet JSON" in listed.json()["detail"][0]["message"]
    not_json = api.post("{pas du json")
    assert not_json.status_code == 400
    assert "JSON valide" in not_json.json()["detail"]
    nothing = api.post("")
    assert nothing.status_code == 422
    assert "vide" in nothing.json()["detail"][0]["message"]


def test_an_organisation_cannot_read_another_ones_results(api, other_api):
    row_id = api.post(notification()).json()["notifications"][0]["id"]
    foreign = other_api.get(row_id)
    missing = other_api.get(row_id + 1000)
    assert foreign.status_code == 404
    # Exactly the answer for an id that does not exist: no hint that it does.
    assert foreign.json() == missing.json() == {"detail": "Notification introuvable."}
    assert api.get(row_id).status_code == 200


def test_out_of_range_ids_are_not_found(api):
    for bad in ("0", "99999999999999999999999", "-3", "abc", "1.5"):
        response = api.get(bad)
        assert response.status_code == 404, bad
        assert response.json() == {"detail": "Notification introuvable."}


def test_each_read_writes_one_api_row_in_the_access_journal(api, bailiff, token_pair):
    token = token_pair[0]
    result = api.post(notification()).json()["notifications"][0]
    answer = AccessLog.objects.get(action=AccessAction.API)  # the POST answer names the file
    assert answer.household_id == result["menage"] and "réponse à l'envoi" in answer.what
    api.get(result["id"])
    api.get(result["id"])
    logs = list(
        AccessLog.objects.filter(action=AccessAction.API).exclude(pk=answer.pk).order_by("id")
    )
    assert len(logs) == 2
    log = logs[0]
    assert log.organisation_id == bailiff.pk
    assert log.household_id == result["menage"]
    assert log.user_id == token.service_user_id
    assert str(result["id"]) in log.what and token.prefix in log.what


def test_a_refused_read_is_not_journaled(other_api, api):
    row_id = api.post(notification()).json()["notifications"][0]["id"]
    journaled = AccessLog.objects.filter(action=AccessAction.API).count()  # the POST answer
    other_api.get(row_id)
    assert AccessLog.objects.filter(action=AccessAction.API).count() == journaled


@pytest.mark.parametrize(
    ("body", "place", "message"),
    [
        (["x"], (None, ""), "Le corps de la requête doit être un objet JSON"),
        ({"notifications": "x"}, (None, "notifications"), "« notifications » doit être une liste"),
        ({"notifications": [1]}, (0, "notification"), "Une notification doit être un objet JSON"),
        ({"notifications": [{}], "autre": 1}, (None, "autre"), "Champ inconnu"),
    ],
)
def test_shapes_are_refused_with_their_place(api, body, place, message):
    response = api.post(body)
    assert response.status_code == 422
    errors = {(e["index"], e["champ"]): e["message"] for e in response.json()["detail"]}
    assert errors[place].startswith(message)
