"""Merging two household files that a commission knows both (the secretariat's duplicate
correction): no uniqueness rule breaks, nothing the commission decided is lost."""

import datetime

import pytest

from prevex.commissions import agenda
from prevex.commissions.choices import CommissionKind, SaisineReason, SaisineStatus
from prevex.commissions.models import AgendaItem, Recommendation, RecommendationType, Saisine
from prevex.commissions.saisines import saisine_create
from prevex.commissions.sessions import commission_create
from prevex.matching.corrections import household_merge
from prevex.procedures.models import Procedure
from prevex.procedures.services import procedure_close

pytestmark = pytest.mark.django_db


def test_two_files_on_one_agenda_and_proposed_to_one_commission_merge_cleanly(world, session):
    keep, absorb = world.households[0], world.households[1]
    agenda.agenda_add_many(
        session=session, household_ids=[keep.pk, absorb.pk], by=world.secretariat, version=0
    )
    absorbed_item = AgendaItem.objects.get(session=session, household=absorb)
    reco = Recommendation.objects.create(
        item=absorbed_item, household=absorb, departement_id="93",
        type=RecommendationType.objects.get(code="FSL", departement=None),
        addressee_kind="MENAGE", due_on=datetime.date(2025, 5, 1),
    )  # fmt: skip
    clil = commission_create(
        departement_id="93", kind=CommissionKind.CLIL, name="CLIL",
        secretariat=world.secretariat.organisation, by=world.secretariat,
    )  # fmt: skip
    for household in (keep, absorb):
        saisine_create(household=household, commission=clil, reason=SaisineReason.PARTENAIRE,
                       by=world.secretariat)  # fmt: skip

    # One open procedure per file: the duplicate's is closed before the merge.
    procedure_close(
        procedure=Procedure.objects.get(household=absorb, closed_on__isnull=True),
        outcome="DESISTEMENT", closed_on=datetime.date(2025, 3, 5), by=world.secretariat,
    )  # fmt: skip
    household_merge(keep=keep, absorb=absorb, by=world.secretariat)

    items = list(AgendaItem.objects.filter(session=session))
    assert [i.household_id for i in items] == [keep.pk]
    reco.refresh_from_db()
    assert (reco.item_id, reco.household_id) == (items[0].pk, keep.pk)
    statuses = sorted(Saisine.objects.filter(commission=clil).values_list("status", flat=True))
    assert statuses == sorted([SaisineStatus.PROPOSEE, SaisineStatus.RETIREE])
    assert set(Saisine.objects.filter(commission=clil).values_list("household_id", flat=True)) == {
        keep.pk
    }
