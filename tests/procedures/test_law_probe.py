"""Independent probe of the legal delays (2026-12-06): cases written against the texts.

Loi n° 89-462 du 6 juillet 1989, art. 24 II (rédaction de la loi ALUR): « À compter du
1er janvier 2015, les bailleurs personnes morales autres qu'une société civile constituée
exclusivement entre parents et alliés jusqu'au quatrième degré inclus ne peuvent faire
délivrer, sous peine d'irrecevabilité de la demande, une assignation aux fins de constat de
la résiliation du bail avant l'expiration d'un délai de deux mois suivant la saisine de la
commission de coordination des actions de prévention des expulsions locatives ».

Two things follow that the platform got wrong:

* the date that decides whether the delay binds is the **assignation's** (an assignation
  delivered from 1 January 2015), not the referral's: a referral of December 2014 holds
  back an assignation of January 2015;
* the delay binds every landlord that is a legal person other than a family SCI, in the
  private sector too (a company, an institutional landlord), not only the social ones.
"""

import datetime
from dataclasses import dataclass

import pytest

from prevex.procedures.deadlines import compute_deadlines, next_steps
from prevex.procedures.referral_delay import check_warnings
from prevex.procedures.stages import acts_for_landlord, landlord_refusal

from .conftest import memory_rulebook

d = datetime.date


@dataclass(eq=False)
class Act:
    stage: str
    date: datetime.date
    hearing_date: datetime.date | None = None
    grace_months: int | None = None
    served_on: datetime.date | None = None
    decision: str = ""
    contradictoire: bool | None = None
    cfp_decision: str = ""
    payment_months: int | None = None
    instalment_amount: object = None
    first_instalment_on: datetime.date | None = None
    instalment_missed_on: datetime.date | None = None
    pending_review: bool = False
    debt_amount: object = None
    pk: int | None = None


@dataclass
class Proc:
    ground: str = "IMPAYES"
    closed_on: datetime.date | None = None
    pk: int = 1


DECEMBER_2014 = d(2014, 12, 20)


def _deadlines(events, today=DECEMBER_2014):
    found = compute_deadlines(
        procedure=Proc(), events=events, rulebook=memory_rulebook(), today=today
    )
    return {deadline.code: deadline for deadline in found}


# --- the referral's delay is chosen by the assignation's date ----------------------------


def test_a_december_2014_referral_holds_back_a_january_2015_assignation():
    """Referral on Monday 15 December 2014; two months end on Sunday 15 February 2015,
    prorogued to Monday 16 (CPC 641-642): an assignation of 10 January 2015, delivered
    when art. 24 II applied, may be declared inadmissible."""
    warnings = check_warnings(
        [Act("SAISINE_BAILLEUR_SOCIAL", d(2014, 12, 15))],
        "ASSIGNATION",
        {"date": d(2015, 1, 10)},
        rulebook=memory_rulebook(),
    )
    assert len(warnings) == 1
    assert "avant le 17/02/2015" in warnings[0]
    assert "Loi 1989 art. 24 II" in warnings[0]


def test_a_december_2014_referral_gives_an_assignation_date_in_2015():
    found = _deadlines([Act("SAISINE_BAILLEUR_SOCIAL", d(2014, 12, 15))])
    assert found["ASSIGNATION_POSSIBLE"].date == d(2015, 2, 17)
    assert "Loi 1989 art. 24 II" in found["ASSIGNATION_POSSIBLE"].text


@pytest.mark.parametrize(
    "saisine, assignation",
    [
        (d(2014, 6, 2), d(2014, 6, 20)),  # before 2015: no delay to wait
        (d(2014, 12, 15), d(2014, 12, 29)),  # delivered in 2014: not bound either
        (d(2014, 10, 1), d(2015, 1, 5)),  # two months already run on 1 January 2015
        (d(2015, 1, 5), d(2015, 3, 6)),  # the day after the delay's last day (5 March)
    ],
)
def test_no_warning_when_the_assignation_was_not_bound(saisine, assignation):
    warnings = check_warnings(
        [Act("SAISINE_BAILLEUR_SOCIAL", saisine)],
        "ASSIGNATION",
        {"date": assignation},
        rulebook=memory_rulebook(),
    )
    assert warnings == []


def test_a_referral_whose_delay_ran_out_before_2015_has_no_assignation_date():
    """Referral on 1 October 2014: its two months ended on 1 December 2014, before any
    assignation was bound: nothing to wait."""
    assert "ASSIGNATION_POSSIBLE" not in _deadlines(
        [Act("SAISINE_BAILLEUR_SOCIAL", d(2014, 10, 1))]
    )


def test_referrals_since_2015_keep_their_date():
    """Unchanged since 2015: referral on Saturday 1 March 2025, two months end on Thursday
    1 May 2025 (public holiday), prorogued to Friday 2 May: assignation from 3 May."""
    found = _deadlines([Act("SAISINE_BAILLEUR_SOCIAL", d(2025, 3, 1))], today=d(2025, 3, 2))
    assert found["ASSIGNATION_POSSIBLE"].date == d(2025, 5, 3)


# --- every legal-person landlord but a family SCI refers to the CCAPEX --------------------
# Since 2026-12-06 the act is refused only when the file says its landlord is a natural
# person or a family SCI, whatever the sector; an unknown landlord type does not stop a
# company from recording its legal referral.


@pytest.mark.parametrize("landlord_type", ["PERSONNE_MORALE", "BAILLEUR_SOCIAL", ""])
def test_a_legal_person_or_an_unknown_landlord_may_record_its_referral(landlord_type):
    assert landlord_refusal("SAISINE_BAILLEUR_SOCIAL", landlord_type) is None
    assert "SAISINE_BAILLEUR_SOCIAL" in acts_for_landlord(
        {"SAISINE_BAILLEUR_SOCIAL", "CDP"}, landlord_type
    )


@pytest.mark.parametrize(
    "landlord_type, words",
    [("PERSONNE_PHYSIQUE", "une personne physique"), ("SCI_FAMILIALE", "une SCI familiale")],
)
def test_a_natural_person_or_a_family_sci_does_not_refer(landlord_type, words):
    refusal = landlord_refusal("SAISINE_BAILLEUR_SOCIAL", landlord_type)
    assert refusal == (
        "Une saisine de la CCAPEX par le bailleur ne concerne que les bailleurs personnes "
        "morales autres qu'une SCI familiale (loi 1989 art. 24 II) : le bailleur de ce dossier "
        f"est indiqué comme {words}. Pour informer la CCAPEX, enregistrez un signalement."
    )
    assert "SAISINE_BAILLEUR_SOCIAL" not in acts_for_landlord(
        {"SAISINE_BAILLEUR_SOCIAL", "CDP"}, landlord_type
    )
    assert landlord_refusal("SIGNALEMENT", landlord_type) is None


def test_next_steps_offer_the_referral_unless_the_landlord_is_not_bound():
    def steps(landlord_type):
        return next_steps(
            procedure=Proc(), events=[Act("CDP", d(2025, 3, 3))], landlord_type=landlord_type
        )

    assert "SAISINE_BAILLEUR_SOCIAL" in steps("PERSONNE_MORALE")
    assert "SAISINE_BAILLEUR_SOCIAL" in steps("")
    assert "SAISINE_BAILLEUR_SOCIAL" not in steps("PERSONNE_PHYSIQUE")
    assert "SAISINE_BAILLEUR_SOCIAL" not in steps("SCI_FAMILIALE")


@pytest.mark.django_db
def test_the_service_records_a_private_company_landlords_referral():
    from prevex.core.errors import BusinessError
    from prevex.procedures.services import event_record, procedure_open
    from tests.factories import HouseholdFactory

    company = HouseholdFactory(landlord_type="PERSONNE_MORALE", landlord_name="Foncière SA")
    procedure = procedure_open(household=company, stage="CDP", date=d(2025, 3, 3), by=None)
    event = event_record(
        procedure=procedure, stage="SAISINE_BAILLEUR_SOCIAL", date=d(2025, 3, 10), by=None
    )
    assert event.stage == "SAISINE_BAILLEUR_SOCIAL"

    unknown = HouseholdFactory(landlord_type="", landlord_name="")  # private, type unknown
    procedure = procedure_open(household=unknown, stage="CDP", date=d(2025, 3, 3), by=None)
    event_record(procedure=procedure, stage="SAISINE_BAILLEUR_SOCIAL", date=d(2025, 3, 10), by=None)

    for landlord_type in ("PERSONNE_PHYSIQUE", "SCI_FAMILIALE"):
        owner = HouseholdFactory(landlord_type=landlord_type)
        procedure = procedure_open(household=owner, stage="CDP", date=d(2025, 3, 3), by=None)
        with pytest.raises(BusinessError, match="bailleurs personnes morales autres qu'une SCI"):
            event_record(
                procedure=procedure, stage="SAISINE_BAILLEUR_SOCIAL", date=d(2025, 3, 10), by=None
            )
        with pytest.raises(BusinessError, match="enregistrez un signalement"):
            procedure_open(
                household=HouseholdFactory(landlord_type=landlord_type),
                stage="SAISINE_BAILLEUR_SOCIAL",
                date=d(2025, 3, 3),
                by=None,
            )


@pytest.mark.django_db
def test_an_imported_referral_of_a_natural_person_goes_to_review():
    """The bulk paths (import, API) record the act (it was sent) but flag it and hold it
    in the review queue, where it drives no « assignation possible » date."""
    from prevex.procedures.models import Channel
    from prevex.procedures.services import ActDraft, event_record_many
    from tests.factories import HouseholdFactory

    owner = HouseholdFactory(landlord_type="PERSONNE_PHYSIQUE")
    company = HouseholdFactory(landlord_type="PERSONNE_MORALE")
    results = event_record_many(
        acts=[
            ActDraft(household_id=h.pk, stage="SAISINE_BAILLEUR_SOCIAL", date=d(2025, 3, 10))
            for h in (owner, company)
        ],
        by=None,
        channel=Channel.IMPORT,
    )
    flagged, clean = (r.event for r in results)
    assert flagged.pending_review and "personne physique" in flagged.flagged
    assert not clean.pending_review and clean.flagged == ""


@pytest.mark.django_db
def test_a_private_landlord_organisation_may_record_the_referral():
    """The act matrix's national row (BAILLEUR_PRIVE, SAISINE_BAILLEUR_SOCIAL), added by
    the migration access 0004: an institutional landlord records its own referral."""
    from prevex.access.models import ActPermission
    from prevex.access.policy import allowed_acts
    from prevex.procedures.services import event_record, procedure_open
    from tests.factories import HouseholdFactory, OrganisationFactory

    row = ActPermission.objects.get(
        organisation_type="BAILLEUR_PRIVE",
        act_type="SAISINE_BAILLEUR_SOCIAL",
        departement__isnull=True,
    )
    assert row.allowed and "art. 24 II" in row.basis
    organisation = OrganisationFactory(type="BAILLEUR_PRIVE")
    assert "SAISINE_BAILLEUR_SOCIAL" in allowed_acts(organisation)
    company = HouseholdFactory(landlord_type="PERSONNE_MORALE", landlord_name="Foncière SA")
    procedure = procedure_open(household=company, stage="CDP", date=d(2025, 3, 3), by=None)
    event = event_record(
        procedure=procedure,
        stage="SAISINE_BAILLEUR_SOCIAL",
        date=d(2025, 3, 10),
        by=None,
        source=organisation,
    )
    assert event.source == organisation


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


@pytest.mark.django_db
def test_the_migration_adds_the_missing_row_and_keeps_edited_ones():
    """access 0004 adds only (BAILLEUR_PRIVE, SAISINE_BAILLEUR_SOCIAL), when missing: a row
    an administrator edited stays as it is, and a default deleted meanwhile is not created
    again."""
    import importlib

    from django.apps import apps

    from prevex.access.models import ActPermission

    migration = importlib.import_module("prevex.access.migrations.0004_private_landlord_referral")
    national = ActPermission.objects.filter(departement__isnull=True)
    national.filter(organisation_type="BAILLEUR_PRIVE", act_type="IMPAYE").delete()
    national.filter(organisation_type="BAILLEUR_PRIVE", act_type="SAISINE_BAILLEUR_SOCIAL").update(
        allowed=False, basis="Refusé par le secrétariat"
    )
    count = national.count()
    migration.forward(apps, None)
    assert national.count() == count
    row = national.get(organisation_type="BAILLEUR_PRIVE", act_type="SAISINE_BAILLEUR_SOCIAL")
    assert (row.allowed, row.basis) == (False, "Refusé par le secrétariat")

    row.delete()
    migration.forward(apps, None)
    row = national.get(organisation_type="BAILLEUR_PRIVE", act_type="SAISINE_BAILLEUR_SOCIAL")
    assert row.allowed and row.basis == migration.BASIS
    assert not national.filter(organisation_type="BAILLEUR_PRIVE", act_type="IMPAYE").exists()


# --- délais granted by a judgment run from its signification unless contradictoire ------
# CPC art. 511: « Le délai court du jour du jugement lorsque celui-ci est contradictoire ;
# il ne court, dans les autres cas, que du jour de la notification du jugement. » Before
# 2026-12-06 prevex counted every judgment's délais from its date.
#
# The case: judgment of Monday 03/03/2025 (résiliation ferme), délais of 6 months to
# leave; judgment served and CQL delivered together on Tuesday 15/04/2025.
#   CQL + 2 months (CPCE L412-1) = Sunday 15/06/2025 → Monday 16/06 → from 17/06/2025.
#   From the judgment: 03/03 + 6 months = Wednesday 03/09/2025 → from 04/09/2025.
#   From the signification: 15/04 + 6 months = Wednesday 15/10/2025 → from 16/10/2025.

JUDGED, SERVED = d(2025, 3, 3), d(2025, 4, 15)


def _judged(contradictoire, served_on=None):
    judgment = Act(
        "JUGEMENT", JUDGED, decision="FERME", contradictoire=contradictoire, grace_months=6,
        served_on=served_on,
    )  # fmt: skip
    return [judgment, Act("CQL", SERVED)]


def _eviction(events):
    found = compute_deadlines(
        procedure=Proc(), events=events, rulebook=memory_rulebook(), today=SERVED
    )
    return {x.code: x for x in found}["EXPULSION_POSSIBLE"]


def test_the_delais_of_a_judgment_by_default_run_from_its_signification():
    deadline = _eviction(_judged(False, served_on=SERVED))
    assert deadline.date == d(2025, 10, 16)
    assert deadline.text == (
        "Expulsion possible à partir du 16/10/2025 (CPCE L412-3 et L412-4 : délais de 6 mois "
        "accordés par le jugement du 03/03/2025, comptés de sa signification du 15/04/2025, "
        "CPC art. 511)"
    )


def test_the_delais_of_a_contradictoire_judgment_run_from_its_date():
    deadline = _eviction(_judged(True, served_on=SERVED))
    assert deadline.date == d(2025, 9, 4)
    assert "au plus tôt" not in deadline.text
    assert "jugement contradictoire du 03/03/2025, comptés de sa date, CPC art. 511" in (
        deadline.text
    )


def test_an_unknown_signification_gives_the_earliest_date_and_says_so():
    """Not recorded: the délais run from a day between the judgment (03/03) and the CQL
    that executes it (15/04, CPC art. 503): from 04/09/2025 at the earliest, and they may
    run until 15/10/2025."""
    deadline = _eviction(_judged(False))
    assert deadline.date == d(2025, 9, 4)
    assert deadline.text == (
        "Expulsion possible à partir du 04/09/2025 au plus tôt (CPCE L412-3 et L412-4 : délais "
        "de 6 mois accordés par le jugement du 03/03/2025, comptés au plus tôt de sa date, "
        "CPC art. 511) ; date de signification du jugement du 03/03/2025 non saisie : ses "
        "délais de 6 mois peuvent courir jusqu'au 15/10/2025 (CPC art. 511)"
    )


def test_a_judgment_not_said_contradictoire_or_not_gives_both_bounds():
    deadline = _eviction(_judged(None, served_on=SERVED))
    assert deadline.date == d(2025, 9, 4)
    assert deadline.text.startswith("Expulsion possible à partir du 04/09/2025 au plus tôt")
    assert deadline.text.endswith(
        "; caractère contradictoire du jugement du 03/03/2025 non indiqué : ses délais de 6 "
        "mois peuvent courir jusqu'au 15/10/2025 (CPC art. 511)"
    )


def test_short_delais_hidden_by_the_cql_delay_leave_the_date_certain():
    """Délais of 1 month from a signification of 15/04 at the latest end on 15/05/2025,
    before the CQL's own two months (from 17/06/2025): the date is certain."""
    events = _judged(False)
    events[0].grace_months = 1
    deadline = _eviction(events)
    assert deadline.date == d(2025, 6, 17)
    assert "au plus tôt" not in deadline.text
    assert deadline.text.startswith("Expulsion possible à partir du 17/06/2025 (CPCE L412-1")


def test_an_eviction_before_the_end_of_delais_counted_from_the_signification_is_refused():
    from prevex.procedures.stages import check_event

    reasons = check_event(
        _judged(False, served_on=SERVED), "EXPULSION", {"date": d(2025, 10, 1)},
        rulebook=memory_rulebook(),
    )  # fmt: skip
    assert any("ne peut avoir lieu avant le 16/10/2025" in reason for reason in reasons)


def test_the_signification_belongs_to_a_judgment_and_follows_it():
    from prevex.procedures.stages import check_event

    reasons = check_event(
        [Act("ASSIGNATION", d(2024, 10, 1), hearing_date=d(2025, 2, 3))],
        "JUGEMENT",
        {"date": JUDGED, "decision": "FERME", "contradictoire": False, "served_on": d(2025, 3, 1)},
        rulebook=memory_rulebook(),
    )
    assert (
        "Le jugement ne peut avoir été signifié (01/03/2025) avant d'être rendu (03/03/2025)."
        in (reasons)
    )
    reasons = check_event(
        _judged(False), "RFP", {"date": d(2025, 8, 1), "served_on": d(2025, 4, 15)},
        rulebook=memory_rulebook(),
    )  # fmt: skip
    assert "La date de signification ne se saisit que sur un jugement." in reasons


@pytest.fixture
def judged_file():
    """The case above in the database: judged on 03/03/2025 (not contradictoire, délais of
    6 months), CQL of 15/04/2025, the signification not recorded."""
    from prevex.procedures.models import Stage
    from prevex.procedures.services import event_record
    from tests.procedures.factories import procedure_at_jugement

    procedure = procedure_at_jugement(jugement_on=JUDGED, contradictoire=False, grace_months=6)
    event_record(procedure=procedure, stage=Stage.CQL, date=SERVED, by=None)
    return procedure


def _file_eviction(procedure):
    from prevex.procedures.rules import RuleBook

    found = compute_deadlines(
        procedure=procedure,
        events=list(procedure.events.all()),
        rulebook=RuleBook.for_departement(procedure.departement_id),
        today=SERVED,
    )
    return {x.code: x for x in found}["EXPULSION_POSSIBLE"]


@pytest.mark.django_db
def test_the_bailiff_records_the_signification_and_the_date_follows(judged_file):
    from prevex.audit.models import WriteLog
    from prevex.core.errors import BusinessError
    from prevex.procedures.services import judgment_served_record
    from tests.access.conftest import member_of
    from tests.factories import InvolvementFactory

    assert "au plus tôt" in _file_eviction(judged_file).text
    judgment = judged_file.events.get(stage="JUGEMENT")
    landlord = member_of("BAILLEUR_PRIVE")
    InvolvementFactory(household=judged_file.household, organisation=landlord.organisation)
    with pytest.raises(BusinessError, match="commandement de quitter les lieux enregistrent"):
        judgment_served_record(event=judgment, served_on=SERVED, by=landlord)
    bailiff = member_of("COMMISSAIRE_JUSTICE")
    InvolvementFactory(household=judged_file.household, organisation=bailiff.organisation)
    for day, message in [
        (d(2025, 3, 2), "avant d'être rendu"),
        (d(2025, 4, 16), "au plus tard avec le commandement de quitter les lieux du 15/04/2025"),
    ]:
        with pytest.raises(BusinessError, match=message):
            judgment_served_record(event=judgment, served_on=day, by=bailiff)
    judgment_served_record(event=judgment, served_on=SERVED, by=bailiff)
    judgment.refresh_from_db()
    assert judgment.served_on == SERVED
    deadline = _file_eviction(judged_file)
    assert deadline.date == d(2025, 10, 16) and "au plus tôt" not in deadline.text
    assert WriteLog.objects.filter(summary="Jugement du 03/03/2025 signifié le 15/04/2025").exists()
    with pytest.raises(BusinessError, match="déjà enregistrée"):
        judgment_served_record(event=judgment, served_on=SERVED, by=bailiff)


@pytest.mark.django_db
def test_the_file_asks_the_bailiff_for_the_signification(judged_file, client, login_as):
    from tests.access.conftest import member_of
    from tests.factories import InvolvementFactory

    bailiff = member_of("COMMISSAIRE_JUSTICE")
    InvolvementFactory(household=judged_file.household, organisation=bailiff.organisation)
    login_as(bailiff)
    page = client.get(f"/menages/{judged_file.household_id}/").content.decode()
    assert 'data-testid="signification-jugement"' in page
    assert "04/09/2025 au plus tôt" in page
    response = client.post(
        f"/procedures/{judged_file.pk}/signification/", {"served_on": "15/04/2025"}
    )
    assert response.status_code == 302
    page = client.get(f"/menages/{judged_file.household_id}/").content.decode()
    assert 'data-testid="signification-jugement"' not in page
    assert "Expulsion possible à partir du 16/10/2025" in page
    assert "signifié le 15/04/2025" in page  # the judgment's line in the timeline


@pytest.mark.django_db
def test_the_signification_form_is_not_shown_to_a_landlord(judged_file, client, login_as):
    from tests.access.conftest import member_of
    from tests.factories import InvolvementFactory

    landlord = member_of("BAILLEUR_PRIVE")
    InvolvementFactory(household=judged_file.household, organisation=landlord.organisation)
    login_as(landlord)
    page = client.get(f"/menages/{judged_file.household_id}/").content.decode()
    assert "04/09/2025 au plus tôt" in page
    assert 'data-testid="signification-jugement"' not in page


@pytest.mark.django_db
def test_the_judgment_form_takes_its_signification():
    from prevex.core.errors import BusinessError
    from prevex.procedures.models import Stage
    from prevex.procedures.services import event_record
    from tests.procedures.factories import procedure_at_assignation

    procedure = procedure_at_assignation(assignation_on=d(2024, 10, 1), hearing_on=d(2025, 2, 3))
    fields = {"decision": "FERME", "contradictoire": False, "grace_months": 6}
    with pytest.raises(BusinessError, match="avant d'être rendu"):
        event_record(
            procedure=procedure, stage=Stage.JUGEMENT, date=JUDGED, by=None,
            served_on=d(2025, 3, 1), **fields,
        )  # fmt: skip
    event = event_record(
        procedure=procedure, stage=Stage.JUGEMENT, date=JUDGED, by=None, served_on=SERVED,
        **fields,
    )  # fmt: skip
    assert event.served_on == SERVED
