"""The préfecture's decision on the concours de la force publique (prevex/commissions/cfp.py):
the decision deadline comes from the procedure and goes away with a grant or a refusal,
stays with a postponement; refusals leave nothing written."""

import datetime

import pytest

from prevex.accounts.models import OrganisationType
from prevex.audit.models import WriteLog
from prevex.commissions import cfp
from prevex.commissions.choices import CfpChoice
from prevex.commissions.models import CfpCriterion, CfpDecisionRecord
from prevex.core import clock
from prevex.core.errors import BusinessError
from prevex.procedures.deadlines import compute_deadlines
from prevex.procedures.models import CfpDecision, Event, Procedure, Stage
from prevex.procedures.rules import RuleBook

from .cfp_fixtures import *  # noqa: F403
from .cfp_fixtures import DEADLINE, RFP_ON, TODAY, criteria_answers, involved

pytestmark = pytest.mark.django_db


def deadline_codes(procedure) -> dict:
    """The procedure's own computed deadlines, by code."""
    procedure = Procedure.objects.get(pk=procedure.pk)
    found = compute_deadlines(
        procedure=procedure,
        events=list(Event.objects.filter(procedure=procedure).order_by("date", "id")),
        rulebook=RuleBook.for_departement(procedure.departement_id),
        today=clock.today(),
    )
    return {d.code: d.date for d in found}


def decide(cfp_file, decision, **kwargs):
    kwargs.setdefault("criteria", criteria_answers())
    kwargs.setdefault("reasoning", "Famille avec un enfant de deux ans, relogement proposé.")
    kwargs.setdefault("by", cfp_file.prefecture)
    return cfp.cfp_decide(procedure=cfp_file.procedure, decision=decision, **kwargs)


def nothing_written(cfp_file):
    assert not CfpDecisionRecord.objects.exists()
    assert not Event.objects.filter(stage=Stage.CFP).exists()
    assert Procedure.objects.get(pk=cfp_file.procedure.pk).stage == Stage.RFP


def test_the_file_waits_for_the_decision_with_the_procedures_deadline(cfp_file):
    assert deadline_codes(cfp_file.procedure)["DECISION_CFP"] == DEADLINE
    assert Procedure.objects.get(pk=cfp_file.procedure.pk).key_deadline == DEADLINE


@pytest.mark.parametrize("decision", [CfpChoice.REFUSE, CfpChoice.ACCORDE])
def test_a_grant_or_refusal_is_the_cfp_act_and_the_decision_deadline_disappears(cfp_file, decision):
    record = decide(cfp_file, decision, decided_on=TODAY - datetime.timedelta(days=1))
    codes = deadline_codes(cfp_file.procedure)
    assert "DECISION_CFP" not in codes
    procedure = Procedure.objects.get(pk=cfp_file.procedure.pk)
    assert procedure.stage == Stage.CFP
    assert procedure.key_deadline != DEADLINE
    event = Event.objects.get(procedure=procedure, stage=Stage.CFP)
    assert event.cfp_decision == CfpDecision(decision)
    assert event.date == TODAY - datetime.timedelta(days=1)
    assert event.recorded_for_id == cfp_file.prefecture.organisation_id
    assert record.event_id == event.pk
    assert record.organisation_id == cfp_file.prefecture.organisation_id
    assert set(record.criteria) == {str(c.pk) for c in cfp.active_criteria("93")}
    entry = WriteLog.objects.get(object_type="DECISION_CFP", object_id=record.pk)
    assert entry.field_group == "PROCEDURE"
    assert entry.organisation_id == cfp_file.prefecture.organisation_id
    # The reasoning stays out of the history (the landlord reads PROCEDURE entries).
    assert "enfant" not in str(entry.changes) + entry.summary
    assert cfp.cfp_files(membership=cfp_file.prefecture) == []


def test_a_postponement_records_only_the_decision_and_keeps_the_deadline(cfp_file):
    record = decide(cfp_file, CfpChoice.REPORTE, postponed_to=DEADLINE)
    assert record.event is None and record.postponed_to == DEADLINE
    assert deadline_codes(cfp_file.procedure)["DECISION_CFP"] == DEADLINE
    assert Procedure.objects.get(pk=cfp_file.procedure.pk).stage == Stage.RFP
    [row] = cfp.cfp_files(membership=cfp_file.prefecture)
    assert row.last_decision == record
    # Decided after the postponement: the act is recorded then.
    decide(cfp_file, CfpChoice.REFUSE)
    assert "DECISION_CFP" not in deadline_codes(cfp_file.procedure)


@pytest.mark.parametrize(
    ("postponed_to", "message"),
    [
        (None, "Indiquez la date de réexamen"),
        (TODAY, "doit être postérieure"),
        (DEADLINE + datetime.timedelta(days=1), "dépasse le délai de décision du 20/03/2025"),
    ],
)
def test_postponement_dates_are_checked(cfp_file, postponed_to, message):
    with pytest.raises(BusinessError, match=message):
        decide(cfp_file, CfpChoice.REPORTE, postponed_to=postponed_to)
    nothing_written(cfp_file)


def test_no_postponement_once_the_silence_counts_as_a_refusal(cfp_file):
    clock.freeze(DEADLINE + datetime.timedelta(days=3))
    with pytest.raises(BusinessError, match="le silence du préfet vaut refus"):
        decide(cfp_file, CfpChoice.REPORTE, postponed_to=DEADLINE + datetime.timedelta(days=20))
    nothing_written(cfp_file)
    decide(cfp_file, CfpChoice.ACCORDE)  # an explicit decision is still possible


def test_a_date_to_review_only_for_a_postponement(cfp_file):
    with pytest.raises(BusinessError, match="que pour une décision reportée"):
        decide(cfp_file, CfpChoice.REFUSE, postponed_to=DEADLINE)
    nothing_written(cfp_file)


@pytest.mark.parametrize(
    ("decided_on", "message"),
    [
        (TODAY + datetime.timedelta(days=1), "est dans le futur"),
        (RFP_ON - datetime.timedelta(days=1), "antérieure à la réquisition de la force publique"),
    ],
)
def test_decision_dates_are_checked(cfp_file, decided_on, message):
    for decision in (CfpChoice.REFUSE, CfpChoice.REPORTE):
        with pytest.raises(BusinessError, match=message):
            decide(cfp_file, decision, decided_on=decided_on, postponed_to=None)
    nothing_written(cfp_file)


def test_every_active_criterion_must_be_answered(cfp_file):
    answers = criteria_answers()
    first = CfpCriterion.objects.filter(departement_id="93").order_by("order", "id").first()
    answers[str(first.pk)] = {"met": None, "note": "à voir"}
    with pytest.raises(BusinessError, match="Présence d'enfants mineurs"):
        decide(cfp_file, CfpChoice.REFUSE, criteria=answers)
    del answers[str(first.pk)]
    with pytest.raises(BusinessError, match="Répondez à chaque critère"):
        decide(cfp_file, CfpChoice.REFUSE, criteria=answers)
    with pytest.raises(BusinessError, match="n'est pas en vigueur"):
        decide(cfp_file, CfpChoice.REFUSE, criteria={**criteria_answers(), "999999": True})
    nothing_written(cfp_file)
    # A retired criterion is no longer asked.
    first.active = False
    first.save()
    record = decide(cfp_file, CfpChoice.REFUSE, criteria=answers)
    assert str(first.pk) not in record.criteria


def test_no_criteria_configured_no_decision(cfp_file):
    CfpCriterion.objects.all().delete()
    with pytest.raises(BusinessError, match="Aucun critère de décision"):
        decide(cfp_file, CfpChoice.REFUSE, criteria={})
    nothing_written(cfp_file)


def test_the_reasoning_is_required(cfp_file):
    with pytest.raises(BusinessError, match="motivation de la décision est obligatoire"):
        decide(cfp_file, CfpChoice.REFUSE, reasoning="   ")
    nothing_written(cfp_file)


def test_only_a_prefecture_that_reads_the_file_decides(cfp_file):
    household = cfp_file.household
    others = [
        cfp_file.secretariat,
        involved(household, OrganisationType.CAF),
        involved(household, OrganisationType.BAILLEUR_PRIVE),
        involved(household, OrganisationType.COMMISSAIRE_JUSTICE),
        involved(household, OrganisationType.PREFECTURE, other_departement=True),
    ]
    from tests.factories import MembershipFactory, OrganisationFactory

    others.append(
        MembershipFactory(organisation=OrganisationFactory(type=OrganisationType.PREFECTURE))
    )
    for membership in [*others, None]:
        with pytest.raises(BusinessError):
            decide(cfp_file, CfpChoice.REFUSE, by=membership)
    nothing_written(cfp_file)


def test_a_second_decision_on_a_decided_requisition_is_refused(cfp_file):
    decide(cfp_file, CfpChoice.ACCORDE)
    with pytest.raises(BusinessError, match="n'attend pas de décision"):
        decide(cfp_file, CfpChoice.REFUSE)
    assert CfpDecisionRecord.objects.count() == 1


def test_unknown_decision_refused(cfp_file):
    with pytest.raises(BusinessError, match="Décision inconnue"):
        decide(cfp_file, "PEUT_ETRE")
    nothing_written(cfp_file)


def test_the_default_criteria_are_seeded_once_and_a_configured_list_is_kept(cfp_file):
    from prevex.commissions.cfp_criteria import DEFAULT_CRITERIA

    assert CfpCriterion.objects.filter(departement_id="93").count() == len(DEFAULT_CRITERIA)
    first = CfpCriterion.objects.filter(departement_id="93").order_by("order", "id").first()
    first.label = "Enfants de moins de trois ans"
    first.save()
    assert cfp.cfp_criteria_seed_defaults(departement_id="93") == 0
    assert CfpCriterion.objects.filter(departement_id="93").count() == len(DEFAULT_CRITERIA)
    assert CfpCriterion.objects.filter(label="Enfants de moins de trois ans").exists()
    labels = [label for label, _ in DEFAULT_CRITERIA]
    assert any("DALO" in label for label in labels)
    assert any("Trêve hivernale" in label for label in labels)
    # Another département gets its own list.
    from tests.factories import departement

    departement("75", "Paris")
    assert cfp.cfp_criteria_seed_defaults(departement_id="75") == len(DEFAULT_CRITERIA)
