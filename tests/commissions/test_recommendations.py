"""Recommendations: recorded on a held session's file, the addressee organisation
involved for the recommendation's period only and given a task, the follow-up reported
by the addressee or the secretariat."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prevex.access.gate import groups_for, is_involved
from prevex.access.models import Involvement, InvolvementReason
from prevex.audit.models import WriteLog
from prevex.commissions.choices import AddresseeKind, RecommendationStatus, SessionStatus
from prevex.commissions.follow import follow_up_rates
from prevex.commissions.models import Recommendation, RecommendationType
from prevex.commissions.recommendations import recommendation_add, recommendation_report
from prevex.core import clock
from prevex.support.choices import AlertKind
from prevex.support.models import Alert
from tests.factories import MembershipFactory, OrganisationFactory

from .follow_fixtures import TODAY, world_fixture  # noqa: F401

pytestmark = pytest.mark.django_db
DUE = datetime.date(2025, 4, 30)


def _add(world, **kwargs):
    args = {
        "item": world.item,
        "type_code": "MAINTIEN_AL",
        "addressee_kind": AddresseeKind.ORGANISATION,
        "addressee": world.caf,
        "due_on": DUE,
        "by": world.secretariat,
        "text": "Maintenir l'APL pendant le plan.",
    }
    return recommendation_add(**{**args, **kwargs})


def _nothing_written(before_logs):
    assert not Recommendation.objects.exists()
    assert not Involvement.objects.filter(reason=InvolvementReason.RECOMMANDATION).exists()
    assert not Alert.objects.filter(kind=AlertKind.RECOMMANDATION).exists()
    assert WriteLog.objects.count() == before_logs


def test_the_caf_is_involved_for_the_period_only_and_gets_a_task(world):
    reco = _add(world)
    assert reco.status == RecommendationStatus.A_FAIRE
    involvement = reco.involvement
    assert involvement.organisation == world.caf
    assert involvement.reason == InvolvementReason.RECOMMANDATION
    assert involvement.starts_on == TODAY
    assert involvement.ends_on == datetime.date(2025, 5, 15)  # due + 15 days
    task = Alert.objects.get(kind=AlertKind.RECOMMANDATION)
    assert task.source == f"commissions.recommendation:{reco.pk}"
    assert task.organisation == world.caf and task.due_on == DUE
    assert "Maintenir l'aide au logement" in task.message
    # The file: seen by the CAF until the due date + grace, not after.
    for day, sees in [
        (TODAY, True),
        (DUE, True),
        (datetime.date(2025, 5, 15), True),
        (datetime.date(2025, 5, 16), False),
    ]:
        clock.freeze(day)
        assert is_involved(organisation_id=world.caf.pk, household_id=world.household.pk) is sees
        assert bool(groups_for(membership=world.caf_agent, household=world.household)) is sees
    # History of the recommendation, with author and organisation.
    entry = WriteLog.objects.get(object_type="RECOMMANDATION", object_id=reco.pk)
    assert (entry.user_id, entry.organisation_id) == (
        world.secretariat.user_id,
        world.secretariat.organisation_id,
    )


def test_a_second_recommendation_to_the_same_organisation_has_its_own_period(world):
    first = _add(world)
    second = _add(world, type_code="FSL", due_on=datetime.date(2025, 6, 30))
    assert first.involvement_id != second.involvement_id
    assert second.involvement.ends_on == datetime.date(2025, 7, 15)
    assert Alert.objects.filter(kind=AlertKind.RECOMMANDATION, resolved_on=None).count() == 2


def test_a_recommendation_to_the_household_involves_nobody(world):
    reco = _add(world, type_code="SURENDETTEMENT", addressee_kind=AddresseeKind.MENAGE,
                addressee=None)  # fmt: skip
    assert reco.involvement is None and reco.addressee is None
    assert not Alert.objects.filter(kind=AlertKind.RECOMMANDATION).exists()


def test_the_departement_row_of_the_catalogue_overrides_the_national_one(world):
    RecommendationType.objects.create(code="FSL", departement_id="93", label="FSL 93 (Pacte)")
    assert _add(world, type_code="FSL").type.label == "FSL 93 (Pacte)"
    RecommendationType.objects.create(
        code="DALO", departement_id="93", label="Hors charte", active=False
    )
    with pytest.raises(ValidationError, match="inconnu"):
        _add(world, type_code="DALO")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"due_on": TODAY - datetime.timedelta(days=1)}, "ne peut pas être passée"),
        ({"type_code": "INEXISTANT"}, "inconnu"),
        ({"addressee": None}, "Choisissez l'organisation"),
        ({"addressee_kind": "AUTRE"}, "Choisissez le destinataire"),
        ({"addressee_kind": AddresseeKind.MENAGE}, "pas d'organisation destinataire"),
    ],
)
def test_bad_recommendations_are_refused_and_nothing_is_written(world, change, message):
    logs = WriteLog.objects.count()
    with pytest.raises(ValidationError) as exc:
        _add(world, **change)
    assert message in exc.value.messages[0]
    _nothing_written(logs)


def test_a_foreign_or_inactive_organisation_is_refused(world):
    logs = WriteLog.objects.count()
    for org in (
        OrganisationFactory(type="CAF", other_departement=True),
        OrganisationFactory(type="CAF", is_active=False),
    ):
        with pytest.raises(ValidationError, match="autre département"):
            _add(world, addressee=org)
    _nothing_written(logs)


@pytest.mark.parametrize("status", [SessionStatus.PREPARATION, SessionStatus.CONVOQUEE])
def test_a_recommendation_on_a_session_not_held_is_refused(world, status):
    world.session.status = status
    world.session.save()
    logs = WriteLog.objects.count()
    with pytest.raises(ValidationError, match="pas encore été tenue"):
        _add(world)
    _nothing_written(logs)


def test_only_the_secretariat_records_recommendations(world):
    logs = WriteLog.objects.count()
    with pytest.raises(ValidationError, match="secrétariat"):
        _add(world, by=world.caf_agent)
    _nothing_written(logs)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    due_on=st.dates(max_value=TODAY - datetime.timedelta(days=1)),
    kind=st.sampled_from([*AddresseeKind.values, "", "ORG"]),
)
def test_any_past_due_date_is_refused(world, due_on, kind):
    """Whatever the addressee, a past due date is refused with a French message (a
    refusal writes nothing, so one file serves every example)."""
    logs = WriteLog.objects.count()
    with pytest.raises(ValidationError):
        _add(world, due_on=due_on, addressee_kind=kind)
    _nothing_written(logs)


def test_the_caf_reports_it_implemented_and_the_task_closes(world):
    reco = _add(world)
    rates = follow_up_rates(departement_id="93")
    assert rates["overall"]["implemented"] == 0 and rates["overall"]["to_do"] == 1
    recommendation_report(recommendation=reco, status=RecommendationStatus.EN_COURS,
                          by=world.caf_agent)  # fmt: skip
    assert Alert.objects.get(kind=AlertKind.RECOMMANDATION).resolved_on is None
    recommendation_report(
        recommendation=reco, status=RecommendationStatus.MISE_EN_OEUVRE, by=world.caf_agent
    )
    reco.refresh_from_db()
    assert reco.status == RecommendationStatus.MISE_EN_OEUVRE
    assert reco.status_on == TODAY and reco.status_by == world.caf
    assert Alert.objects.get(kind=AlertKind.RECOMMANDATION).resolved_on == TODAY
    rates = follow_up_rates(departement_id="93", session=world.session)
    assert rates["overall"]["implemented"] == 1 and rates["overall"]["implemented_rate"] == 100.0
    assert rates["by_addressee"][0]["label"] == world.caf.name
    assert rates["by_type"][0]["implemented"] == 1
    entries = WriteLog.objects.filter(object_type="RECOMMANDATION", object_id=reco.pk)
    assert entries.filter(organisation_id=world.caf.pk).count() == 2
    # Closed: the addressee cannot change it any more, the secretariat may correct it.
    with pytest.raises(ValidationError, match="clos"):
        recommendation_report(
            recommendation=reco, status=RecommendationStatus.EN_COURS, by=world.caf_agent
        )
    recommendation_report(
        recommendation=reco, status=RecommendationStatus.REFUSEE, by=world.secretariat,
        reason="Droits suspendus.",
    )  # fmt: skip


@pytest.mark.parametrize(
    "status", [RecommendationStatus.NON_MISE_EN_OEUVRE, RecommendationStatus.REFUSEE]
)
def test_not_implemented_or_refused_needs_a_reason(world, status):
    reco = _add(world)
    logs = WriteLog.objects.count()
    with pytest.raises(ValidationError, match="Indiquez le motif"):
        recommendation_report(recommendation=reco, status=status, by=world.caf_agent, reason=" ")
    reco.refresh_from_db()
    assert reco.status == RecommendationStatus.A_FAIRE
    assert WriteLog.objects.count() == logs
    assert Alert.objects.get(kind=AlertKind.RECOMMANDATION).resolved_on is None
    recommendation_report(recommendation=reco, status=status, by=world.caf_agent,
                          reason="Ressources au-dessus du plafond.")  # fmt: skip
    reco.refresh_from_db()
    assert reco.status_reason == "Ressources au-dessus du plafond."


def test_who_may_report(world):
    reco = _add(world)
    household_reco = _add(world, type_code="DALO", addressee_kind=AddresseeKind.MENAGE,
                          addressee=None)  # fmt: skip
    other_caf = MembershipFactory(organisation=OrganisationFactory(type="CAF", name="Autre CAF"))
    landlord = MembershipFactory(organisation=OrganisationFactory(social_landlord=True))
    for by in (other_caf, landlord):
        with pytest.raises(ValidationError, match="destinataire"):
            recommendation_report(recommendation=reco, status="EN_COURS", by=by)
    # A recommendation to the household: the secretariat only.
    with pytest.raises(ValidationError, match="destinataire"):
        recommendation_report(recommendation=household_reco, status="EN_COURS", by=world.caf_agent)
    recommendation_report(recommendation=household_reco, status="EN_COURS", by=world.secretariat)
    with pytest.raises(ValidationError, match="Choisissez le suivi"):
        recommendation_report(recommendation=reco, status="A_FAIRE", by=world.caf_agent)
    assert Recommendation.objects.get(pk=reco.pk).status == RecommendationStatus.A_FAIRE


def test_received_lists_what_is_open_first_even_behind_many_closed(world):
    """« Recommandations reçues » shows at most 500: years of closed follow-ups must not
    push an open recommendation out of the page."""
    from prevex.commissions import recommendations as recos

    closed = [_add(world, due_on=DUE - datetime.timedelta(days=n)) for n in range(1, 4)]
    for reco in closed:
        recommendation_report(
            recommendation=reco, status=RecommendationStatus.MISE_EN_OEUVRE, by=world.secretariat
        )
    still_open = _add(world, due_on=DUE + datetime.timedelta(days=30))
    received = recos.recommendations_received(membership=world.caf_agent)["received"]
    assert received[0] == still_open
    # Closed ones follow, latest due first.
    assert received[1:] == sorted(closed, key=lambda r: r.due_on, reverse=True)
