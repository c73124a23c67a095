"""Independent probe of the legal delays (2026-12-06): the dates of the deadline engine,
checked by hand against the texts, and the calendar they are counted on.

Pinned cases (clause résolutoire, eviction and CFP, notification to the préfet); the public
holidays of the file's département (CPC art. 642: national list, Alsace-Moselle, the
abolition of slavery overseas); and « Assignation possible à partir du », moved to a day an
assignation may be served (CPC art. 664).
"""

import datetime

import pytest

from prevex.procedures.deadlines import compute_deadlines
from prevex.procedures.referral_delay import check_warnings

from .conftest import memory_rulebook
from .law_probe_helpers import Act, Proc, d

# --- cases checked by hand against the texts, found right (pinned) ----------------------


@pytest.mark.parametrize(
    "lease, cdp, departement, expected",
    [
        (d(2023, 7, 28), d(2023, 8, 1), None, d(2023, 10, 3)),  # 2 months → Sun 1/10
        (d(2023, 7, 29), d(2023, 8, 1), None, d(2023, 9, 13)),  # 6 weeks (new lease)
        (None, d(2023, 7, 28), None, d(2023, 9, 29)),  # unknown lease: the CDP's date
        (None, d(2023, 7, 29), None, d(2023, 9, 12)),
        (d(2020, 1, 1), d(2024, 1, 31), None, d(2024, 4, 3)),  # Sun 31/3, Easter Mon 1/4
        (d(2024, 1, 1), d(2024, 3, 28), None, d(2024, 5, 11)),  # Ascension 9/5/2024
        (d(2020, 1, 1), d(2024, 2, 29), None, d(2024, 4, 30)),
        (d(2020, 1, 1), d(2023, 12, 31), None, d(2024, 3, 1)),  # 29/02 (leap year)
        (d(2024, 1, 1), d(2025, 3, 20), None, d(2025, 5, 3)),  # 1 May
        (d(2024, 1, 1), d(2025, 7, 4), None, d(2025, 8, 19)),  # Fri 15 August
        (d(2024, 1, 1), d(2024, 11, 13), "57", d(2024, 12, 28)),  # 25 and 26/12 in Moselle
    ],
)
def test_clause_resolutoire_dates(lease, cdp, departement, expected):
    found = compute_deadlines(
        procedure=Proc(),
        events=[Act("CDP", cdp)],
        rulebook=memory_rulebook(departement),
        today=cdp,
        lease_date=lease,
    )
    assert {x.code: x.date for x in found}["CLAUSE_RESOLUTOIRE"] == expected


@pytest.mark.parametrize(
    "stage, day, expected",
    [
        ("CQL", d(2024, 9, 1), d(2025, 4, 1)),  # 1/11 holiday → inside the truce
        ("CQL", d(2025, 8, 31), d(2026, 4, 1)),  # delay ends 31/10: from 1/11, the truce
        ("CQL", d(2025, 8, 29), d(2025, 10, 30)),
        ("CQL", d(2028, 12, 29), d(2029, 4, 3)),  # 28/02; 1/4 Sunday, 2/4 Easter Monday
        ("CQL", d(2026, 3, 14), d(2026, 5, 16)),  # Ascension 14/05/2026
        ("CQL", d(2019, 8, 31), d(2020, 7, 11)),  # truce extended to 10/07/2020
        ("RFP", d(2024, 6, 15), d(2024, 8, 16)),  # 15 August
        ("RFP", d(2023, 12, 31), d(2024, 2, 29)),
        ("RFP", d(2026, 2, 25), d(2026, 4, 27)),  # Saturday 25/04
    ],
)
def test_eviction_and_cfp_dates(stage, day, expected):
    code = "EXPULSION_POSSIBLE" if stage == "CQL" else "DECISION_CFP"
    found = compute_deadlines(
        procedure=Proc(), events=[Act(stage, day)], rulebook=memory_rulebook(), today=day
    )
    assert {x.code: x.date for x in found}[code] == expected


@pytest.mark.parametrize(
    "assignation, hearing, expected",
    [
        (d(2023, 7, 28), d(2023, 10, 2), d(2023, 8, 2)),  # 2 months (assignation's date)
        (d(2023, 7, 29), d(2023, 10, 2), d(2023, 8, 21)),  # 6 weeks
        (d(2025, 3, 1), d(2025, 6, 12), d(2025, 4, 30)),  # 1 May → the day before
        (d(2025, 9, 1), d(2025, 12, 23), d(2025, 11, 10)),  # 11 November
        (d(2022, 12, 1), d(2023, 4, 30), d(2023, 2, 28)),  # no 30 February
    ],
)
def test_notification_to_the_prefet(assignation, hearing, expected):
    found = compute_deadlines(
        procedure=Proc(),
        events=[Act("ASSIGNATION", assignation, hearing_date=hearing)],
        rulebook=memory_rulebook(),
        today=assignation,
    )
    assert {x.code: x.date for x in found}["NOTIFICATION_PREFET"] == expected


# --- the public holidays of the file's département (2026-12-06) --------------------------
# CPC art. 642 moves the end of a delay off a « jour férié »: the national list (C. trav.
# L3133-1), plus in Alsace-Moselle Good Friday and 26 December (C. trav. L3134-13), plus
# in each overseas département the day commemorating the abolition of slavery (loi
# n° 83-550, décret n° 83-1003, C. trav. L3422-2). Nothing else: the library's Good Friday,
# Mi-Carême and 21 July (Victor Schœlcher) of Guadeloupe and Martinique are customs, not
# public holidays, and prorogued delays there by a day.


def _cfp_due(rfp: datetime.date, departement: str | None) -> datetime.date:
    """« Décision du préfet attendue au plus tard le »: RFP + 2 months (CPCE R153-1),
    moved to the next working day of the département."""
    found = compute_deadlines(
        procedure=Proc(),
        events=[Act("RFP", rfp)],
        rulebook=memory_rulebook(departement),
        today=rfp,
    )
    return {x.code: x.date for x in found}["DECISION_CFP"]


@pytest.mark.parametrize(
    "rfp, departement, expected",
    [
        # 18/02/2025 + 2 months = Friday 18/04/2025, Good Friday: a working day in
        # Guadeloupe and Martinique (no text makes it a holiday there) ...
        (d(2025, 2, 18), "971", d(2025, 4, 18)),
        (d(2025, 2, 18), "972", d(2025, 4, 18)),
        (d(2025, 2, 18), "93", d(2025, 4, 18)),
        # ... a public holiday in Alsace-Moselle: Sat 19, Sun 20, Easter Monday 21 → 22/04
        (d(2025, 2, 18), "67", d(2025, 4, 22)),
        (d(2025, 2, 18), "57", d(2025, 4, 22)),
        # 27/01/2025 + 2 months = Thursday 27/03/2025, Mi-Carême: a working day in 971
        (d(2025, 1, 27), "971", d(2025, 3, 27)),
        # 21/05/2025 + 2 months = Monday 21/07/2025 (Victor Schœlcher): working in 971, 972
        (d(2025, 5, 21), "971", d(2025, 7, 21)),
        (d(2025, 5, 21), "972", d(2025, 7, 21)),
        # The abolition of slavery, each in its own département only:
        (d(2025, 3, 27), "971", d(2025, 5, 28)),  # Tue 27/05/2025 (Guadeloupe) → Wed 28
        (d(2025, 3, 27), "972", d(2025, 5, 27)),  # not a holiday in Martinique
        (d(2025, 3, 22), "972", d(2025, 5, 23)),  # Thu 22/05/2025 (Martinique) → Fri 23
        (d(2025, 4, 10), "973", d(2025, 6, 11)),  # Tue 10/06/2025 (Guyane) → Wed 11
        (d(2024, 10, 20), "974", d(2024, 12, 23)),  # Fri 20/12/2024 (Réunion) → Mon 23
        (d(2026, 2, 27), "976", d(2026, 4, 28)),  # Mon 27/04/2026 (Mayotte) → Tue 28
        (d(2026, 2, 27), None, d(2026, 4, 27)),  # the national list
    ],
)
def test_the_public_holidays_are_those_of_the_files_departement(rfp, departement, expected):
    assert _cfp_due(rfp, departement) == expected


@pytest.mark.parametrize("year", range(1984, 2061))
def test_the_local_days_match_the_maintained_calendar(year):
    """The hand-written slavery days are the library's for every overseas département,
    and the library gives Alsace-Moselle exactly Good Friday and 26 December."""
    import holidays

    from prevex.procedures.calendar_fr import SLAVERY_DAYS, public_holiday

    national = set(holidays.France(years=year))
    for departement, (month, day) in SLAVERY_DAYS.items():
        slavery_day = d(year, month, day)
        assert slavery_day in holidays.France(years=year, subdiv=departement)
        assert public_holiday(slavery_day, departement)
        assert not public_holiday(slavery_day, "75") or slavery_day in national
    for departement, subdivision in (("57", "57"), ("67", "6AE"), ("68", "6AE")):
        local = set(holidays.France(years=year, subdiv=subdivision)) - national
        (good_friday,) = local - {d(year, 12, 26)}
        assert len(local) == 2 and good_friday.weekday() == 4  # and 26 December
        assert good_friday + datetime.timedelta(days=3) in national  # Easter Monday
        assert all(public_holiday(day, departement) for day in local)


def test_the_slavery_days_start_with_the_decree_of_november_1983():
    from prevex.procedures.calendar_fr import public_holiday

    assert public_holiday(d(1983, 12, 20), "974")  # decree published on 24/11/1983
    assert not public_holiday(d(1983, 5, 27), "971")
    assert public_holiday(d(1984, 5, 27), "971")


@pytest.mark.django_db
def test_a_file_in_guadeloupe_is_counted_with_guadeloupes_holidays():
    """The file's département chooses the calendar: a requisition of 27/03/2025 in a
    Guadeloupe file is answered by Wednesday 28/05/2025 (27 May is its slavery day), the
    same requisition in Seine-Saint-Denis by Tuesday 27/05/2025."""
    from prevex.procedures.rules import RuleBook
    from prevex.procedures.services import procedure_open
    from tests.factories import HouseholdFactory, departement

    due = {}
    for code in ("971", "93"):
        household = HouseholdFactory(departement=departement(code, f"Dép. {code}"))
        procedure = procedure_open(household=household, stage="RFP", date=d(2025, 3, 27), by=None)
        found = compute_deadlines(
            procedure=procedure,
            events=list(procedure.events.all()),
            rulebook=RuleBook.for_departement(procedure.departement_id),
            today=d(2025, 3, 28),
        )
        due[code] = {x.code: x.date for x in found}["DECISION_CFP"]
    assert due == {"971": d(2025, 5, 28), "93": d(2025, 5, 27)}


# --- « Assignation possible à partir du »: a day an assignation may be served (2026-12-06) -
# The referral's two months end (art. 24 II), prorogued to a working day (CPC 642); the
# assignation may be delivered from the next day — but no signification on a Sunday or a
# public holiday without the judge's leave (CPC art. 664); a Saturday is allowed.


def _assignation_possible(saisine: datetime.date, departement: str | None = None):
    found = compute_deadlines(
        procedure=Proc(),
        events=[Act("SAISINE_BAILLEUR_SOCIAL", saisine)],
        rulebook=memory_rulebook(departement),
        today=saisine,
    )
    return {x.code: x for x in found}["ASSIGNATION_POSSIBLE"]


@pytest.mark.parametrize(
    "saisine, departement, expected, closed_day",
    [
        # 13/05/2026 + 2 months = Monday 13/07/2026 (working): from Tuesday 14 July, a
        # public holiday → Wednesday 15/07/2026.
        (d(2026, 5, 13), None, d(2026, 7, 15), d(2026, 7, 14)),
        # 24/10/2025 + 2 months = Wednesday 24/12/2025: from Thursday 25 December →
        # Friday 26/12/2025; in Moselle 26 December is a holiday too → Saturday 27/12.
        (d(2025, 10, 24), "93", d(2025, 12, 26), d(2025, 12, 25)),
        (d(2025, 10, 24), "57", d(2025, 12, 27), d(2025, 12, 25)),
        # 01/03/2025 (Saturday) + 2 months = Thursday 1 May (holiday) → Friday 2 May: from
        # Saturday 03/05/2025, a day a commissaire de justice may serve: unchanged.
        (d(2025, 3, 1), None, d(2025, 5, 3), None),
    ],
)
def test_the_assignation_is_possible_from_a_day_it_may_be_served(
    saisine, departement, expected, closed_day
):
    deadline = _assignation_possible(saisine, departement)
    assert deadline.date == expected
    if closed_day is None:
        assert "CPC art. 664" not in deadline.text
    else:
        assert deadline.text.endswith(
            f" ; le {closed_day:%d/%m/%Y} est un jour férié, sans signification (CPC art. 664)"
        )


def test_an_assignation_served_on_the_holiday_with_leave_is_not_too_early():
    """The warning keeps the legal date: an assignation delivered on 14/07/2026 with the
    judge's leave (CPC 664) is after the referral's delay."""
    assert (
        check_warnings(
            [Act("SAISINE_BAILLEUR_SOCIAL", d(2026, 5, 13))],
            "ASSIGNATION",
            {"date": d(2026, 7, 14)},
            rulebook=memory_rulebook(),
        )
        == []
    )


@pytest.mark.parametrize("offset", range(0, 366, 3))
def test_the_assignation_date_is_never_a_sunday_nor_a_holiday(offset):
    from prevex.procedures.calendar_fr import public_holiday

    for departement in (None, "57", "974"):
        day = _assignation_possible(d(2025, 1, 1) + datetime.timedelta(days=offset), departement)
        assert day.date.weekday() != 6 and not public_holiday(day.date, departement)
