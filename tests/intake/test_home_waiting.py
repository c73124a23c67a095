"""Each organisation's home page says what waits for it in the imports (counts only, with
links): its own rows in quarantine; for the secretariat, the review queue by kind."""

import re

import pytest

from prevex.intake import services
from prevex.intake.models import ImportRow, ReviewItem, ReviewKind, ReviewStatus, RowStatus

from .conftest import csv_bytes, row, saint_denis_household


@pytest.fixture
def waiting(territory, bailiff, caf, ccapex):
    """The bailiff sends two rows: one unreadable (quarantine), one for a tenant already
    on file where it is not involved (« nouvel intervenant »)."""
    saint_denis_household(territory)
    services.file_import(
        source=bailiff.organisation,
        content=csv_bytes([row(reference_acte="Q", date_acte="31/02/2025"), row()]),
        filename="envoi.csv",
        by=bailiff,
    )
    return bailiff, caf, ccapex


def _callout(html: str) -> str:
    found = re.search(r'id="a-traiter-imports".*?</div>', html, re.S)
    return found.group(0) if found else ""


@pytest.mark.django_db
def test_the_secretariat_sees_the_review_queue_by_kind(waiting, client, login_as):
    _, _, ccapex = waiting
    open_items = ReviewItem.objects.filter(status=ReviewStatus.OUVERT)
    newcomers = open_items.filter(kind=ReviewKind.INTERVENANT).count()
    assert newcomers >= 1
    login_as(ccapex)
    html = client.get("/").content.decode()
    callout = _callout(html)
    total = open_items.count()
    assert f"File de revue : {total} élément" in callout
    assert f"Nouvel intervenant : {newcomers}" in callout
    assert "/imports/revue/?type=INTERVENANT" in callout
    # The secretariat sent nothing: no quarantine line. The work list follows.
    assert "Quarantaine" not in callout
    assert html.index("a-traiter-imports") < html.index('id="tasks"')


@pytest.mark.django_db
def test_a_sender_sees_its_own_quarantine_only(waiting, client, login_as):
    bailiff, caf, _ = waiting
    quarantined = ImportRow.objects.filter(
        source=bailiff.organisation, status=RowStatus.QUARANTAINE
    ).count()
    assert quarantined == 1
    login_as(bailiff)
    callout = _callout(client.get("/").content.decode())
    assert "Quarantaine : 1 ligne de vos imports à corriger" in callout
    assert "File de revue" not in callout  # not the secretariat
    # Another organisation has nothing waiting: no panel at all.
    client.logout()
    login_as(caf)
    html = client.get("/").content.decode()
    assert _callout(html) == "" and 'id="tasks"' in html


@pytest.mark.django_db
def test_the_work_list_filters_still_answer_with_the_table_alone(waiting, client, login_as):
    _, _, ccapex = waiting
    login_as(ccapex)
    response = client.get("/", {"due": "retard"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200 and "<table" in body and "<html" not in body
    assert "a-traiter-imports" not in body
    bad = client.get("/", {"kind": "N'IMPORTE"})
    assert bad.status_code == 400
    assert "Type de tâche inconnu." in bad.content.decode()
