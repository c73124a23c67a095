"""The job that proposes the files waiting for the préfet's decision to the COMEX of their
territory (``comex_saisines_refresh``, ``tasks_cfp``): once per réquisition, idempotent,
never over an open saisine of the same file and commission."""

import datetime

import pytest

from prevex.audit.models import WriteLog
from prevex.commissions import tasks_cfp
from prevex.commissions.cfp import cfp_decide, comex_saisines_refresh
from prevex.commissions.choices import SaisineReason, SaisineStatus
from prevex.commissions.models import Commission, Saisine
from prevex.core import clock
from prevex.procedures.models import Stage
from prevex.procedures.services import event_record
from tests.factories import HouseholdFactory, OrganisationFactory, commune

from .cfp_fixtures import *  # noqa: F403
from .cfp_fixtures import TODAY, criteria_answers, rfp_procedure

pytestmark = pytest.mark.django_db


def comex(name, *communes, active=True):
    commission = Commission.objects.create(
        departement_id="93",
        kind="COMEX",
        name=name,
        secretariat=OrganisationFactory(type="PREFECTURE"),
        is_active=active,
    )
    commission.communes.set(communes)
    return commission


def test_files_at_rfp_go_to_the_comex_of_their_commune(cfp_file):
    saint_denis = cfp_file.household.commune
    montreuil = commune("93048", "Montreuil", "93100")
    whole = comex("COMEX départementale")
    local = comex("COMEX de Saint-Denis", saint_denis)
    comex("COMEX fermée", saint_denis, active=False)
    elsewhere = HouseholdFactory(commune=montreuil, postal_code="93100")
    other = rfp_procedure(elsewhere)
    rfp_procedure(HouseholdFactory(), rfp_on=datetime.date(2025, 2, 3))
    Commission.objects.create(
        departement_id="93", kind="CLIL", name="CLIL", secretariat=local.secretariat
    )
    assert comex_saisines_refresh() == 3
    saisine = Saisine.objects.get(procedure=cfp_file.procedure)
    assert (saisine.commission, saisine.reason, saisine.status) == (
        local, SaisineReason.CFP, SaisineStatus.PROPOSEE
    )  # fmt: skip
    assert saisine.proposed_for == cfp_file.procedure.stage_date
    assert saisine.organisation is None and saisine.created_by is None
    assert Saisine.objects.get(procedure=other).commission == whole
    entry = WriteLog.objects.get(object_type="SAISINE", object_id=saisine.pk)
    assert entry.channel == "SYSTEM" and "COMEX de Saint-Denis" in entry.summary
    # Idempotent.
    assert comex_saisines_refresh() == 0
    assert tasks_cfp.propose_rfp_files_to_comex.call_local() == 0


def test_no_comex_no_saisine_and_decided_files_are_not_proposed(cfp_file):
    assert comex_saisines_refresh() == 0
    cfp_decide(
        procedure=cfp_file.procedure, decision="ACCORDE", criteria=criteria_answers(),
        reasoning="Relogement refusé par le ménage.", by=cfp_file.prefecture,
    )  # fmt: skip
    comex("COMEX départementale")
    assert comex_saisines_refresh() == 0
    assert not Saisine.objects.exists()


def test_withdrawn_or_open_saisines_are_respected_and_a_new_requisition_is_proposed(cfp_file):
    commission = comex("COMEX départementale")
    Saisine.objects.create(
        household=cfp_file.household, departement_id="93", commission=commission,
        reason=SaisineReason.PARTENAIRE, proposed_for=TODAY,
    )  # fmt: skip
    assert comex_saisines_refresh() == 0  # an open saisine of the file to that COMEX
    Saisine.objects.update(status=SaisineStatus.EXAMINEE)
    assert comex_saisines_refresh() == 1
    Saisine.objects.filter(reason=SaisineReason.CFP).update(status=SaisineStatus.RETIREE)
    assert comex_saisines_refresh() == 0  # withdrawn for this réquisition: not again
    # Refused, then a new réquisition (what a refusal allows): proposed again.
    cfp_decide(
        procedure=cfp_file.procedure, decision="REFUSE", criteria=criteria_answers(),
        reasoning="Enfant de deux ans, hébergement en cours.", by=cfp_file.prefecture,
    )  # fmt: skip
    clock.freeze(datetime.date(2025, 5, 12))
    event_record(procedure=cfp_file.procedure, stage=Stage.RFP, date=clock.today(), by=None)
    assert comex_saisines_refresh() == 1
    assert Saisine.objects.filter(reason=SaisineReason.CFP).count() == 2
