"""An act waiting in review because another partner's act had not arrived yet is settled
when that act arrives (prevex/intake/rechecks.py, prevex/procedures/recheck.py).

The bailiff sends its CDP, assignation and commandement de quitter les lieux (CQL); the
court's judgment has not come: the CQL is recorded, flagged and sent to the secretariat
(« acte incohérent »), and drives nothing. When the court's file brings the judgment,
dated before the CQL, the CQL fits: it counts, its item is closed without an agent."""

import pytest

from prevex.accounts.models import OrganisationType
from prevex.audit.models import WriteLog
from prevex.intake import services
from prevex.intake.models import ImportRow, ReviewDecision, ReviewItem, ReviewKind, RowStatus
from prevex.intake.tasks import order_items_recheck_nightly
from prevex.procedures.models import Event, Procedure
from tests import factories
from tests.intake.conftest import csv_bytes, row

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.intake.urls")]


@pytest.fixture
def court(territory):
    return factories.MembershipFactory(
        organisation__type=OrganisationType.TRIBUNAL, organisation__slug="tj-bobigny"
    )


def _send(membership, rows, name="a.csv"):
    return services.file_import(
        source=membership.organisation, content=csv_bytes(rows), filename=name, by=membership
    )


def _bailiff_acts(bailiff):
    _send(
        bailiff,
        [
            row(reference_acte="CDP-1", date_acte="10/01/2024"),
            row(
                type_acte="ASSIGNATION",
                reference_acte="ASS-1",
                date_acte="10/03/2024",
                date_audience="10/05/2024",
            ),
            row(type_acte="CQL", reference_acte="CQL-1", date_acte="10/09/2024"),
        ],  # fmt: skip
        "huissier.csv",
    )
    item = ReviewItem.objects.get(kind=ReviewKind.ORDRE)
    assert item.status == "OUVERT" and item.event.stage == "CQL"
    assert item.event.pending_review
    return item


def _judgment(court, day):
    return row(type_acte="JUGEMENT", reference_acte="JUG-1", date_acte=day,
               decision="FERME", contradictoire="OUI")  # fmt: skip


def test_the_judgment_arriving_settles_the_waiting_cql(bailiff, court):
    item = _bailiff_acts(bailiff)
    procedure = item.event.procedure
    assert procedure.stage != "CQL"  # the waiting act drives nothing
    batch = _send(court, [_judgment(court, "10/06/2024")], "tribunal.csv")
    assert batch.quarantaine == 0 and batch.importes + batch.revue == 1
    item.refresh_from_db()
    assert (item.status, item.decision, item.decided_by) == ("TRAITE", ReviewDecision.ACCEPTE, None)
    assert "Réglé sans agent" in item.reason
    event = Event.objects.get(pk=item.event_id)
    assert not event.pending_review and event.flagged == ""
    assert Procedure.objects.get(pk=procedure.pk).stage == "CQL"  # it counts now
    assert ImportRow.objects.get(pk=item.row_id).status == RowStatus.IMPORTE
    entry = WriteLog.objects.filter(object_id=event.pk, summary__startswith="Acte devenu")
    assert entry.exists()


def test_a_judgment_dated_after_the_cql_leaves_it_waiting(bailiff, court):
    """The CQL would still come before the judgment it executes: the agent decides."""
    item = _bailiff_acts(bailiff)
    batch = _send(court, [_judgment(court, "01/10/2024")], "tribunal.csv")
    assert batch.quarantaine == 0 and batch.importes + batch.revue == 1
    item.refresh_from_db()
    assert item.status == "OUVERT"
    assert Event.objects.get(pk=item.event_id).pending_review


def test_the_nightly_job_settles_what_other_channels_completed(bailiff, court):
    """An act recorded outside an import (here: the court's row, then the item put back
    as it was) is seen by the nightly job; running it twice changes nothing more."""
    item = _bailiff_acts(bailiff)
    _send(court, [_judgment(court, "10/06/2024")], "tribunal.csv")
    ReviewItem.objects.filter(pk=item.pk).update(status="OUVERT", decision="")
    Event.objects.filter(pk=item.event_id).update(pending_review=True)
    assert order_items_recheck_nightly.call_local() == 1
    assert order_items_recheck_nightly.call_local() == 0
    item.refresh_from_db()
    assert item.status == "TRAITE"
