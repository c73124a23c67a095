"""Audit of the legal delays against the law (2026-12-03): adversarial cases the other
files do not pin. Pure: unsaved events, in-memory rules (the shipped rule rows)."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prevex.procedures.calendar_fr import working_day
from prevex.procedures.deadlines import eviction_possible
from prevex.procedures.models import Decision, Stage
from prevex.procedures.referral_delay import check_warnings
from prevex.procedures.rules import LEASE_UNKNOWN, delay_end, effect_from, in_winter_truce
from prevex.procedures.stages import check_transition

from .conftest import memory_rulebook
from .test_dates import ev, found  # the same helpers (``today`` given on every call)

D = datetime.date
S = Stage
REFORM = D(2023, 7, 29)


# --- 1. each delay of domain.md §3, with its value, unit and validity -------------------


@pytest.mark.parametrize(
    ("code", "on", "value", "unit", "basis"),
    [
        ("CLAUSE_RESOLUTOIRE_DELAI", D(2023, 7, 28), 2, "MONTHS", "art. 24 I"),
        ("CLAUSE_RESOLUTOIRE_DELAI", REFORM, 6, "WEEKS", "2023-668"),
        ("ASSIGNATION_NOTIFICATION_PREFET", D(2023, 7, 28), 2, "MONTHS", "art. 24 III"),
        ("ASSIGNATION_NOTIFICATION_PREFET", REFORM, 6, "WEEKS", "2023-668"),
        ("CQL_EXPULSION_DELAI", D(2023, 7, 28), 2, "MONTHS", "L412-1"),
        ("CQL_EXPULSION_DELAI", REFORM, 2, "MONTHS", "L412-1"),
        ("CFP_DECISION_DELAI", REFORM, 2, "MONTHS", "R153-1"),
        ("DELAIS_GRACE_MIN", D(2023, 7, 28), 3, "MONTHS", "ALUR"),
        ("DELAIS_GRACE_MAX", D(2023, 7, 28), 36, "MONTHS", "ALUR"),
        ("DELAIS_GRACE_MIN", REFORM, 1, "MONTHS", "2023-668"),
        ("DELAIS_GRACE_MAX", REFORM, 12, "MONTHS", "2023-668"),
        ("DELAIS_GRACE_MIN", D(2014, 3, 26), 1, "MONTHS", "L412-3"),  # MOLLE bounds, CPCE
        ("DELAIS_GRACE_MAX", D(2014, 3, 27), 36, "MONTHS", "ALUR"),
        ("DELAIS_GRACE_MAX", D(2009, 3, 27), 36, "MONTHS", "L613-1"),
        ("DELAIS_GRACE_MAX", D(2009, 3, 28), 12, "MONTHS", "MOLLE"),
        ("TREVE_DEBUT", REFORM, 1101, "MONTH_DAY", "L412-6"),
        ("TREVE_FIN", REFORM, 331, "MONTH_DAY", "L412-6"),
        ("SAISINE_BAILLEUR_SOCIAL_DELAI", D(2015, 1, 1), 2, "MONTHS", "art. 24 II"),
    ],
)
def test_each_delay_has_its_value_unit_and_basis_on_both_sides_of_a_change(
    code, on, value, unit, basis
):
    rule = memory_rulebook().get(code, on=on)
    assert (rule.value, rule.unit) == (value, unit)
    assert basis in rule.legal_basis


def test_the_social_landlord_referral_delay_starts_on_1_january_2015():
    # Loi ALUR (art. 27), art. 24 II: « à compter du 1er janvier 2015, les bailleurs
    # personnes morales [...] ne peuvent faire délivrer [...] une assignation [...] avant
    # l'expiration d'un délai de deux mois suivant la saisine de la CCAPEX ».
    book = memory_rulebook()
    assert book.find("SAISINE_BAILLEUR_SOCIAL_DELAI", on=D(2014, 12, 31)) is None
    rule = book.get("SAISINE_BAILLEUR_SOCIAL_DELAI", on=D(2015, 1, 1))
    assert rule.valid_from == D(2015, 1, 1)
    assert "2014-366" in rule.legal_basis


def test_no_assignation_delay_after_a_referral_made_before_2015():
    events = [ev(S.SAISINE_BAILLEUR_SOCIAL, D(2014, 6, 2))]
    assert found(events, "ASSIGNATION_POSSIBLE", today=D(2014, 6, 3)) is None
    fields = {"date": D(2014, 6, 10), "hearing_date": D(2014, 11, 4)}
    assert check_warnings(events, S.ASSIGNATION, fields, rulebook=memory_rulebook()) == []
    # from 2015 the same sequence is flagged
    events = [ev(S.SAISINE_BAILLEUR_SOCIAL, D(2015, 6, 2))]
    fields = {"date": D(2015, 6, 10), "hearing_date": D(2015, 11, 4)}
    warnings = check_warnings(events, S.ASSIGNATION, fields, rulebook=memory_rulebook())
    assert warnings and "irrecevabilité possible" in warnings[0]
    d = found(events, "ASSIGNATION_POSSIBLE", today=D(2015, 6, 3))
    assert d.date == D(2015, 8, 4)  # 2 months end on Monday 03/08/2015


# --- 2. counting (CPC 640-642) --------------------------------------------------------


@pytest.mark.parametrize(
    "whit_monday", [D(2005, 5, 16), D(2006, 6, 5), D(2007, 5, 28), D(2008, 5, 12), D(2024, 5, 20)]
)
def test_whit_monday_is_a_public_holiday_every_year(whit_monday):
    # The holidays library leaves it out in 2005-2007 (« journée de solidarité »), but it
    # stayed in the list of public holidays (C. trav. L222-1, now L3133-1).
    assert not working_day(whit_monday)
    assert working_day(whit_monday + datetime.timedelta(days=1))


def test_a_delay_ending_on_whit_monday_2006_runs_to_tuesday():
    d = found([ev(S.CQL, D(2006, 4, 5))], "EXPULSION_POSSIBLE", today=D(2006, 4, 6))
    # 2 months end on Whit Monday 05/06/2006: Tuesday 06/06, possible from 07/06.
    assert d.date == D(2006, 6, 7)


@pytest.mark.parametrize(
    ("events", "code", "lease", "expected"),
    [
        # 31/12/2023 + 2 months = 29/02/2024 (leap year, clamped), a Thursday
        ([ev(S.CDP, D(2023, 12, 31))], "CLAUSE_RESOLUTOIRE", D(2010, 1, 1), D(2024, 3, 1)),
        # 31/12/2024 + 2 months = 28/02/2025, a Friday
        ([ev(S.CDP, D(2024, 12, 31))], "CLAUSE_RESOLUTOIRE", D(2010, 1, 1), D(2025, 3, 1)),
        # 6 weeks across the year end: 31/12/2024 + 42 days = Tuesday 11/02/2025
        ([ev(S.CDP, D(2024, 12, 31))], "CLAUSE_RESOLUTOIRE", D(2024, 1, 1), D(2025, 2, 12)),
        # 6 weeks ending on 8 May 2025 (Thursday, holiday) → Friday 09/05
        ([ev(S.CDP, D(2025, 3, 27))], "CLAUSE_RESOLUTOIRE", D(2024, 1, 1), D(2025, 5, 10)),
        # 2 months ending on Ascension 29/05/2025 → Friday 30/05
        ([ev(S.CDP, D(2025, 3, 29))], "CLAUSE_RESOLUTOIRE", D(2010, 1, 1), D(2025, 5, 31)),
        # 2 months ending on Friday 15/08/2025 (Assumption) → Monday 18/08
        ([ev(S.CQL, D(2025, 6, 15))], "EXPULSION_POSSIBLE", None, D(2025, 8, 19)),
        # 2 months ending on 11/11/2025 (Tuesday) → 12/11, then the truce → 01/04/2026
        ([ev(S.CQL, D(2025, 9, 11))], "EXPULSION_POSSIBLE", None, D(2026, 4, 1)),
        # RFP 01/03/2025 + 2 months = Thursday 01/05/2025 (holiday) → Friday 02/05
        (
            [ev(S.CQL, D(2024, 9, 2)), ev(S.RFP, D(2025, 3, 1))],
            "DECISION_CFP",
            None,
            D(2025, 5, 2),
        ),
        # RFP 25/10/2025 + 2 months = Thursday 25/12 → Friday 26/12 (not in the 93)
        (
            [ev(S.CQL, D(2025, 6, 2)), ev(S.RFP, D(2025, 10, 25))],
            "DECISION_CFP",
            None,
            D(2025, 12, 26),
        ),
        # RFP 30/12/2023 + 2 months = Thursday 29/02/2024 (leap day)
        (
            [ev(S.CQL, D(2023, 9, 1)), ev(S.RFP, D(2023, 12, 30))],
            "DECISION_CFP",
            None,
            D(2024, 2, 29),
        ),
    ],
)
def test_delays_end_on_the_right_day(events, code, lease, expected):
    d = found(events, code, today=events[-1].date, lease=lease, departement="93")
    assert d.date == expected


def test_a_delay_counted_back_across_the_year_end_and_a_holiday():
    # hearing Monday 12/02/2024; 6 weeks before = Monday 01/01/2024 (holiday): notify by
    # Friday 29/12/2023 (moving later would shorten the préfet's delay).
    events = [ev(S.ASSIGNATION, D(2023, 11, 6), hearing_date=D(2024, 2, 12))]
    d = found(events, "NOTIFICATION_PREFET", today=D(2023, 11, 7))
    assert d.date == D(2023, 12, 29)
    # an assignation of 28/07/2023 keeps the 2 months: by Wednesday 16/08/2023 for a
    # hearing on 16/10/2023
    events = [ev(S.ASSIGNATION, D(2023, 7, 28), hearing_date=D(2023, 10, 16))]
    d = found(events, "NOTIFICATION_PREFET", today=D(2023, 7, 29))
    assert d.date == D(2023, 8, 16)
    assert "2 mois avant l'audience" in d.text


book_rules = [r for r in memory_rulebook().all_rules() if r.unit in ("DAYS", "WEEKS", "MONTHS")]


@given(
    st.dates(min_value=D(1990, 1, 1), max_value=D(2060, 12, 31)),
    st.sampled_from([r for r in book_rules if r.direction == "APRES" and r.working_days]),
)
def test_the_effect_starts_the_day_after_a_working_last_day(day, rule):
    end = delay_end(day, rule, None)
    assert working_day(end)
    assert effect_from(day, rule, None) == end + datetime.timedelta(days=1)
    # the day before the end is within the delay: never a working day moved past
    assert end > day


# --- 3. the date that selects the rule ------------------------------------------------


def test_a_lease_renewed_after_a_pre_reform_cdp_does_not_shorten_its_delay():
    # The CDP of 01/06/2023 was served under the lease then in force, concluded before
    # the 2023 law: 2 months, whatever the renewal recorded since (01/09/2023).
    d = found(
        [ev(S.CDP, D(2023, 6, 1))], "CLAUSE_RESOLUTOIRE", today=D(2023, 6, 2), lease=D(2023, 9, 1)
    )
    assert (d.rule.value, d.rule.unit) == (2, "MONTHS")
    assert d.date == D(2023, 8, 2)  # 2 months end on Tuesday 01/08
    assert "bail du 01/09/2023 postérieur au commandement" in d.text


def test_a_lease_dated_after_a_post_reform_cdp_says_the_lease_then_is_unknown():
    d = found(
        [ev(S.CDP, D(2024, 3, 4))], "CLAUSE_RESOLUTOIRE", today=D(2024, 3, 5), lease=D(2024, 9, 1)
    )
    assert (d.rule.value, d.rule.unit) == (6, "WEEKS")
    assert d.text.endswith(
        "; bail du 01/09/2024 postérieur au commandement : délai calculé selon la date du "
        "commandement)"
    )


def test_select_reports_a_lease_after_the_act_as_a_fallback():
    chosen = memory_rulebook().select(
        "CLAUSE_RESOLUTOIRE_DELAI", act=D(2023, 6, 1), lease=D(2023, 9, 1)
    )
    assert chosen.fallback and chosen.on == D(2023, 6, 1)
    assert chosen.rule.value == 2
    same_day = memory_rulebook().select("CLAUSE_RESOLUTOIRE_DELAI", act=REFORM, lease=REFORM)
    assert not same_day.fallback and same_day.rule.unit == "WEEKS"


@given(
    st.dates(min_value=D(1990, 1, 1), max_value=D(2040, 12, 31)),
    st.dates(min_value=D(1980, 1, 1), max_value=D(2040, 12, 31)),
)
def test_clause_delay_by_lease_and_cdp(cdp, lease):
    book = memory_rulebook()
    today = cdp + datetime.timedelta(days=1)
    known = found([ev(S.CDP, cdp)], "CLAUSE_RESOLUTOIRE", today=today, lease=lease)
    unknown = found([ev(S.CDP, cdp)], "CLAUSE_RESOLUTOIRE", today=today)
    # a CDP served before the reform was served under a lease concluded before it
    if cdp < REFORM:
        assert (known.rule.value, known.rule.unit) == (2, "MONTHS")
    # an unknown lease never yields a later date than a known one: the household is
    # never told it has more time than it has (docs/decisions/2026-12-03-…)
    if lease <= cdp:
        assert unknown.date <= known.date
        assert LEASE_UNKNOWN in unknown.text
    if REFORM <= lease <= cdp:
        assert (known.rule.value, known.rule.unit) == (6, "WEEKS")
    assert book.select("CLAUSE_RESOLUTOIRE_DELAI", act=cdp).on == cdp


@pytest.mark.parametrize(
    ("judged", "months", "ok"),
    [
        (D(2023, 7, 28), 36, True),  # last day of the ALUR bounds
        (D(2023, 7, 28), 2, False),
        (D(2023, 7, 29), 36, False),  # loi 2023-668 in force: at most 1 year
        (D(2023, 7, 29), 1, True),
        (D(2014, 3, 26), 1, True),  # MOLLE bounds still
        (D(2014, 3, 27), 1, False),  # ALUR: at least 3 months
    ],
)
def test_grace_bounds_on_the_switch_days(judged, months, ok):
    events = [ev(S.ASSIGNATION, judged - datetime.timedelta(days=120), hearing_date=judged)]
    fields = {"date": judged, "decision": Decision.FERME, "contradictoire": True}
    fields["grace_months"] = months
    reason = check_transition(events, S.JUGEMENT, fields, rulebook=memory_rulebook())
    assert (reason is None) is ok, reason


# --- 4. the truce -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cql", "expected"),
    [
        (D(2023, 8, 30), D(2023, 10, 31)),  # delay ends Monday 30/10: possible the 31st
        (D(2023, 8, 31), D(2024, 4, 1)),  # ends Tuesday 31/10: 01/11 is in the truce
        (D(2023, 9, 1), D(2024, 4, 1)),  # ends 01/11 (holiday) → 02/11, in the truce
        (D(2024, 1, 29), D(2024, 4, 1)),  # ends Friday 29/03: the truce holds to 31/03
        (D(2024, 2, 1), D(2024, 4, 3)),  # ends Monday 01/04 (Easter) → 02/04, from 03/04
    ],
)
def test_eviction_dates_around_the_truce_bounds(cql, expected):
    book = memory_rulebook()
    possible = eviction_possible(events=[ev(S.CQL, cql)], rulebook=book)
    assert possible.date == expected
    assert not in_winter_truce(possible.date, book)


@given(
    st.dates(min_value=D(1990, 1, 1), max_value=D(2040, 12, 31)),
    st.one_of(st.none(), st.integers(min_value=1, max_value=36)),
    st.sampled_from([None, "93", "57", "974"]),
)
def test_an_eviction_date_is_never_in_a_truce_whatever_the_era(cql_day, grace, departement):
    book = memory_rulebook(departement)
    possible = eviction_possible(events=[ev(S.CQL, cql_day, grace_months=grace)], rulebook=book)
    assert not in_winter_truce(possible.date, book)
    assert possible.date > delay_end(
        cql_day, book.get("CQL_EXPULSION_DELAI", on=cql_day), departement
    )


# --- the referral delay outside the rule book's users -------------------------------------


@pytest.mark.django_db
def test_the_migrated_referral_rule_starts_in_2015():
    from prevex.procedures.models import LegalRule

    rows = LegalRule.objects.filter(code="SAISINE_BAILLEUR_SOCIAL_DELAI", departement=None)
    assert [(r.valid_from, r.valid_to, r.value) for r in rows] == [(D(2015, 1, 1), None, 2)]


def test_the_synthetic_calendar_waits_for_no_referral_delay_before_2015():
    """The assignation's date selects the rule (decision 2026-12-06-saisine-delay-by-
    assignation-date): a referral whose two months ran out before 2015 holds nothing
    back; one of 31 December 2014 holds back the assignations of early 2015."""
    from prevex.synth.legal import legal_calendar, rulebook_from_data

    first, last = D(2014, 10, 1).toordinal(), D(2015, 1, 31).toordinal()
    calendar = legal_calendar(rulebook_from_data(None), first, last)
    ran_out = D(2014, 10, 1).toordinal()  # two months end on 01/12/2014
    assert calendar.saisine[ran_out - first] == ran_out
    before = D(2014, 12, 31)  # + 2 months = Saturday 28/02/2015 → Monday 02/03/2015
    assert calendar.saisine[before.toordinal() - first] == D(2015, 3, 3).toordinal()
    after = D(2015, 1, 2)  # + 2 months = Monday 02/03/2015, assignation from 03/03
    assert calendar.saisine[after.toordinal() - first] == D(2015, 3, 3).toordinal()
