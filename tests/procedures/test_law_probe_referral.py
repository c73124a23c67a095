"""Independent probe of the legal delays (2026-12-06): the landlord's referral to the
CCAPEX before an assignation, cases written against the texts.

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

Also here: the act matrix's row that lets a private landlord organisation record its
referral, and the migration (access 0004) that adds it.
"""

import pytest

from prevex.procedures.deadlines import compute_deadlines, next_steps
from prevex.procedures.referral_delay import check_warnings
from prevex.procedures.stages import acts_for_landlord, landlord_refusal

from .conftest import memory_rulebook
from .law_probe_helpers import Act, Proc, d

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
