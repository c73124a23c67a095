"""Merge, split and undo: the right rows move, nothing is lost, everything is journaled."""

import datetime
from decimal import Decimal

import pytest

from prevex.audit.models import AccessLog
from prevex.core import clock
from prevex.core.errors import BusinessError
from prevex.households.models import (
    ContactChannel,
    ContactKind,
    Household,
    HouseholdKey,
    Involvement,
    InvolvementReason,
    Member,
    Vulnerability,
    VulnerabilityKind,
)
from prevex.matching.models import MatchDecision, Outcome
from prevex.matching.services import (
    household_merge,
    household_split,
    match_decision_record,
    match_decision_undo,
    match_record,
)
from prevex.procedures.models import Event, Procedure
from prevex.procedures.services import event_record, procedure_close, procedure_open
from tests.factories import MembershipFactory, OrganisationFactory

from .conftest import BIRTH, record

DAY = datetime.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _today():
    clock.freeze(datetime.date(2026, 11, 2))


@pytest.fixture
def secretariat(db):
    return MembershipFactory(organisation=OrganisationFactory(ccapex=True))


@pytest.fixture
def bailiff(db):
    return OrganisationFactory(type="COMMISSAIRE_JUSTICE", name="SCP Huissiers")


def _procedure(household, *, source=None, day=DAY, close=False):
    procedure = procedure_open(
        household=household,
        stage="CDP",
        date=day,
        by=None,
        debt_amount=Decimal("2400"),
        source=source,
        strict=False,
    )
    event_record(
        procedure=procedure,
        stage="ASSIGNATION",
        date=day + datetime.timedelta(days=70),
        by=None,
        hearing_date=day + datetime.timedelta(days=200),
        source=source,
        strict=False,
    )
    if close:
        procedure_close(
            procedure=procedure,
            outcome="DETTE_SOLDEE",
            closed_on=day + datetime.timedelta(days=90),
            by=None,
        )
    return procedure


@pytest.fixture
def duplicates(make_household, bailiff, secretariat):
    keep = make_household("Benali", "Samia", None)
    absorb = make_household("BENALI", "Samia", BIRTH, co=("Haddad", "Karim"))
    ContactChannel.objects.create(
        household=keep, kind=ContactKind.TELEPHONE, value="06 11 22 33 44"
    )
    ContactChannel.objects.create(household=absorb, kind=ContactKind.TELEPHONE, value="0611223344")
    ContactChannel.objects.create(household=absorb, kind=ContactKind.EMAIL, value="s@example.org")
    Vulnerability.objects.create(
        household=absorb, kind=VulnerabilityKind.GROSSESSE, recorded_on=DAY
    )
    Involvement.objects.create(
        household=keep, organisation=bailiff, reason=InvolvementReason.ACTE, starts_on=DAY
    )
    Involvement.objects.create(
        household=absorb, organisation=bailiff, reason=InvolvementReason.ACTE, starts_on=DAY
    )
    caf = OrganisationFactory(type="CAF", name="CAF 93")
    Involvement.objects.create(
        household=absorb, organisation=caf, reason=InvolvementReason.SIGNALEMENT, starts_on=DAY
    )
    closed = _procedure(keep, close=True, day=datetime.date(2025, 1, 6))
    moved = _procedure(absorb, source=bailiff)
    AccessLog.objects.create(
        user=secretariat.user,
        organisation=secretariat.organisation,
        household_id=absorb.pk,
        action="VIEW",
        what="Dossier du ménage",
    )
    decision = match_decision_record(
        result=match_record(record=record("Benali", "Samia", BIRTH), departement="93"),
        source_kind="intake_row",
        source_id=9,
        household=absorb,
    )
    return keep, absorb, closed, moved, decision


def test_merge_moves_every_row_without_duplicates(duplicates, secretariat, bailiff):
    keep, absorb, closed, moved, decision = duplicates
    absorb_id, absorb_reference = absorb.pk, absorb.reference
    events = set(Event.objects.filter(procedure=moved).values_list("pk", flat=True))

    result = household_merge(keep=keep, absorb=absorb, by=secretariat)

    assert result.pk == keep.pk
    assert not Household.objects.filter(pk=absorb_id).exists()
    members = list(Member.objects.filter(household=keep).order_by("-role", "id"))
    assert [(m.role, m.last_name, m.birth_date) for m in members] == [
        ("TITULAIRE", "Benali", BIRTH),  # the twin was dropped, its birth date kept
        ("COTITULAIRE", "Haddad", None),
    ]
    assert sorted(ContactChannel.objects.filter(household=keep).values_list("kind", flat=True)) == [
        "EMAIL",
        "TELEPHONE",
    ]
    assert Vulnerability.objects.filter(household=keep).count() == 1
    involvements = Involvement.objects.filter(household=keep).order_by("id")
    assert sorted(i.organisation.name for i in involvements) == ["CAF 93", "SCP Huissiers"]
    assert set(Procedure.objects.filter(household=keep).values_list("pk", flat=True)) == {
        closed.pk,
        moved.pk,
    }
    assert (
        set(
            Event.objects.filter(procedure__household=keep, procedure=moved).values_list(
                "pk", flat=True
            )
        )
        == events
    )
    decision.refresh_from_db()
    assert decision.household == keep and decision.household_reference == absorb_reference
    assert AccessLog.objects.filter(household_id=absorb_id).count() == 1  # journal untouched

    keep.refresh_from_db()
    assert "haddad karim" in keep.search_text
    assert not HouseholdKey.objects.filter(household_id=absorb_id).exists()
    assert HouseholdKey.objects.filter(household=keep, kind="BD").exists()
    assert match_record(record=record("Haddad", "Karim"), departement="93").household_id == keep.pk

    log = MatchDecision.objects.get(outcome=Outcome.MERGE)
    assert log.household == keep and log.source_id == absorb_id
    assert log.decided_by == secretariat.user and log.automatic is False
    assert log.reason == f"Fusion du dossier {absorb_reference} dans le dossier {keep.reference}."
    assert log.details["procedure_ids"] == [moved.pk]
    assert log.details["members_merged"] == 1 and log.details["members_moved"] == 1
    assert log.details["contacts"] == 1


def test_merge_refuses_two_open_procedures_and_changes_nothing(make_household, secretariat):
    """At most one open procedure per household (a database constraint too)."""
    keep, absorb = make_household("Diallo", "Awa"), make_household("Diallo", "Awa")
    _procedure(keep)
    _procedure(absorb)
    with pytest.raises(BusinessError, match="chacun une procédure en cours"):
        household_merge(keep=keep, absorb=absorb, by=secretariat)
    assert Household.objects.filter(pk=absorb.pk).exists()
    assert not MatchDecision.objects.filter(outcome=Outcome.MERGE).exists()


def test_merge_refuses_another_departement_and_changes_nothing(make_household, secretariat):
    from tests import factories

    paris = factories.commune("75111", "Paris 11e", "75011")
    keep = make_household("Benali", "Samia")
    absorb = factories.HouseholdFactory(
        departement=paris.departement, commune=paris, postal_code="75011"
    )
    factories.MemberFactory(household=absorb)
    with pytest.raises(BusinessError, match="départements différents"):
        household_merge(keep=keep, absorb=absorb, by=secretariat)
    assert Household.objects.filter(pk=absorb.pk).exists()
    assert Member.objects.filter(household=absorb).count() == 1
    assert not MatchDecision.objects.exists()


def test_merge_refuses_itself_and_non_secretariat_members(make_household):
    keep, absorb = make_household("Benali", "Samia"), make_household("Benali", "Samia")
    social_worker = MembershipFactory(social_worker=True)
    with pytest.raises(BusinessError, match="lui-même"):
        household_merge(keep=keep, absorb=keep, by=None)
    with pytest.raises(BusinessError, match="Seul le secrétariat de la CCAPEX"):
        household_merge(keep=keep, absorb=absorb, by=social_worker)
    assert Household.objects.filter(pk=absorb.pk).exists()


def test_split_moves_the_chosen_procedures_and_their_events(duplicates, secretariat, bailiff):
    keep, absorb, closed, moved, _ = duplicates
    household_merge(keep=keep, absorb=absorb, by=secretariat)
    events = set(Event.objects.filter(procedure=moved).values_list("pk", flat=True))

    new = household_split(household=keep, procedure_ids=[moved.pk], by=secretariat)

    assert new.pk != keep.pk
    assert (new.address, new.postal_code, new.commune_id, new.departement_id) == (
        keep.address,
        keep.postal_code,
        keep.commune_id,
        "93",
    )
    assert list(Procedure.objects.filter(household=new).values_list("pk", flat=True)) == [moved.pk]
    assert list(Procedure.objects.filter(household=keep).values_list("pk", flat=True)) == [
        closed.pk
    ]
    assert set(Event.objects.filter(procedure__household=new).values_list("pk", flat=True)) == (
        events
    )
    holders = list(new.members.order_by("-role", "id").values_list("last_name", "birth_date"))
    assert holders == [("Benali", BIRTH), ("Haddad", None)]
    assert Member.objects.filter(household=keep).count() == 2  # a copy, not a move
    assert list(
        Involvement.objects.filter(household=new).values_list("organisation", flat=True)
    ) == [
        bailiff.pk  # the sender of the moved acts; not the CAF
    ]
    assert HouseholdKey.objects.filter(household=new, kind="NM").count() == 2
    log = MatchDecision.objects.get(outcome=Outcome.SPLIT)
    assert log.household == new and log.source_id == keep.pk
    assert log.details == {
        "from_reference": keep.reference,
        "procedure_ids": [moved.pk],
        "involvements_copied": 1,
    }
    assert log.reason.startswith(f"Séparation : 1 procédure du dossier {keep.reference}")


def test_split_refuses_foreign_or_missing_procedures(make_household, secretariat):
    mine, other = make_household("Benali", "Samia"), make_household("Diallo", "Awa")
    theirs = _procedure(other)
    with pytest.raises(BusinessError, match="n'appartiennent pas au dossier"):
        household_split(household=mine, procedure_ids=[theirs.pk], by=secretariat)
    with pytest.raises(BusinessError, match="au moins une procédure"):
        household_split(household=mine, procedure_ids=[], by=secretariat)
    assert Household.objects.count() == 2
    assert Procedure.objects.get(pk=theirs.pk).household == other


def test_undo_a_wrong_match_splits_its_procedures_off(make_household, secretariat):
    household = make_household("Benali", "Samia", BIRTH)
    own = _procedure(household, close=True, day=datetime.date(2025, 1, 6))
    wrong = _procedure(household)
    decision = match_decision_record(
        result=match_record(record=record("Benali", "Samia", BIRTH), departement="93"),
        source_kind="intake_row",
        source_id=12,
    )
    undone = match_decision_undo(decision=decision, by=secretariat, procedure_ids=[wrong.pk])
    assert undone.undone_at is not None and undone.undone_by == secretariat.user
    assert Procedure.objects.get(pk=own.pk).household == household
    assert Procedure.objects.get(pk=wrong.pk).household != household
    split = MatchDecision.objects.get(outcome=Outcome.SPLIT)
    assert f"Annulation du rapprochement n° {decision.pk}." in split.reason
    with pytest.raises(BusinessError, match="déjà été annulée"):
        match_decision_undo(decision=decision, by=secretariat)


def test_a_merge_cannot_be_undone_as_such(make_household, secretariat):
    keep, absorb = make_household("Benali", "Samia"), make_household("Benali", "Samia")
    household_merge(keep=keep, absorb=absorb, by=secretariat)
    log = MatchDecision.objects.get(outcome=Outcome.MERGE)
    with pytest.raises(BusinessError, match="Une fusion ne peut pas être annulée"):
        match_decision_undo(decision=log, by=secretariat)
    log.refresh_from_db()
    assert log.undone_at is None
