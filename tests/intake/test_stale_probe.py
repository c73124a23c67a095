"""Stale and repeated decisions on the import's review queue and quarantine (independent
probe): one decision, a French message, never a 500."""

import pytest

from prevex.access.models import Involvement
from prevex.audit.models import WriteLog
from prevex.intake.models import ImportRow, ReviewItem, ReviewKind, ReviewStatus, RowStatus
from prevex.intake.services import file_import
from prevex.procedures.models import Event
from tests.intake.conftest import csv_bytes, row, saint_denis_household
from tests.stale_text import text

HTMX = {"HTTP_HX_REQUEST": "true"}


def _import(member, rows):
    return file_import(
        source=member.organisation, content=csv_bytes(rows), filename="f.csv", by=member
    )


@pytest.fixture
def newcomer_item(territory, bailiff):
    saint_denis_household(territory)
    _import(bailiff, [row()])
    item = ReviewItem.objects.get(kind=ReviewKind.INTERVENANT)
    return item


@pytest.mark.parametrize("decision", ["ACCES_ACCORDE", "ACCES_REFUSE"])
def test_newcomer_decided_twice(client, login_as, ccapex, newcomer_item, decision):
    login_as(ccapex)
    url = f"/imports/revue/{newcomer_item.pk}/decider/"
    assert client.post(url, {"decision": decision}).status_code == 302
    involvements = Involvement.objects.count()
    writes = WriteLog.objects.count()
    second = client.post(url, {"decision": decision}, follow=True)
    assert second.status_code == 200
    assert "déjà été traité" in text(second)
    assert Involvement.objects.count() == involvements
    assert WriteLog.objects.count() == writes
    newcomer_item.refresh_from_db()
    assert newcomer_item.status == ReviewStatus.TRAITE and newcomer_item.decision == decision


def test_newcomer_granted_then_refused_in_another_tab(client, login_as, ccapex, newcomer_item):
    login_as(ccapex)
    url = f"/imports/revue/{newcomer_item.pk}/decider/"
    client.post(url, {"decision": "ACCES_ACCORDE"})
    second = client.post(url, {"decision": "ACCES_REFUSE"}, follow=True)
    assert "déjà été traité" in text(second)
    newcomer_item.refresh_from_db()
    assert newcomer_item.decision == "ACCES_ACCORDE"


def test_decision_on_a_deleted_item_is_a_french_404(client, login_as, ccapex, newcomer_item):
    login_as(ccapex)
    pk = newcomer_item.pk
    ReviewItem.objects.filter(pk=pk).delete()
    for response in (
        client.post(f"/imports/revue/{pk}/decider/", {"decision": "ACCES_ACCORDE"}),
        client.get(f"/imports/revue/{pk}/"),
    ):
        assert response.status_code == 404
        assert "introuvable" in text(response).lower()


def test_newcomer_decided_after_the_file_was_merged(
    client, login_as, ccapex, newcomer_item, territory
):
    from prevex.matching.corrections import household_merge

    login_as(ccapex)
    assert client.get(f"/imports/revue/{newcomer_item.pk}/").status_code == 200
    other = saint_denis_household(territory, last="Benali", first="Samia")
    absorbed = newcomer_item.household
    kept = household_merge(keep=other, absorb=absorbed, by=ccapex)
    response = client.post(
        f"/imports/revue/{newcomer_item.pk}/decider/", {"decision": "ACCES_ACCORDE"}, follow=True
    )
    assert response.status_code == 200
    newcomer_item.refresh_from_db()
    if newcomer_item.status == ReviewStatus.TRAITE:
        assert Involvement.objects.filter(
            household=kept, organisation=newcomer_item.row.source
        ).exists()


def test_order_item_decided_twice(client, login_as, ccapex, bailiff, territory):
    household = saint_denis_household(territory)
    Involvement.objects.create(
        household=household, organisation=bailiff.organisation, reason="ORIENTATION",
        starts_on="2024-01-01",
    )  # fmt: skip
    _import(bailiff, [row()])
    _import(bailiff, [row(type_acte="CQL", reference_acte="CQL-1", date_acte="10/05/2025")])
    item = ReviewItem.objects.get(kind=ReviewKind.ORDRE)
    login_as(ccapex)
    url = f"/imports/revue/{item.pk}/decider/"
    assert client.post(url, {"decision": "REJETE"}).status_code == 302
    second = client.post(url, {"decision": "ACCEPTE"}, follow=True)
    assert "déjà été traité" in text(second)
    assert not Event.objects.filter(reference="CQL-1").exists()


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_quarantine_row_corrected_twice(client, login_as, bailiff, territory, headers):
    _import(bailiff, [row(date_acte="31/02/2025")])
    quarantined = ImportRow.objects.get(status=RowStatus.QUARANTAINE)
    login_as(bailiff)
    url = f"/imports/lignes/{quarantined.pk}/corriger/"
    data = {**row(), "date_acte": "10/03/2025"}
    first = client.post(url, data, **headers)
    assert first.status_code in (200, 302)
    quarantined.refresh_from_db()
    assert quarantined.status != RowStatus.QUARANTAINE
    events = Event.objects.count()
    second = client.post(url, data, **headers)
    assert second.status_code in (200, 409, 422)
    assert "n'est plus en quarantaine" in text(second)
    assert Event.objects.count() == events


def test_quarantine_row_of_a_deleted_batch(client, login_as, bailiff, territory):
    _import(bailiff, [row(date_acte="31/02/2025")])
    quarantined = ImportRow.objects.get(status=RowStatus.QUARANTAINE)
    login_as(bailiff)
    pk = quarantined.pk
    ImportRow.objects.filter(pk=pk).delete()
    response = client.post(f"/imports/lignes/{pk}/corriger/", row(), **HTMX)
    assert response.status_code == 404
