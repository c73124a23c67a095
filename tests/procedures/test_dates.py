"""Issue 10, pure: each rule by its date (lease, working days, truce and grâce history,
payment plans, acts in review, the CCAPEX threshold). Unsaved events, in-memory rules."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prevex.procedures.calendar_fr import next_working_day, working_day
from prevex.procedures.deadlines import Context, compute_deadlines, refresh_procedure_fields
from prevex.procedures.models import Decision, Event, Ground, Procedure, Stage
from prevex.procedures.rules import (
    LEASE_UNKNOWN,
    Rule,
    RuleBook,
    add_delay,
    delay_end,
    effect_from,
    in_winter_truce,
    subtract_delay,
)
from prevex.procedures.rules_data import RULES
from prevex.procedures.stages import check_transition
from prevex.procedures.thresholds import report_reason, report_required

from .conftest import memory_rulebook

D = datetime.date
S = Stage


def ev(stage, day, **fields):
    return Event(stage=stage, date=day, **fields)


TODAY = D(2025, 1, 1)


def found(events, code, *, today=TODAY, lease=None, departement=None):
    deadlines = compute_deadlines(
        procedure=Procedure(ground=Ground.IMPAYES),
        events=events,
        rulebook=memory_rulebook(departement),
        today=today,
        lease_date=lease,
    )
    matches = [d for d in deadlines if d.code == code]
    return matches[0] if matches else None


# --- the lease date selects the clause résolutoire delay -------------------------------

CDP_DAY = D(2024, 3, 4)  # a Monday


def test_lease_concluded_on_28_july_2023_keeps_two_months():
    d = found([ev(S.CDP, CDP_DAY)], "CLAUSE_RESOLUTOIRE", lease=D(2023, 7, 28))
    # 04/05/2024 is a Saturday: the delay runs to Monday 06/05, acquired from 07/05.
    assert d.date == D(2024, 5, 7)
    assert d.rule.value == 2 and d.rule.unit == "MONTHS"
    assert "bail du 28/07/2023" in d.text and LEASE_UNKNOWN not in d.text


def test_lease_concluded_on_29_july_2023_has_six_weeks():
    d = found([ev(S.CDP, CDP_DAY)], "CLAUSE_RESOLUTOIRE", lease=D(2023, 7, 29))
    assert d.date == D(2024, 4, 16)  # 6 weeks end on Monday 15/04
    assert (d.rule.value, d.rule.unit) == (6, "WEEKS")


def test_a_cdp_after_the_reform_on_an_old_lease_keeps_two_months():
    # Cass. avis n° 24-70.002: the 2023 law is not retroactive; a lease from 1985 too.
    for lease in (D(2019, 5, 1), D(1985, 1, 1)):
        d = found([ev(S.CDP, D(2025, 6, 2))], "CLAUSE_RESOLUTOIRE", lease=lease)
        assert d.rule.value == 2 and d.rule.unit == "MONTHS"


def test_unknown_lease_falls_back_to_the_cdp_date_and_says_so():
    d = found([ev(S.CDP, CDP_DAY)], "CLAUSE_RESOLUTOIRE")
    assert (d.rule.value, d.rule.unit) == (6, "WEEKS")
    assert d.text.endswith(f"; {LEASE_UNKNOWN})")
    assert LEASE_UNKNOWN == "date du bail inconnue : délai calculé selon la date du commandement"
    before = found([ev(S.CDP, D(2023, 7, 28))], "CLAUSE_RESOLUTOIRE")
    assert before.rule.value == 2


def test_rules_say_which_date_selects_them():
    book = memory_rulebook()
    assert book.selector("CLAUSE_RESOLUTOIRE_DELAI") == "BAIL"
    assert book.selector("CQL_EXPULSION_DELAI") == "ACTE"
    chosen = book.select("CLAUSE_RESOLUTOIRE_DELAI", act=D(2024, 1, 1), lease=D(2020, 1, 1))
    assert chosen.on == D(2020, 1, 1) and not chosen.fallback
    chosen = book.select("CLAUSE_RESOLUTOIRE_DELAI", act=D(2024, 1, 1))
    assert chosen.on == D(2024, 1, 1) and chosen.fallback


# --- working days (CPC 640-642) -----------------------------------------------------


def test_a_delay_ending_on_14_july_runs_to_the_next_working_day():
    d = found([ev(S.CQL, D(2025, 5, 14))], "EXPULSION_POSSIBLE")
    # 2 months end on Monday 14/07/2025 (fête nationale): Tuesday 15/07, possible from 16/07.
    assert d.date == D(2025, 7, 16)


def test_a_delay_ending_on_easter_monday_runs_to_tuesday():
    d = found([ev(S.CDP, D(2025, 2, 21))], "CLAUSE_RESOLUTOIRE", lease=D(2010, 1, 1))
    # 2 months end on Easter Monday 21/04/2025: Tuesday 22/04, acquired from 23/04.
    assert d.date == D(2025, 4, 23)


def test_a_delay_ending_on_1_january():
    d = found([ev(S.CQL, D(2025, 9, 1)), ev(S.RFP, D(2025, 11, 1))], "DECISION_CFP")
    assert d.date == D(2026, 1, 2)  # 01/01/2026 is a public holiday, 02/01 a Friday
    assert "au plus tard le 02/01/2026" in d.text


def test_26_december_is_a_holiday_in_moselle_only():
    events = [ev(S.CQL, D(2025, 8, 1)), ev(S.RFP, D(2025, 10, 26))]
    # 2 months after 26/10/2025 end on Friday 26/12/2025.
    assert found(events, "DECISION_CFP", departement="93").date == D(2025, 12, 26)
    assert found(events, "DECISION_CFP", departement="57").date == D(2025, 12, 29)
    assert found(events, "DECISION_CFP", departement="67").date == D(2025, 12, 29)
    assert not working_day(D(2025, 4, 18), "68")  # Good Friday in Alsace
    assert working_day(D(2025, 4, 18), "75")


def test_public_holidays_are_computed_each_year():
    assert not working_day(D(2026, 4, 6))  # Easter Monday 2026
    assert not working_day(D(2026, 5, 14))  # Ascension 2026
    assert not working_day(D(2026, 5, 25))  # Whit Monday 2026
    assert not working_day(D(2026, 1, 1))
    assert working_day(D(2026, 1, 2))


def test_a_delay_counted_back_moves_earlier():
    events = [ev(S.ASSIGNATION, D(2024, 1, 10), hearing_date=D(2024, 4, 7))]
    d = found(events, "NOTIFICATION_PREFET", today=D(2024, 1, 11))
    # 6 weeks before Sunday 07/04/2024 is Sunday 25/02: notify by Friday 23/02.
    assert d.date == D(2024, 2, 23)


rules_with_delays = [
    r for r in memory_rulebook().all_rules() if r.unit in ("DAYS", "WEEKS", "MONTHS")
]


@given(
    st.dates(min_value=D(1990, 1, 1), max_value=D(2060, 12, 31)),
    st.sampled_from(rules_with_delays),
    st.sampled_from([None, "93", "57", "67", "971"]),
)
def test_working_day_result_is_never_a_weekend_or_holiday_nor_before_the_calendar(
    day, rule, departement
):
    end = delay_end(day, rule, departement)
    if rule.direction == "AVANT":
        calendar = subtract_delay(day, rule)
        assert end <= calendar
    else:
        calendar = add_delay(day, rule)
        assert end >= calendar
        assert effect_from(day, rule, departement) == end + datetime.timedelta(days=1)
    if rule.working_days:
        assert working_day(end, departement)
        assert abs((end - calendar).days) <= 5
    else:
        assert end == calendar


@given(st.dates(min_value=D(1990, 1, 1), max_value=D(2060, 12, 31)))
def test_next_working_day_is_the_first_one(day):
    result = next_working_day(day)
    assert result >= day and working_day(result)
    assert all(
        not working_day(day + datetime.timedelta(days=k)) for k in range((result - day).days)
    )


# --- historic rules -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "in_truce"),
    [
        (D(2013, 3, 15), True),  # last day of the truce before loi ALUR
        (D(2013, 3, 20), False),
        (D(2014, 3, 20), False),  # loi ALUR not yet in force (27/03/2014)
        (D(2014, 3, 28), True),  # ALUR: the 2013-2014 truce runs to 31/03
        (D(2015, 3, 20), True),
        (D(2015, 4, 1), False),
        (D(2005, 11, 1), True),  # 1 November since 1989
        (D(2005, 10, 31), False),
        (D(2019, 4, 1), False),  # the 2018-2019 truce ended on 31/03
        (D(2020, 4, 1), True),  # 2019-2020: extended by ordonnance to 10/07/2020
        (D(2020, 7, 10), True),
        (D(2020, 7, 11), False),
        (D(2021, 5, 31), True),  # 2020-2021: extended to 31/05/2021
        (D(2021, 6, 1), False),
        (D(2022, 4, 1), False),  # back to 31/03
        (D(2022, 3, 31), True),
    ],
)
def test_truce_end_moved_with_loi_alur(day, in_truce):
    assert in_winter_truce(day, memory_rulebook()) is in_truce


def test_eviction_after_the_truce_extended_in_2020():
    d = found([ev(S.CQL, D(2020, 1, 10))], "EXPULSION_POSSIBLE", today=D(2020, 1, 11))
    assert d.date == D(2020, 7, 11)
    assert d.text.endswith("trêve hivernale jusqu'au 10/07")


def test_eviction_after_a_truce_ending_on_15_march():
    d = found([ev(S.CQL, D(2013, 1, 10))], "EXPULSION_POSSIBLE", today=D(2013, 1, 11))
    assert d.date == D(2013, 3, 16)
    assert d.text.endswith("trêve hivernale jusqu'au 15/03")


@pytest.mark.parametrize(
    ("judged", "months", "ok"),
    [
        (D(2008, 6, 2), 36, True),  # CCH L613-1: 3 months to 3 years
        (D(2008, 6, 2), 1, False),
        (D(2010, 6, 1), 24, False),  # MOLLE: 1 month to 1 year
        (D(2010, 6, 1), 1, True),
        (D(2013, 6, 3), 12, True),  # CPCE, same bounds
        (D(2015, 6, 1), 36, True),  # ALUR: 3 months to 3 years
        (D(2015, 6, 1), 2, False),
        (D(2024, 6, 3), 24, False),  # loi 2023-668: 1 month to 1 year
    ],
)
def test_grace_bounds_follow_each_law(judged, months, ok):
    events = [ev(S.ASSIGNATION, judged - datetime.timedelta(days=90), hearing_date=judged)]
    fields = {"date": judged, "decision": Decision.FERME, "contradictoire": True}
    fields["grace_months"] = months
    reason = check_transition(events, S.JUGEMENT, fields, rulebook=memory_rulebook())
    assert (reason is None) is ok, reason


def test_every_truce_and_grace_rule_is_continuous_from_1989():
    book = memory_rulebook()
    for code in ("TREVE_DEBUT", "TREVE_FIN", "DELAIS_GRACE_MIN", "DELAIS_GRACE_MAX"):
        rows = sorted((r for r in book.all_rules() if r.code == code), key=lambda r: r.valid_from)
        assert rows[0].valid_from == D(1989, 7, 8)
        assert rows[-1].valid_to is None
        assert all(a.valid_to == b.valid_from for a, b in zip(rows, rows[1:], strict=False))


# --- payment delays of a conditional judgment ------------------------------------------


def _conditional(**plan):
    return [
        ev(S.ASSIGNATION, D(2024, 9, 2), hearing_date=D(2025, 1, 15)),
        ev(
            S.JUGEMENT,
            D(2025, 1, 15),
            decision=Decision.CONDITIONNELLE,
            contradictoire=True,
            payment_months=24,
            instalment_amount=Decimal("150.00"),
            first_instalment_on=D(2025, 2, 5),
            **plan,
        ),
    ]


def test_the_next_instalment_is_shown_and_is_the_key_deadline():
    d = found(_conditional(), "ECHEANCE_PLAN", today=D(2025, 3, 1))
    assert d.date == D(2025, 3, 5)
    assert d.text.startswith("Échéance n° 2/24 du plan de paiement de 150,00 € due le 05/03/2025")
    procedure = Procedure(ground=Ground.IMPAYES)
    refresh_procedure_fields(procedure, _conditional(), memory_rulebook(), D(2025, 3, 1))
    assert procedure.key_deadline == D(2025, 3, 5)
    assert found(_conditional(), "FIN_PLAN", today=D(2027, 2, 6)).date == D(2027, 1, 5)


def test_a_missed_instalment_revives_the_clause_and_the_deadlines_that_follow():
    events = _conditional(instalment_missed_on=D(2025, 4, 5))
    revived = found(events, "REPRISE_CLAUSE", today=D(2025, 4, 10))
    assert revived.date == D(2025, 4, 5)
    assert "la clause résolutoire reprend son plein effet" in revived.text
    assert found(events, "ECHEANCE_PLAN", today=D(2025, 4, 10)) is None
    # the CQL that follows is accepted, and the eviction delay runs from it
    fields = {"date": D(2025, 4, 22)}
    assert check_transition(events, S.CQL, fields, rulebook=memory_rulebook()) is None
    events.append(ev(S.CQL, D(2025, 4, 22)))
    assert found(events, "EXPULSION_POSSIBLE", today=D(2025, 4, 23)).date == D(2025, 6, 24)


def test_payment_delays_are_bounded_by_the_law_in_force():
    events = [ev(S.ASSIGNATION, D(2012, 1, 9), hearing_date=D(2012, 5, 2))]
    fields = {
        "date": D(2012, 5, 2),
        "decision": Decision.CONDITIONNELLE,
        "contradictoire": True,
        "payment_months": 30,
        "first_instalment_on": D(2012, 6, 1),
    }
    reason = check_transition(events, S.JUGEMENT, fields, rulebook=memory_rulebook())
    assert "ne peuvent dépasser 24 mois" in reason  # before loi ALUR: 2 years
    fields["payment_months"] = 40
    fields["date"] = D(2025, 5, 2)
    events = [ev(S.ASSIGNATION, D(2025, 1, 9), hearing_date=D(2025, 5, 2))]
    reason = check_transition(events, S.JUGEMENT, fields, rulebook=memory_rulebook())
    assert "ne peuvent dépasser 36 mois" in reason
    fields.update(payment_months=36, decision=Decision.FERME)
    reason = check_transition(events, S.JUGEMENT, fields, rulebook=memory_rulebook())
    assert "ne se saisissent que sur un jugement conditionnel" in reason


# --- acts waiting in the review queue count for nothing ----------------------------------


def test_a_cql_under_review_yields_no_eviction_date():
    events = [
        ev(S.ASSIGNATION, D(2024, 9, 2), hearing_date=D(2025, 1, 15)),
        ev(S.CQL, D(2024, 12, 2), pending_review=True),  # before the judgment
    ]
    assert found(events, "EXPULSION_POSSIBLE") is None
    procedure = Procedure(ground=Ground.IMPAYES)
    refresh_procedure_fields(procedure, events, memory_rulebook(), D(2024, 12, 3))
    assert procedure.stage == S.ASSIGNATION
    events[1].pending_review = False  # accepted by the secretariat
    assert found(events, "EXPULSION_POSSIBLE").date == D(2025, 4, 1)  # after the truce


# --- the CCAPEX reporting threshold -------------------------------------------------------


def _override(departement, value):
    rows = [dict(r) for r in RULES]
    extra = []
    for code, unit in (("CDP_SIGNALEMENT_SEUIL_LOYERS", "RENT_MULTIPLE"),):
        extra.append(
            {
                **next(r for r in rows if r["code"] == code and r["departement"] is None),
                "value": value,
                "unit": unit,
                "valid_from": D(2024, 1, 1),
                "departement": departement,
            }
        )
    rules = [
        Rule(**{k: v for k, v in r.items() if k != "departement"}, departement_id=r["departement"])
        for r in rows + extra
    ]
    return RuleBook(rules, departement)


def test_threshold_flag_with_a_departement_override():
    events = [ev(S.CDP, D(2025, 3, 3), debt_amount=Decimal("2100"))]  # 3 × 700 €
    private = {"monthly_rent": Decimal("700"), "landlord_type": "PERSONNE_PHYSIQUE"}
    reason = report_reason(events, memory_rulebook("75"), **private)
    assert reason == "dette d'au moins 2 fois le loyer (Loi 1989 art. 24 I)"
    assert not report_required(events, _override("13", 4), **private)  # 4 × the rent there
    assert report_required(events, _override("13", 3), **private)
    social = {**private, "landlord_type": "BAILLEUR_SOCIAL"}
    assert not report_required(events, memory_rulebook("75"), **social)
    reported = [*events, ev(S.SIGNALEMENT, D(2025, 3, 10))]
    assert not report_required(reported, memory_rulebook("75"), **private)
    small = [ev(S.CDP, D(2025, 3, 3), debt_amount=Decimal("1000"))]
    assert not report_required(small, memory_rulebook("75"), **private)


def test_threshold_in_months_of_arrears_and_the_old_93_order():
    events = [ev(S.IMPAYE, D(2021, 1, 4)), ev(S.CDP, D(2021, 5, 3), debt_amount=Decimal("1"))]
    private = {"monthly_rent": Decimal("700"), "landlord_type": "SCI_FAMILIALE"}
    assert not report_required(events, memory_rulebook("93"), **private)  # 6 months in 2021
    events[1] = ev(S.CDP, D(2021, 7, 5), debt_amount=Decimal("1"))
    assert report_required(events, memory_rulebook("93"), **private)
    assert not report_required(events, memory_rulebook("75"), **private)  # no rule before 2023
    procedure = Procedure(ground=Ground.IMPAYES)
    context = Context(today=D(2021, 8, 1), **private)
    refresh_procedure_fields(
        procedure, events, memory_rulebook("93"), context.today, context=context
    )
    assert procedure.ccapex_report_required is True
