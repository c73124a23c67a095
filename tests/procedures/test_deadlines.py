"""Deadlines from dated events (pure: unsaved events, in-memory rules)."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prevex.procedures.calendar_fr import public_holiday
from prevex.procedures.deadlines import (
    compute_deadlines,
    eviction_possible,
    key_deadline,
    next_steps,
    refresh_procedure_fields,
)
from prevex.procedures.models import CfpDecision, Decision, Event, Ground, Procedure, Stage
from prevex.procedures.rules import add_months, in_winter_truce

from .conftest import memory_rulebook

D = datetime.date
S = Stage
TODAY = D(2025, 1, 1)


def ev(stage, day, **fields):
    return Event(stage=stage, date=day, **fields)


def deadlines(events, ground=Ground.IMPAYES, today=TODAY, closed_on=None):
    procedure = Procedure(ground=ground, closed_on=closed_on)
    return compute_deadlines(
        procedure=procedure, events=events, rulebook=memory_rulebook(), today=today
    )


def by_code(events, code, **kw):
    found = [d for d in deadlines(events, **kw) if d.code == code]
    assert len(found) == 1, [d.code for d in deadlines(events, **kw)]
    return found[0]


# --- clause résolutoire --------------------------------------------------------------


def test_clause_after_a_cdp_served_before_the_reform_is_two_months():
    d = by_code([ev(S.CDP, D(2023, 7, 28))], "CLAUSE_RESOLUTOIRE")
    # No lease date: the CDP's date selects the rule (2 months); the delay's last day is
    # Thursday 28/09, the clause is acquired from the next day.
    assert d.date == D(2023, 9, 29)
    assert d.text == (
        "Clause résolutoire acquise à partir du 29/09/2023 "
        "(Loi 1989 art. 24 I : 2 mois après le CDP ; date du bail inconnue : délai calculé selon la date du commandement)"
    )
    assert d.rule.value == 2
    assert d.status == "past"


def test_clause_after_a_cdp_served_on_the_reform_day_is_six_weeks():
    d = by_code([ev(S.CDP, D(2023, 7, 29))], "CLAUSE_RESOLUTOIRE")
    # 6 weeks end on Saturday 09/09/2023: extended to Monday 11/09 (CPC 642), acquired 12/09.
    assert d.date == D(2023, 9, 12)
    assert d.text.endswith(
        "(Loi 1989 art. 24 I : 6 semaines après le CDP ; date du bail inconnue : délai calculé selon la date du commandement)"
    )


def test_clause_example_from_the_brief():
    d = by_code([ev(S.CDP, D(2024, 3, 31))], "CLAUSE_RESOLUTOIRE", today=D(2024, 4, 2))
    assert d.text == (
        "Clause résolutoire acquise à partir du 14/05/2024 "  # 12/05 is a Sunday
        "(Loi 1989 art. 24 I : 6 semaines après le CDP ; date du bail inconnue : délai calculé selon la date du commandement)"
    )
    assert d.status == "upcoming"


# --- assignation ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("assigned", "expected", "delay"),
    [
        (D(2023, 7, 28), D(2023, 10, 16), "2 mois"),
        (D(2023, 7, 29), D(2023, 11, 3), "6 semaines"),  # Saturday 04/11 → Friday 03/11
    ],
)
def test_notification_to_the_prefet_uses_the_rule_in_force_on_the_assignation(
    assigned, expected, delay
):
    events = [ev(S.ASSIGNATION, assigned, hearing_date=D(2023, 12, 16))]
    d = by_code(events, "NOTIFICATION_PREFET", today=D(2023, 8, 1))
    assert d.date == expected
    assert d.text == (
        f"Assignation à notifier au préfet au plus tard le {expected:%d/%m/%Y} "
        f"(Loi 1989 art. 24 III : {delay} avant l'audience du 16/12/2023)"
    )


def test_a_hearing_too_close_to_the_assignation_is_flagged_on_the_notification():
    """Art. 24 III: notified « au moins six semaines avant l'audience », à peine
    d'irrecevabilité. A hearing set 4 weeks after the assignation makes that impossible:
    the file says so (the act is still recorded: it happened)."""
    events = [ev(S.ASSIGNATION, D(2024, 11, 4), hearing_date=D(2024, 12, 2))]
    d = by_code(events, "NOTIFICATION_PREFET", today=D(2024, 11, 5))
    assert d.date == D(2024, 10, 21)
    assert d.text.endswith(
        "— audience fixée moins de 6 semaines après l'assignation du 04/11/2024 : "
        "délai impossible à tenir, irrecevabilité possible"
    )
    on_time = [ev(S.ASSIGNATION, D(2024, 11, 4), hearing_date=D(2025, 1, 20))]
    assert "irrecevabilité" not in by_code(on_time, "NOTIFICATION_PREFET").text


def test_hearing_and_dsf_deadlines_until_the_judgment():
    events = [ev(S.ASSIGNATION, D(2024, 11, 4), hearing_date=D(2025, 3, 20))]
    dsf = by_code(events, "DSF")
    assert dsf.date == D(2025, 3, 19)
    assert dsf.text == (
        "Diagnostic social et financier à transmettre au juge au plus tard le 19/03/2025 "
        "(Loi 1989 art. 24 III : avant l'audience du 20/03/2025)"
    )
    assert by_code(events, "AUDIENCE").date == D(2025, 3, 20)
    # renvoi: the hearing moves
    events.append(ev(S.AUDIENCE, D(2025, 3, 20), hearing_date=D(2025, 6, 5)))
    assert by_code(events, "AUDIENCE", today=D(2025, 3, 21)).date == D(2025, 6, 5)
    events.append(ev(S.DSF, D(2025, 5, 2)))
    codes = {d.code for d in deadlines(events)}
    assert "DSF" not in codes and "NOTIFICATION_PREFET" not in codes and "AUDIENCE" in codes
    events.append(ev(S.JUGEMENT, D(2025, 6, 5), decision="FERME", contradictoire=True))
    assert "AUDIENCE" not in {d.code for d in deadlines(events)}


@pytest.mark.parametrize(
    "hearing,expected",
    [
        (D(2025, 3, 20), D(2025, 3, 19)),  # Thursday: the Wednesday before
        (D(2025, 3, 24), D(2025, 3, 21)),  # Monday: the Friday before, not the Sunday
        (D(2025, 4, 22), D(2025, 4, 18)),  # Tuesday after Easter Monday: Friday 18/04
        (D(2025, 11, 12), D(2025, 11, 10)),  # Wednesday after 11 November: Monday 10/11
    ],
)
def test_the_dsf_is_due_the_last_working_day_before_the_hearing(hearing, expected):
    """A dated rule (DSF_TRANSMISSION), not a day computed in the code: « avant
    l'audience », moved back to a working day (a Monday hearing is not due on Sunday)."""
    events = [ev(S.ASSIGNATION, D(2024, 11, 4), hearing_date=hearing)]
    dsf = by_code(events, "DSF")
    assert dsf.date == expected
    assert dsf.rule is not None and dsf.rule.code == "DSF_TRANSMISSION"


def test_no_dsf_deadline_for_a_hearing_before_the_social_inquiry_existed():
    events = [ev(S.ASSIGNATION, D(1998, 2, 2), hearing_date=D(1998, 5, 4))]
    assert "DSF" not in {d.code for d in deadlines(events, today=D(1998, 3, 1))}
    assert "AUDIENCE" in {d.code for d in deadlines(events, today=D(1998, 3, 1))}


def test_notification_to_the_prefet_only_for_rent_arrears():
    events = [ev(S.ASSIGNATION, D(2024, 11, 4), hearing_date=D(2025, 3, 20))]
    codes = {d.code for d in deadlines(events, ground=Ground.TROUBLES)}
    assert "NOTIFICATION_PREFET" not in codes
    assert "AUDIENCE" in codes


def test_social_landlord_may_summon_two_months_after_its_referral():
    events = [ev(S.SAISINE_BAILLEUR_SOCIAL, D(2024, 12, 31))]
    d = by_code(events, "ASSIGNATION_POSSIBLE")
    assert d.date == D(2025, 3, 1)
    assert d.text == (
        "Assignation possible à partir du 01/03/2025 (Loi 1989 art. 24 II : 2 mois après la "
        "saisine de la CCAPEX par le bailleur)"
    )
    events.append(ev(S.ASSIGNATION, D(2025, 3, 3), hearing_date=D(2025, 9, 1)))
    assert "ASSIGNATION_POSSIBLE" not in {d.code for d in deadlines(events)}


# --- after the CQL -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cql", "expected", "truce"),
    [
        (D(2024, 9, 15), D(2025, 4, 1), True),  # 15/11 falls in the truce
        (D(2025, 1, 10), D(2025, 4, 1), True),  # 10/03 falls in the truce
        (D(2025, 2, 15), D(2025, 4, 16), False),  # delay ends 15/04: possible from 16/04
        (D(2024, 8, 30), D(2024, 10, 31), False),  # delay ends 30/10: possible from 31/10
        (D(2024, 8, 31), D(2025, 4, 1), True),  # delay ends 31/10: 01/11 is in the truce
        (D(2024, 9, 1), D(2025, 4, 1), True),  # 01/11: first day of the truce
    ],
)
def test_eviction_possible_after_the_cql_and_the_truce(cql, expected, truce):
    d = by_code([ev(S.CQL, cql)], "EXPULSION_POSSIBLE")
    suffix = " ; trêve hivernale jusqu'au 31/03" if truce else ""
    assert d.text == (
        f"Expulsion possible à partir du {expected:%d/%m/%Y} "
        f"(CPCE L412-1 : 2 mois après le CQL){suffix}"
    )
    assert d.date == expected
    assert d.rule.code == "CQL_EXPULSION_DELAI"


def test_grace_granted_by_the_judge_pushes_the_eviction():
    events = [
        ev(S.JUGEMENT, D(2025, 2, 3), decision=Decision.FERME, contradictoire=True, grace_months=6),
        ev(S.CQL, D(2025, 3, 3)),
    ]
    d = by_code(events, "EXPULSION_POSSIBLE")
    assert d.date == D(2025, 8, 5)  # 6 months end on Sunday 03/08 → Monday 04/08
    assert d.text == (
        "Expulsion possible à partir du 05/08/2025 "
        "(CPCE L412-3 et L412-4 : délais de 6 mois accordés par le jugement contradictoire "
        "du 03/02/2025, comptés de sa date, CPC art. 511)"
    )
    assert d.rule.code == "DELAIS_GRACE_MAX"


def test_grace_ending_in_the_truce_is_pushed_too():
    events = [ev(S.CQL, D(2025, 6, 2), grace_months=6)]
    d = by_code(events, "EXPULSION_POSSIBLE")
    assert d.date == D(2026, 4, 1)
    assert d.text.endswith(" ; trêve hivernale jusqu'au 31/03")


@given(
    st.dates(min_value=D(2015, 1, 1), max_value=D(2040, 12, 31)),
    st.one_of(st.none(), st.integers(min_value=1, max_value=36)),
)
def test_eviction_is_never_in_a_truce_nor_before_the_cql_delay(cql_day, grace):
    book = memory_rulebook()
    possible = eviction_possible(events=[ev(S.CQL, cql_day, grace_months=grace)], rulebook=book)
    assert not in_winter_truce(possible.date, book)
    assert possible.date >= add_months(cql_day, 2)
    if grace:
        assert possible.date >= add_months(cql_day, grace)


@pytest.mark.parametrize(
    ("cql", "legal", "expected", "truce", "why"),
    [
        # 01/04/2024: Easter Monday
        (D(2024, 1, 10), D(2024, 4, 1), D(2024, 4, 2), True, "un jour férié"),
        # Easter Sunday, then Monday
        (D(2029, 1, 10), D(2029, 4, 1), D(2029, 4, 3), True, "un dimanche"),
        # ends Mon 13/07, then 14/07
        (D(2026, 5, 13), D(2026, 7, 14), D(2026, 7, 15), False, "un jour férié"),
    ],
)
def test_no_eviction_on_a_sunday_or_a_public_holiday(cql, legal, expected, truce, why):
    d = by_code([ev(S.CQL, cql)], "EXPULSION_POSSIBLE", today=cql)
    assert d.date == expected
    assert d.text.startswith(f"Expulsion possible à partir du {expected:%d/%m/%Y} (CPCE L412-1")
    assert ("trêve hivernale jusqu'au 31/03" in d.text) is truce
    assert d.text.endswith(
        f" ; le {legal:%d/%m/%Y} est {why}, sans mesure d'exécution (CPCE L141-1)"
    )
    # the check of a recorded eviction keeps the legal date (the judge may allow it)
    assert eviction_possible(events=[ev(S.CQL, cql)], rulebook=memory_rulebook()).date == legal


def test_the_reason_names_sunday_and_holiday_apart():
    from prevex.procedures.deadlines import _no_execution

    book = memory_rulebook()
    assert _no_execution(D(2027, 8, 15), book) == "un dimanche et un jour férié"  # Assumption
    assert _no_execution(D(2026, 8, 15), book) == "un jour férié"  # a Saturday
    assert _no_execution(D(2026, 8, 16), book) == "un dimanche"


@given(st.dates(min_value=D(2015, 1, 1), max_value=D(2040, 12, 31)))
def test_the_eviction_deadline_is_never_a_sunday_nor_a_holiday(cql_day):
    d = by_code([ev(S.CQL, cql_day)], "EXPULSION_POSSIBLE", today=cql_day)
    legal = eviction_possible(events=[ev(S.CQL, cql_day)], rulebook=memory_rulebook()).date
    assert d.date.weekday() != 6 and not public_holiday(d.date)
    assert legal <= d.date <= legal + datetime.timedelta(days=3)
    assert (d.date == legal) is ("CPCE L141-1" not in d.text)


def test_prefet_decision_is_due_two_months_after_the_requisition():
    events = [ev(S.CQL, D(2024, 9, 15)), ev(S.RFP, D(2025, 3, 10))]
    d = by_code(events, "DECISION_CFP", today=D(2025, 3, 11))
    assert d.date == D(2025, 5, 12)  # 10/05 is a Saturday
    assert d.text == (
        "Décision du préfet sur le concours de la force publique attendue au plus tard le "
        "12/05/2025 (CPCE R153-1 : 2 mois après la réquisition ; silence vaut refus)"
    )
    events.append(ev(S.CFP, D(2025, 4, 2), cfp_decision=CfpDecision.REFUSE))
    assert "DECISION_CFP" not in {d.code for d in deadlines(events)}


def test_eviction_deadline_disappears_once_the_eviction_is_recorded():
    events = [
        ev(S.CQL, D(2024, 9, 15)),
        ev(S.RFP, D(2024, 11, 20)),
        ev(S.CFP, D(2025, 1, 10), cfp_decision=CfpDecision.ACCORDE),
    ]
    assert "EXPULSION_POSSIBLE" in {d.code for d in deadlines(events)}
    events.append(ev(S.EXPULSION, D(2025, 4, 10)))
    assert "EXPULSION_POSSIBLE" not in {d.code for d in deadlines(events)}


def test_missing_rule_leaves_the_deadline_out_instead_of_failing():
    events = [ev(S.CDP, D(1985, 1, 10))]  # before any seeded rule
    assert deadlines(events) == []


# --- key deadline, next steps, refresh -----------------------------------------------


def test_key_deadline_is_the_next_upcoming_one_sorted_first():
    events = [
        ev(S.CDP, D(2024, 9, 2)),
        ev(S.ASSIGNATION, D(2024, 12, 2), hearing_date=D(2025, 4, 10)),
    ]
    found = deadlines(events, today=D(2025, 3, 1))
    assert [d.code for d in found] == [
        "CLAUSE_RESOLUTOIRE",
        "NOTIFICATION_PREFET",
        "DSF",
        "AUDIENCE",
    ]
    assert [d.status for d in found] == ["past", "past", "upcoming", "upcoming"]
    assert key_deadline(found, D(2025, 2, 1)) == D(2025, 2, 27)
    assert key_deadline(found, D(2025, 3, 1)) == D(2025, 4, 9)
    assert key_deadline(found, D(2025, 4, 10)) == D(2025, 4, 10)
    assert key_deadline(found, D(2025, 4, 11)) is None


def test_next_steps_follow_the_position_and_stop_when_closed():
    open_procedure = Procedure(ground=Ground.IMPAYES)
    events = [
        ev(S.CDP, D(2024, 3, 10)),
        ev(S.ASSIGNATION, D(2024, 6, 3), hearing_date=D(2024, 11, 1)),
    ]
    assert next_steps(procedure=open_procedure, events=events) == [
        S.DSF,
        S.AUDIENCE,
        S.JUGEMENT,
        S.SIGNALEMENT,
    ]
    assert next_steps(procedure=open_procedure, events=[])[0] == S.IMPAYE
    closed = Procedure(ground=Ground.IMPAYES, closed_on=D(2024, 7, 1))
    assert next_steps(procedure=closed, events=events) == []


def test_next_steps_leave_out_the_referral_of_a_landlord_not_bound_by_art_24_ii():
    procedure = Procedure(ground=Ground.IMPAYES)
    events = [ev(S.SIGNALEMENT, D(2026, 12, 1))]
    assert S.SAISINE_BAILLEUR_SOCIAL in next_steps(procedure=procedure, events=events)
    social = next_steps(procedure=procedure, events=events, landlord_type="BAILLEUR_SOCIAL")
    owner = next_steps(procedure=procedure, events=events, landlord_type="PERSONNE_PHYSIQUE")
    assert S.SAISINE_BAILLEUR_SOCIAL in social
    assert owner == [s for s in social if s != S.SAISINE_BAILLEUR_SOCIAL]
    assert S.CDP in owner


def test_refresh_sets_stage_debt_and_key_deadline_without_saving():
    procedure = Procedure(ground=Ground.IMPAYES, stage=S.CDP, stage_date=D(2024, 9, 2))
    events = [
        ev(S.CDP, D(2024, 9, 2), debt_amount=Decimal("1500.00")),
        ev(S.ASSIGNATION, D(2024, 12, 2), hearing_date=D(2025, 4, 10), debt_amount=Decimal("2900")),
        ev(S.SIGNALEMENT, D(2024, 12, 20)),
    ]
    refresh_procedure_fields(procedure, events, memory_rulebook(), D(2025, 3, 1))
    assert (procedure.stage, procedure.stage_date) == (S.ASSIGNATION, D(2024, 12, 2))
    assert procedure.current_debt == Decimal("2900")
    assert procedure.key_deadline == D(2025, 4, 9)
    assert procedure.pk is None
    procedure.closed_on = D(2025, 3, 2)
    refresh_procedure_fields(procedure, events, memory_rulebook(), D(2025, 3, 2))
    assert procedure.key_deadline is None


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2026, 11, 23), D(2027, 4, 1)),  # eviction possible since 16/10, truce since 01/11
        (D(2027, 3, 31), D(2027, 4, 1)),  # last day of the truce
        (D(2027, 4, 1), None),  # truce over: nothing holds the eviction back
        (D(2026, 10, 31), None),  # before the truce
    ],
)
def test_truce_in_progress_holds_back_a_past_eviction_date(today, expected):
    found = deadlines([ev(S.CQL, D(2026, 8, 16))], today=today)
    truce = [d for d in found if d.code == "TREVE_EN_COURS"]
    if expected is None:
        assert truce == []
        return
    assert len(truce) == 1
    assert truce[0].date == expected
    assert truce[0].text == (
        f"Trêve hivernale en cours : aucune expulsion avant le {expected:%d/%m/%Y} (CPCE L412-6)"
    )
    assert key_deadline(found, today) == expected


def test_a_closed_procedure_keeps_only_what_fell_due_while_it_ran():
    """Closed on 01/09/2026 (the household rehoused): the clause and the hearing stay as
    history; the eviction date after the closing day and the winter truce are gone."""
    events = [ev(S.CDP, D(2026, 1, 5)), ev(S.CQL, D(2026, 8, 16))]
    running = {d.code for d in deadlines(events, today=D(2026, 11, 23))}
    assert {"CLAUSE_RESOLUTOIRE", "EXPULSION_POSSIBLE", "TREVE_EN_COURS"} <= running
    closed = deadlines(events, today=D(2026, 11, 23), closed_on=D(2026, 9, 1))
    assert {d.code for d in closed} == {"CLAUSE_RESOLUTOIRE"}
    assert all(d.date <= D(2026, 9, 1) and d.status == "past" for d in closed)
