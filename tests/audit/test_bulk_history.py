"""The bulk writers leave the same history as the one-at-a-time services: an import, the
demo loader and the generator write households, procedures, acts and involvements
through ``household_create_many``/``event_record_many``/``procedure_open_many``, which
log every write with ``log_writes_many``."""

import pytest

from prevex.accounts.models import OrganisationType
from prevex.audit.models import WriteChannel, WriteLog, WriteObject
from prevex.core import clock
from prevex.demo.bulk import bulk_generate
from prevex.demo.services import demo_setup
from prevex.intake.models import Channel as ImportChannel
from prevex.intake.models import ImportRow, RowStatus
from prevex.intake.services import rows_ingest
from prevex.procedures.models import Event, Procedure
from tests import factories
from tests.intake.conftest import HEADER, TODAY, row, territory  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def _full(**values) -> dict:
    return {column: "" for column in HEADER} | row(**values)


@pytest.mark.usefixtures("territory")
def test_an_import_leaves_the_history_of_what_it_wrote():
    bailiff = factories.MembershipFactory(organisation__type=OrganisationType.COMMISSAIRE_JUSTICE)
    rows_ingest(
        source=bailiff.organisation,
        rows=[_full()],
        channel=ImportChannel.FICHIER,
        by=bailiff,
    )
    imported = ImportRow.objects.filter(status=RowStatus.IMPORTE).order_by("id")
    assert imported.count() == 1
    household_id = imported[0].household_id
    logs = WriteLog.objects.filter(household_id=household_id)
    assert {log.channel for log in logs} == {WriteChannel.IMPORT}
    kinds = sorted(logs.values_list("object_type", flat=True))
    assert kinds.count(WriteObject.EVENT) == 1
    assert kinds.count(WriteObject.PROCEDURE) == 1
    assert WriteObject.HOUSEHOLD in kinds
    assert WriteObject.INVOLVEMENT in kinds  # the sender, involved in the file it created
    event_ids = set(Event.objects.values_list("pk", flat=True))
    assert set(logs.filter(object_type=WriteObject.EVENT).values_list("object_id", flat=True)) == (
        event_ids
    )
    assert all(log.user_id == bailiff.user_id for log in logs)


def test_the_bulk_loader_leaves_a_history_in_the_demo_channel(settings):
    settings.DEMO_MODE = True
    clock.freeze(TODAY)
    demo_setup(households=2, history_scale=0)
    last = WriteLog.objects.order_by("-id").values_list("id", flat=True).first() or 0
    events, procedures = Event.objects.count(), Procedure.objects.count()
    bulk_generate(n=5, seed=3)
    logs = WriteLog.objects.filter(id__gt=last)
    assert {log.channel for log in logs} == {WriteChannel.DEMO}
    new_events = Event.objects.count() - events
    assert new_events > 0
    assert logs.filter(object_type=WriteObject.EVENT).count() == new_events
    opened = logs.filter(object_type=WriteObject.PROCEDURE, operation="CREATE").count()
    assert opened == Procedure.objects.count() - procedures
    assert logs.filter(object_type=WriteObject.HOUSEHOLD).exists()
