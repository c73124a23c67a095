import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from prevex.core import clock
from prevex.core.errors import BusinessError
from prevex.procedures.models import (
    CfpDecision,
    Event,
    Ground,
    LegalRule,
    Outcome,
    Procedure,
    Stage,
)
from prevex.procedures.rules import RuleBook
from prevex.procedures.services import (
    event_record,
    procedure_close,
    procedure_open,
    procedure_refresh,
)
from tests.factories import HouseholdFactory, InvolvementFactory, MembershipFactory

from .factories import (
    events_of,
    procedure_at_assignation,
    procedure_at_cdp,
    procedure_at_cfp_granted,
    procedure_at_cql,
)

pytestmark = pytest.mark.django_db
D = datetime.date
S = Stage


@pytest.fixture(autouse=True)
def _today():
    clock.freeze(D(2025, 6, 1))


def stored(procedure):
    return Procedure.objects.get(pk=procedure.pk)


# --- opening -------------------------------------------------------------------------


def test_open_records_the_first_act_and_the_denormalised_fields():
    membership = MembershipFactory(organisation__type="COMMISSAIRE_JUSTICE")  # serves the CDP
    household = HouseholdFactory()
    InvolvementFactory(household=household, organisation=membership.organisation)
    procedure = procedure_open(
        household=household,
        stage=S.CDP,
        date=D(2025, 4, 10),
        by=membership,
        debt_amount=Decimal("1850.00"),
    )
    row = stored(procedure)
    assert (row.stage, row.stage_date, row.opened_on) == (S.CDP, D(2025, 4, 10), D(2025, 4, 10))
    assert row.departement_id == household.departement_id
    assert row.current_debt == Decimal("1850.00")
    assert row.key_deadline is None  # clause acquired on 22/05/2025, already past
    [event] = events_of(procedure)
    assert event.recorded_by_id == membership.user_id
    assert event.flagged == ""


def test_key_deadline_is_the_clause_acquisition_while_upcoming():
    procedure = procedure_at_cdp(cdp_on=D(2025, 5, 1))
    assert stored(procedure).key_deadline == D(2025, 6, 13)
    assert procedure.key_deadline == D(2025, 6, 13)  # the caller's instance is updated


def test_household_cannot_have_two_open_procedures():
    procedure = procedure_at_cdp(cdp_on=D(2025, 1, 6))
    with pytest.raises(BusinessError) as error:
        procedure_open(household=procedure.household, stage=S.IMPAYE, date=D(2025, 3, 1), by=None)
    assert error.value.message == (
        "Ce ménage a déjà une procédure en cours (ouverte le 06/01/2025). "
        "Clôturez-la avant d'en ouvrir une nouvelle."
    )
    procedure_close(
        procedure=procedure, outcome=Outcome.DETTE_SOLDEE, closed_on=D(2025, 3, 1), by=None
    )
    again = procedure_open(
        household=procedure.household, stage=S.IMPAYE, date=D(2025, 4, 1), by=None
    )
    assert again.pk != procedure.pk


def test_open_refuses_a_stage_that_cannot_start_a_procedure_and_future_dates():
    household = HouseholdFactory()
    with pytest.raises(BusinessError, match="ne peut pas commencer par une audience"):
        procedure_open(household=household, stage=S.AUDIENCE, date=D(2025, 3, 1), by=None)
    with pytest.raises(BusinessError, match="ne concerne que les procédures pour impayés"):
        procedure_open(
            household=household, ground=Ground.CONGE_VENTE, stage=S.CDP, date=D(2025, 3, 1), by=None
        )
    with pytest.raises(BusinessError) as error:
        procedure_open(household=household, stage=S.CDP, date=D(2025, 6, 2), by=None)
    assert error.value.message == (
        "La date de l'acte (02/06/2025) est dans le futur : seuls les actes déjà délivrés "
        "s'enregistrent."
    )
    assert not Procedure.objects.filter(household=household).exists()


def test_import_may_open_at_any_stage_with_a_flag():
    procedure = procedure_open(
        household=HouseholdFactory(), stage=S.AUDIENCE, date=D(2025, 3, 1), by=None, strict=False
    )
    [event] = events_of(procedure)
    assert event.flagged.startswith("Une procédure ne peut pas commencer par une audience.")
    assert stored(procedure).stage == S.AUDIENCE


def test_non_rent_ground_starts_at_the_assignation():
    procedure = procedure_open(
        household=HouseholdFactory(),
        ground=Ground.CONGE_VENTE,
        stage=S.ASSIGNATION,
        date=D(2025, 2, 3),
        hearing_date=D(2025, 7, 1),
        by=None,
    )
    row = stored(procedure)
    assert (row.ground, row.stage, row.key_deadline) == (
        Ground.CONGE_VENTE,
        S.ASSIGNATION,
        D(2025, 6, 30),  # DSF before the hearing; no préfet notification for a congé
    )


# --- recording acts ------------------------------------------------------------------


def test_strict_recording_refuses_an_impossible_act_and_records_nothing():
    procedure = procedure_at_cdp(cdp_on=D(2025, 1, 6))
    with pytest.raises(BusinessError) as error:
        event_record(procedure=procedure, stage=S.CQL, date=D(2025, 3, 1), by=None)
    assert error.value.message.startswith(
        "Un commandement de quitter les lieux ne peut suivre qu'un jugement prononçant "
        "la résiliation."
    )
    assert isinstance(error.value, ValidationError)
    assert [e.stage for e in events_of(procedure)] == [S.CDP]
    assert stored(procedure).stage == S.CDP


def test_import_records_an_impossible_act_with_the_reason_flagged():
    procedure = procedure_at_cdp(cdp_on=D(2025, 1, 6))
    event = event_record(
        procedure=procedure, stage=S.CQL, date=D(2025, 3, 1), by=None, strict=False
    )
    assert event.flagged.startswith(
        "Un commandement de quitter les lieux ne peut suivre qu'un jugement"
    )
    assert stored(procedure).stage == S.CQL


def test_act_dated_before_the_last_one_is_refused_or_flagged():
    procedure = procedure_at_cdp(cdp_on=D(2024, 3, 10))
    with pytest.raises(BusinessError) as error:
        event_record(procedure=procedure, stage=S.SIGNALEMENT, date=D(2024, 2, 3), by=None)
    assert error.value.message == (
        "La date de l'acte (03/02/2024) est antérieure au dernier acte enregistré "
        "(CDP du 10/03/2024)."
    )
    event = event_record(
        procedure=procedure, stage=S.SIGNALEMENT, date=D(2024, 2, 3), by=None, strict=False
    )
    assert event.flagged == error.value.message
    # the stage follows the chronology: the CDP is still the last act
    assert stored(procedure).stage == S.CDP


@pytest.mark.parametrize("strict", [True, False])
def test_always_refused_closed_future_and_negative(strict):
    procedure = procedure_at_cdp(cdp_on=D(2025, 1, 6))
    with pytest.raises(BusinessError, match="est dans le futur"):
        event_record(
            procedure=procedure, stage=S.SIGNALEMENT, date=D(2025, 6, 2), by=None, strict=strict
        )
    with pytest.raises(BusinessError, match="ne peut pas être négatif"):
        event_record(
            procedure=procedure,
            stage=S.SIGNALEMENT,
            date=D(2025, 2, 1),
            by=None,
            debt_amount=Decimal("-1"),
            strict=strict,
        )
    procedure_close(procedure=procedure, outcome=Outcome.PCS, closed_on=D(2025, 2, 1), by=None)
    with pytest.raises(BusinessError) as error:
        event_record(
            procedure=procedure, stage=S.SIGNALEMENT, date=D(2025, 3, 1), by=None, strict=strict
        )
    assert error.value.message == (
        "Cette procédure est clôturée depuis le 01/02/2025 : aucun acte ne peut plus y être "
        "enregistré."
    )
    assert len(events_of(procedure)) == 1


def test_expulsion_during_the_truce_is_refused_citing_l412_6():
    clock.freeze(D(2026, 1, 20))
    procedure = procedure_at_cfp_granted(cfp_on=D(2025, 10, 20))
    with pytest.raises(BusinessError) as error:
        event_record(procedure=procedure, stage=S.EXPULSION, date=D(2026, 1, 15), by=None)
    assert "(du 01/11 au 31/03, CPCE L412-6)" in error.value.message
    event = event_record(
        procedure=procedure, stage=S.EXPULSION, date=D(2026, 1, 15), by=None, strict=False
    )
    assert event.flagged.startswith("Aucune expulsion ne peut avoir lieu pendant la trêve")


def test_expulsion_after_a_granted_cfp_outside_the_truce():
    procedure = procedure_at_cfp_granted(cfp_on=D(2025, 5, 20))
    event = event_record(procedure=procedure, stage=S.EXPULSION, date=D(2025, 5, 27), by=None)
    assert event.flagged == ""
    row = stored(procedure)
    assert (row.stage, row.key_deadline) == (S.EXPULSION, None)


def test_refused_cfp_allows_a_new_requisition():
    procedure = procedure_at_cql(cql_on=D(2024, 9, 15))
    event_record(procedure=procedure, stage=S.RFP, date=D(2024, 12, 2), by=None)
    event_record(
        procedure=procedure,
        stage=S.CFP,
        date=D(2025, 1, 30),
        by=None,
        cfp_decision=CfpDecision.REFUSE,
    )
    with pytest.raises(BusinessError, match="Une expulsion ne peut suivre qu'une décision"):
        event_record(procedure=procedure, stage=S.EXPULSION, date=D(2025, 4, 2), by=None)
    event_record(procedure=procedure, stage=S.RFP, date=D(2025, 4, 2), by=None)
    row = stored(procedure)
    assert (row.stage, row.key_deadline) == (S.RFP, D(2025, 6, 2))


def test_assignation_too_soon_after_a_social_referral_is_recorded_and_flagged():
    procedure = procedure_open(
        household=HouseholdFactory(household_social_sector=True),
        stage=S.SAISINE_BAILLEUR_SOCIAL,
        date=D(2025, 1, 31),
        by=None,
    )
    event = event_record(
        procedure=procedure,
        stage=S.ASSIGNATION,
        date=D(2025, 3, 14),
        hearing_date=D(2025, 9, 1),
        by=None,
    )
    assert event.flagged.startswith("Assignation délivrée avant le 01/04/2025")


def test_long_flags_are_cut_to_the_field_length():
    procedure = procedure_at_cdp(cdp_on=D(2025, 1, 6))
    event = event_record(
        procedure=procedure,
        stage=S.CFP,
        date=D(2025, 1, 2),
        by=None,
        decision="FERME",
        grace_months=40,
        strict=False,
    )
    assert len(event.flagged) == 250
    assert event.flagged.endswith("…")


def test_recording_does_not_query_per_event():
    def queries_for(procedure, day):
        with CaptureQueriesContext(connection) as ctx:
            event_record(procedure=procedure, stage=S.SIGNALEMENT, date=day, by=None)
        return len(ctx.captured_queries)

    short = procedure_at_cdp(cdp_on=D(2025, 1, 6))
    long = procedure_at_cql(cql_on=D(2025, 3, 3))
    assert len(events_of(long)) > len(events_of(short)) + 3
    RuleBook.for_departement(short.departement_id)  # warm the rule cache
    assert queries_for(short, D(2025, 4, 1)) == queries_for(long, D(2025, 4, 1))


# --- closing and refreshing ----------------------------------------------------------


def test_closing_for_eviction_requires_the_eviction_act():
    procedure = procedure_at_cql(cql_on=D(2024, 9, 15))
    with pytest.raises(BusinessError) as error:
        procedure_close(
            procedure=procedure, outcome=Outcome.EXPULSION, closed_on=D(2025, 5, 1), by=None
        )
    assert "ajoutez d'abord l'acte « Expulsion réalisée »" in error.value.message
    assert stored(procedure).closed_on is None


def test_closing_date_checks_and_effects():
    procedure = procedure_at_cql(cql_on=D(2025, 5, 10))
    assert stored(procedure).key_deadline == D(2025, 7, 11)
    with pytest.raises(BusinessError) as error:
        procedure_close(
            procedure=procedure, outcome=Outcome.RELOGEMENT, closed_on=D(2025, 5, 1), by=None
        )
    assert error.value.message == (
        "La date de clôture (01/05/2025) est antérieure au dernier acte enregistré "
        "(CQL du 10/05/2025)."
    )
    with pytest.raises(BusinessError, match="est dans le futur"):
        procedure_close(
            procedure=procedure, outcome=Outcome.RELOGEMENT, closed_on=D(2025, 7, 1), by=None
        )
    procedure_close(
        procedure=procedure, outcome=Outcome.RELOGEMENT, closed_on=D(2025, 5, 20), by=None
    )
    row = stored(procedure)
    assert (row.closed_on, row.outcome, row.key_deadline) == (
        D(2025, 5, 20),
        Outcome.RELOGEMENT,
        None,
    )
    assert procedure.closed_on == D(2025, 5, 20)
    with pytest.raises(BusinessError, match="déjà clôturée"):
        procedure_close(
            procedure=procedure, outcome=Outcome.RELOGEMENT, closed_on=D(2025, 5, 21), by=None
        )


def test_closing_after_a_recorded_eviction():
    procedure = procedure_at_cfp_granted(cfp_on=D(2025, 5, 20))
    event_record(procedure=procedure, stage=S.EXPULSION, date=D(2025, 5, 27), by=None)
    procedure_close(
        procedure=procedure, outcome=Outcome.EXPULSION, closed_on=D(2025, 5, 27), by=None
    )
    assert stored(procedure).outcome == Outcome.EXPULSION


def test_refresh_recomputes_after_a_rule_change():
    procedure = procedure_at_assignation(assignation_on=D(2025, 3, 3), hearing_on=D(2025, 8, 29))
    Procedure.objects.filter(pk=procedure.pk).update(key_deadline=None, stage=S.IMPAYE)
    procedure_refresh(procedure=procedure)
    row = stored(procedure)
    assert (row.stage, row.key_deadline) == (S.ASSIGNATION, D(2025, 7, 18))
    # the préfet-notification delay of the département is overridden to 8 weeks
    LegalRule.objects.create(
        code="ASSIGNATION_NOTIFICATION_PREFET",
        label="Test",
        value=8,
        unit="WEEKS",
        direction="AVANT",
        valid_from=D(2025, 1, 1),
        legal_basis="Test",
        short_basis="Test",
        departement_id=procedure.departement_id,
    )
    procedure_refresh(procedure=procedure)
    assert stored(procedure).key_deadline == D(2025, 7, 4)


def test_denormalised_stage_ignores_a_late_signalement():
    procedure = procedure_at_cql(cql_on=D(2025, 2, 10))
    event_record(procedure=procedure, stage=S.SIGNALEMENT, date=D(2025, 2, 20), by=None)
    row = stored(procedure)
    assert (row.stage, row.stage_date) == (S.CQL, D(2025, 2, 10))
    assert Event.objects.filter(procedure=procedure, stage=S.SIGNALEMENT).exists()
