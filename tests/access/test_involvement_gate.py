"""Involvement is granted, never taken (issue 8, point 4).

For every organisation type: its notification about a file it is not involved in —
through the import page (CSV) and through the API — is recorded, sends the secretariat
a « nouvel intervenant » item, and gives the sender nothing: 404 on the file page, no
household id, procedure, act or reference in any answer. The secretariat opens the file
from the review queue (journaled on the request row), and the file opens. A landlord
that the file does not record as landlord gets the same answer, but its act is held
(« bailleur à confirmer »): recorded only once the secretariat confirms it
(docs/decisions/2026-12-06-landlord-of-record-in-bulk.md).
"""

import datetime
import json

import pytest

from prevex.access.models import Involvement, InvolvementRequest, RequestStatus
from prevex.access.policy import allowed_acts
from prevex.api.services import api_token_create
from prevex.intake.columns import ACT_TYPES as IMPORTABLE
from prevex.intake.models import ImportRow, ReviewItem, ReviewKind, RowStatus
from prevex.procedures.models import Event
from prevex.procedures.services import event_record
from tests.access.conftest import PARTNER_TYPES, member_of
from tests.intake.conftest import csv_bytes, row

pytestmark = pytest.mark.django_db

# An act each type may send about Samia Benali's file (its first allowed act type).
ACT_FIELDS = {
    "ASSIGNATION": {"date_audience": "01/10/2025"},
    "JUGEMENT": {"decision": "CONDITIONNELLE", "contradictoire": "OUI"},
    "CFP": {"cfp_decision": "REFUSE"},
}


def notification_for(organisation, **extra) -> dict:
    acts = sorted(a for a in allowed_acts(organisation) if a in IMPORTABLE)
    act = "SIGNALEMENT" if "SIGNALEMENT" in acts else (acts or ["JUGEMENT"])[0]
    values = {
        "type_acte": act,
        "date_acte": "20/05/2025",
        "reference_acte": f"REF-{organisation.pk}-{act}",
        **ACT_FIELDS.get(act, {}),
    }
    return row(**{**values, **extra})


def _send_csv(client, login_as, membership, rows):
    login_as(membership)
    upload = client.post(
        "/imports/",
        {"fichier": _file(rows)},
    )
    assert upload.status_code == 302, upload.content.decode()[:500]
    return client.get(upload["Location"])


def _file(rows):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("actes.csv", csv_bytes(rows), content_type="text/csv")


def _api(client, organisation):
    _, clear = api_token_create(organisation=organisation, name="Flux", by=None)
    return {"HTTP_AUTHORIZATION": f"Bearer {clear}"}


def _assert_hidden(text: str, household) -> None:
    assert household.reference not in text
    assert f"/menages/{household.pk}/" not in text
    assert "existant" not in text.lower()


LANDLORDS = {"BAILLEUR_SOCIAL", "BAILLEUR_PRIVE"}


def _newcomer_item(household, organisation):
    """The secretariat's item for the sender's act: « nouvel intervenant », or for a
    landlord the file does not record, « bailleur à confirmer » (its first held row)."""
    kind = ReviewKind.BAILLEUR if organisation.type in LANDLORDS else ReviewKind.INTERVENANT
    return (
        ReviewItem.objects.filter(kind=kind, household=household, row__source=organisation)
        .order_by("id")
        .first()
    )


def _settled_status(stored) -> str:
    """Imported, unless the act itself is out of order (a tribunal's judgment right after
    a CDP): then still in review for that reason only."""
    flagged = stored.reviews.filter(kind=ReviewKind.ORDRE, status="OUVERT").exists()
    return RowStatus.REVUE if flagged else RowStatus.IMPORTE


def _confirm(client, login_as, ccapex, item):
    login_as(ccapex)
    page = client.get(f"/imports/revue/{item.pk}/").content.decode()
    title, decision = {
        ReviewKind.BAILLEUR: ("Bailleur à confirmer", "BAILLEUR_OUI"),
        ReviewKind.INTERVENANT: ("Nouvel intervenant", "ACCES_ACCORDE"),
    }[item.kind]
    assert title in page and item.row.source.name in page
    response = client.post(f"/imports/revue/{item.pk}/decider/", {"decision": decision})
    assert response.status_code == 302


@pytest.mark.parametrize("org_type", PARTNER_TYPES)
def test_csv_notification_on_a_file_the_sender_is_not_in(
    org_type, client, login_as, ccapex, known_file
):
    sender = member_of(org_type)
    organisation = sender.organisation
    events_before = Event.objects.count()
    detail = _send_csv(client, login_as, sender, [notification_for(organisation)])
    html = detail.content.decode()
    _assert_hidden(html, known_file)
    if org_type == "BANQUE_DE_FRANCE":  # it transmits no act of a procedure: refused
        stored = ImportRow.objects.get(source=organisation)
        assert stored.status == RowStatus.QUARANTAINE and stored.household_id is None
        assert "ne peut pas transmettre" in stored.errors[0]["message"]
        assert Event.objects.count() == events_before
        return
    stored = ImportRow.objects.get(source=organisation)
    assert stored.status == RowStatus.REVUE
    held = org_type in LANDLORDS  # the act waits for the secretariat, nothing written
    assert Event.objects.count() == events_before + (0 if held else 1)  # the act is recorded
    assert stored.household_id == known_file.pk  # (internally)
    item = _newcomer_item(known_file, organisation)
    requests = InvolvementRequest.objects.filter(organisation=organisation)
    assert list(requests.values_list("status", flat=True)) == ([] if held else ["EN_ATTENTE"])
    # Nothing to read: the file page is a 404, the error report says nothing of it.
    login_as(sender)
    assert client.get(f"/menages/{known_file.pk}/").status_code == 404
    report = client.get(f"/imports/{stored.batch_id}/erreurs.csv").content.decode()
    _assert_hidden(report, known_file)
    assert not Involvement.objects.filter(organisation=organisation).exists()
    # Sending more acts never opens the file.
    _send_csv(
        client,
        login_as,
        sender,
        [notification_for(organisation, reference_acte="AUTRE-1", date_acte="21/05/2025")],
    )
    assert client.get(f"/menages/{known_file.pk}/").status_code == 404
    # The secretariat opens it: the file opens, the request keeps who decided.
    _confirm(client, login_as, ccapex, item)
    if held:  # confirmed as the landlord: both held acts recorded, involved as landlord
        assert Event.objects.filter(source=organisation).count() == 2
        reasons = Involvement.objects.filter(organisation=organisation)
        assert set(reasons.values_list("reason", flat=True)) == {"BAILLEUR"}
    else:
        request = InvolvementRequest.objects.get(organisation=organisation)
        assert (request.status, request.decided_by_id, request.decided_by_organisation_id) == (
            RequestStatus.ACCORDEE,
            ccapex.user_id,
            ccapex.organisation_id,
        )
    assert not ReviewItem.objects.filter(
        kind=item.kind, row__source=organisation, status="OUVERT"
    ).exists()  # the second act's item was settled with the first
    first = ImportRow.objects.filter(source=organisation).order_by("id").first()
    assert first.status == _settled_status(first)
    login_as(sender)
    assert client.get(f"/menages/{known_file.pk}/").status_code == 200


@pytest.mark.parametrize("org_type", PARTNER_TYPES)
def test_api_notification_on_a_file_the_sender_is_not_in(
    org_type, client, login_as, ccapex, known_file
):
    sender = member_of(org_type)
    organisation = sender.organisation
    headers = _api(client, organisation)
    body = json.dumps(notification_for(organisation, date_acte="2025-05-20"))
    response = client.post(
        "/api/v1/notifications", body, content_type="application/json", **headers
    )
    text = response.content.decode()
    _assert_hidden(text, known_file)
    if org_type == "BANQUE_DE_FRANCE":
        assert response.status_code == 422
        assert "ne peut pas transmettre" in text
        assert not ImportRow.objects.exists()
        return
    assert response.status_code == 201, text
    [result] = response.json()["notifications"]
    assert result["statut"] == "REVUE"
    assert (result["menage"], result["procedure"], result["acte"]) == (None, None, None)
    assert str(known_file.pk) not in json.dumps({k: v for k, v in result.items() if k != "id"})
    read = client.get(f"/api/v1/notifications/{result['id']}", **headers)
    assert read.json()["menage"] is None
    _assert_hidden(read.content.decode(), known_file)
    login_as(sender)
    assert client.get(f"/menages/{known_file.pk}/").status_code == 404

    _confirm(client, login_as, ccapex, _newcomer_item(known_file, organisation))
    read = client.get(f"/api/v1/notifications/{result['id']}", **headers).json()
    stored = ImportRow.objects.get(pk=result["id"])
    assert (read["statut"], read["menage"]) == (_settled_status(stored), known_file.pk)
    login_as(sender)
    assert client.get(f"/menages/{known_file.pk}/").status_code == 200


def test_refused_newcomer_stays_out_and_further_acts_do_not_open_the_file(
    client, login_as, ccapex, known_file
):
    """The bailiff rule (an act of the open procedure) never counts acts recorded while
    the file was closed to their sender."""
    sender = member_of("COMMISSAIRE_JUSTICE")
    _send_csv(client, login_as, sender, [notification_for(sender.organisation)])
    item = _newcomer_item(known_file, sender.organisation)
    login_as(ccapex)
    client.post(f"/imports/revue/{item.pk}/decider/", {"decision": "ACCES_REFUSE"})
    assert InvolvementRequest.objects.get().status == RequestStatus.REFUSEE
    _send_csv(
        client,
        login_as,
        sender,
        [
            row(
                type_acte="ASSIGNATION",
                date_acte="25/05/2025",
                reference_acte="ASS-9",
                date_audience="01/10/2025",
            )
        ],  # fmt: skip
    )
    assert client.get(f"/menages/{known_file.pk}/").status_code == 404
    assert not Involvement.objects.filter(organisation=sender.organisation).exists()


def test_a_new_household_is_the_senders_own(client, login_as, territory):
    """No file matched: the sender created it and reads it (nothing to confirm)."""
    sender = member_of("ASSOCIATION")
    _send_csv(client, login_as, sender, [row(type_acte="SIGNALEMENT", locataire_nom="Nouveau")])
    stored = ImportRow.objects.get()
    assert stored.status == RowStatus.IMPORTE
    assert client.get(f"/menages/{stored.household_id}/").status_code == 200
    assert not ReviewItem.objects.exists()


def test_the_form_path_still_involves_the_creator(client, login_as, territory):
    sender = member_of("CCAS")
    login_as(sender)
    response = client.post(
        "/menages/nouveau/",
        {
            "holder_last_name": "Martin",
            "holder_first_name": "Léa",
            "address": "4 rue Gabriel Péri",
            "postal_code": "93200",
            "commune_name": "Saint-Denis",
            "parc": "PRIVE",
            "rent": "600",
            "composition": "PERSONNE_SEULE",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    involvement = Involvement.objects.get(organisation=sender.organisation)
    assert involvement.reason == "SIGNALEMENT"
    assert involvement.starts_on == datetime.date(2025, 6, 2)


def test_one_open_newcomer_item_per_file_and_sender_and_its_decision_settles_every_row(
    client, login_as, ccapex, known_file
):
    """Three acts of the same association about the same file (two files, then a third in
    a later import): the secretariat gets one « nouvel intervenant » item, not three; the
    rows answer « revue » all the same (nothing said of the file), and the one decision
    settles them all."""
    # After the assignation a signalement is a side act: none of the three is flagged, so
    # the rows wait on the newcomer decision only.
    event_record(
        procedure=known_file.procedures.get(),
        stage="ASSIGNATION",
        date=datetime.date(2025, 4, 15),
        hearing_date=datetime.date(2025, 10, 1),
        by=ccapex,
    )
    sender = member_of("ASSOCIATION")
    organisation = sender.organisation
    first = [
        notification_for(organisation, reference_acte="A-1", date_acte="20/05/2025"),
        notification_for(organisation, reference_acte="A-2", date_acte="21/05/2025"),
    ]
    _send_csv(client, login_as, sender, first)
    _send_csv(
        client,
        login_as,
        sender,
        [notification_for(organisation, reference_acte="A-3", date_acte="22/05/2025")],
    )
    rows = ImportRow.objects.filter(source=organisation).order_by("id")
    assert [r.status for r in rows] == [RowStatus.REVUE] * 3
    items = ReviewItem.objects.filter(
        kind=ReviewKind.INTERVENANT, household=known_file, row__source=organisation
    )
    assert items.count() == 1
    assert not ReviewItem.objects.filter(kind=ReviewKind.ORDRE, row__source=organisation).exists()
    _confirm(client, login_as, ccapex, items.get())
    assert [r.status for r in rows.all()] == [RowStatus.IMPORTE] * 3
    login_as(sender)
    assert client.get(f"/menages/{known_file.pk}/").status_code == 200
