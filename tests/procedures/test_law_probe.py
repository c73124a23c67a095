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
from prevex.procedures.stages import acts_for_parc, check_warnings, parc_refusal

from .conftest import memory_rulebook

d = datetime.date


@dataclass(eq=False)
class Act:
    stage: str
    date: datetime.date
    hearing_date: datetime.date | None = None
    grace_months: int | None = None
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


def test_a_company_landlord_of_the_private_sector_may_record_its_referral():
    assert parc_refusal("SAISINE_BAILLEUR_SOCIAL", "PRIVE", "PERSONNE_MORALE") is None
    assert "SAISINE_BAILLEUR_SOCIAL" in acts_for_parc(
        {"SAISINE_BAILLEUR_SOCIAL", "CDP"}, "PRIVE", "PERSONNE_MORALE"
    )


@pytest.mark.parametrize("landlord_type", ["PERSONNE_PHYSIQUE", "SCI_FAMILIALE", ""])
def test_a_natural_person_or_a_family_sci_does_not_refer(landlord_type):
    assert parc_refusal("SAISINE_BAILLEUR_SOCIAL", "PRIVE", landlord_type) is not None
    assert "SAISINE_BAILLEUR_SOCIAL" not in acts_for_parc(
        {"SAISINE_BAILLEUR_SOCIAL", "CDP"}, "PRIVE", landlord_type
    )


def test_the_social_sector_still_refers_whatever_the_landlord_type_recorded():
    assert parc_refusal("SAISINE_BAILLEUR_SOCIAL", "SOCIAL", "") is None


def test_next_steps_offer_the_referral_to_a_private_company_landlord():
    steps = next_steps(
        procedure=Proc(),
        events=[Act("CDP", d(2025, 3, 3))],
        parc="PRIVE",
        landlord_type="PERSONNE_MORALE",
    )
    assert "SAISINE_BAILLEUR_SOCIAL" in steps
    assert "SAISINE_BAILLEUR_SOCIAL" not in next_steps(
        procedure=Proc(), events=[Act("CDP", d(2025, 3, 3))], parc="PRIVE"
    )


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

    owner = HouseholdFactory()  # a natural person, private sector
    procedure = procedure_open(household=owner, stage="CDP", date=d(2025, 3, 3), by=None)
    with pytest.raises(BusinessError, match="bailleurs personnes morales"):
        event_record(
            procedure=procedure, stage="SAISINE_BAILLEUR_SOCIAL", date=d(2025, 3, 10), by=None
        )
