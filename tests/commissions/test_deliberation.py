"""Deliberation: the commission's opinion on a file of a held session, the review and the
one-year outcome it schedules, and the closing of the deliberations."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from prevex.audit.models import WriteLog
from prevex.commissions.choices import SaisineReason, SaisineStatus, SessionStatus
from prevex.commissions.deliberation import item_deliberate, session_close
from prevex.commissions.models import AgendaItem, FileOutcome, Saisine
from prevex.procedures.models import LegalRule
from tests.factories import HouseholdFactory, MembershipFactory, OrganisationFactory

from .follow_fixtures import SESSION_DAY, make_session, put_on_agenda, world_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def test_deliberating_examines_the_file_and_schedules_review_and_outcome(world):
    item = item_deliberate(item=world.item, opinion="Maintien sous plan.", by=world.secretariat)
    assert item.examined and item.opinion == "Maintien sous plan." and item.deliberated_at
    world.item.saisine.refresh_from_db()
    assert world.item.saisine.status == SaisineStatus.EXAMINEE
    review = Saisine.objects.get(follows_item=item)
    assert review.reason == SaisineReason.REVUE
    assert review.status == SaisineStatus.PROPOSEE
    assert review.proposed_for == datetime.date(2025, 9, 6)  # session + 6 months
    assert review.organisation is None and review.commission == world.commission
    outcome = FileOutcome.objects.get(item=item)
    assert outcome.due_on == datetime.date(2026, 3, 6)  # session + 12 months
    # History, with author and organisation.
    entry = WriteLog.objects.get(object_type="AVIS_COMMISSION", object_id=item.pk)
    assert entry.organisation_id == world.secretariat.organisation_id
    assert entry.user_id == world.secretariat.user_id
    assert entry.household_id == world.household.pk
    assert WriteLog.objects.filter(object_type="SAISINE", object_id=review.pk).exists()


def test_deliberating_again_corrects_the_opinion_without_doubling(world):
    item_deliberate(item=world.item, opinion="Premier avis.", by=world.secretariat)
    item_deliberate(item=world.item, opinion="Avis corrigé.", by=world.secretariat)
    assert Saisine.objects.filter(reason=SaisineReason.REVUE).count() == 1
    assert FileOutcome.objects.count() == 1
    world.item.refresh_from_db()
    assert world.item.opinion == "Avis corrigé."


def test_review_respects_an_open_saisine_of_the_file(world):
    # A file put on the agenda without a saisine, proposed again meanwhile by a partner.
    old = world.item.saisine
    world.item.saisine = None
    world.item.save()
    old.delete()
    other = Saisine.objects.create(
        household=world.household, departement_id="93", commission=world.commission,
        reason=SaisineReason.PARTENAIRE, status=SaisineStatus.PROPOSEE,
        proposed_for=SESSION_DAY,
    )  # fmt: skip
    item_deliberate(item=world.item, opinion="Avis.", by=world.secretariat)
    assert not Saisine.objects.filter(reason=SaisineReason.REVUE).exists()
    assert Saisine.objects.filter(status=SaisineStatus.PROPOSEE).get() == other


def test_review_delay_is_the_rule_in_force_on_the_session_date(world):
    rule = LegalRule.objects.get(code="COMMISSION_REVUE", departement__isnull=True)
    LegalRule.objects.create(
        code=rule.code, label=rule.label, value=3, unit=rule.unit,
        valid_from=datetime.date(2025, 1, 1), legal_basis="Charte 93", short_basis="Charte 93",
        departement_id="93",
    )  # fmt: skip
    item_deliberate(item=world.item, opinion="Avis.", by=world.secretariat)
    assert Saisine.objects.get(reason=SaisineReason.REVUE).proposed_for == datetime.date(2025, 6, 6)


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (SessionStatus.PREPARATION, "pas encore été tenue"),
        (SessionStatus.CONVOQUEE, "pas encore été tenue"),
        (SessionStatus.CLOSE, "sont closes"),
        (SessionStatus.ANNULEE, "annulée"),
    ],
)
def test_deliberating_on_a_session_not_held_is_refused(world, status, message):
    world.session.status = status
    world.session.save()
    logs = WriteLog.objects.count()
    with pytest.raises(ValidationError) as exc:
        item_deliberate(item=world.item, opinion="Avis.", by=world.secretariat)
    assert message in exc.value.messages[0]
    world.item.refresh_from_db()
    assert not world.item.examined and not world.item.opinion
    assert not FileOutcome.objects.exists()
    assert not Saisine.objects.filter(reason=SaisineReason.REVUE).exists()
    assert WriteLog.objects.count() == logs


@pytest.mark.parametrize("opinion", ["", "   ", "x" * 5001])
def test_an_empty_or_huge_opinion_is_refused(world, opinion):
    with pytest.raises(ValidationError):
        item_deliberate(item=world.item, opinion=opinion, by=world.secretariat)
    assert not AgendaItem.objects.get(pk=world.item.pk).examined


def test_only_the_secretariat_deliberates(world):
    for by in (
        world.caf_agent,
        MembershipFactory(organisation=OrganisationFactory(ccapex=True, other_departement=True)),
    ):
        with pytest.raises(ValidationError, match="secrétariat"):
            item_deliberate(item=world.item, opinion="Avis.", by=by)
    assert not FileOutcome.objects.exists()


def test_a_commission_secretariat_that_is_not_the_ccapex_deliberates(world):
    clil_secretariat = OrganisationFactory(type="CCAS", name="CCAS de Saint-Denis")
    world.commission.secretariat = clil_secretariat
    world.commission.save()
    item_deliberate(
        item=world.item, opinion="Avis.", by=MembershipFactory(organisation=clil_secretariat)
    )
    assert FileOutcome.objects.count() == 1


def test_closing_proposes_the_files_not_examined_again(world):
    second = put_on_agenda(world.session, HouseholdFactory(), position=2)
    with pytest.raises(ValidationError, match="au moins un avis"):
        session_close(session=world.session, by=world.secretariat)
    item_deliberate(item=world.item, opinion="Avis.", by=world.secretariat)
    session = session_close(session=world.session, by=world.secretariat)
    assert session.status == SessionStatus.CLOSE
    second.saisine.refresh_from_db()
    assert second.saisine.status == SaisineStatus.PROPOSEE
    assert WriteLog.objects.filter(object_type="SEANCE", household_id=second.household_id).exists()
    # Closed: no more opinions.
    with pytest.raises(ValidationError, match="closes"):
        item_deliberate(item=second, opinion="Trop tard.", by=world.secretariat)
    with pytest.raises(ValidationError, match="closes"):
        session_close(session=world.session, by=world.secretariat)


def test_closing_a_session_not_held_is_refused(world):
    upcoming = make_session(
        world.commission, day=datetime.date(2025, 4, 3), status=SessionStatus.CONVOQUEE
    )
    with pytest.raises(ValidationError, match="pas encore été tenue"):
        session_close(session=upcoming, by=world.secretariat)
    upcoming.refresh_from_db()
    assert upcoming.status == SessionStatus.CONVOQUEE
