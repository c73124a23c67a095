"""Saisines and the agenda: idempotent proposals, the landlord's act, capacity, the
optimistic lock, suggestions by rule, nothing half-written."""

import datetime

import pytest

from prevex.access.gate import groups_for
from prevex.audit.models import WriteLog
from prevex.commissions import agenda
from prevex.commissions.choices import SaisineReason, SaisineStatus
from prevex.commissions.models import AgendaItem, Saisine
from prevex.commissions.suggestions import agenda_suggestions
from prevex.core import clock
from prevex.core.errors import BusinessError
from prevex.households.models import Vulnerability
from prevex.procedures.models import Event, Procedure, Stage
from prevex.support.models import RepaymentPlan
from tests.factories import OrganisationFactory

from .conftest import SESSION_DAY, household, procedure_at

pytestmark = pytest.mark.django_db


def _ids(world, n):
    return [h.pk for h in world.households[:n]]


def test_a_saisine_is_idempotent_and_opens_no_access(world):
    h = world.households[0]
    first = agenda.saisine_create(
        household=h, commission=world.commission, reason=SaisineReason.PARTENAIRE,
        by=world.secretariat, motive="Dette en hausse",
    )  # fmt: skip
    again = agenda.saisine_create(
        household=h, commission=world.commission, reason=SaisineReason.COMED, by=None
    )
    assert again.pk == first.pk
    assert Saisine.objects.count() == 1
    assert first.proposed_for == clock.today() and first.status == SaisineStatus.PROPOSEE
    assert not groups_for(membership=world.caf, household=h)
    entry = WriteLog.objects.get(object_type="SAISINE")
    assert entry.field_group == "PROCEDURE" and "Dette" not in str(entry.changes)


def test_a_saisine_needs_the_file(world):
    with pytest.raises(BusinessError, match="pas accès à ce dossier"):
        agenda.saisine_create(
            household=world.households[0], commission=world.commission,
            reason=SaisineReason.PARTENAIRE, by=world.caf,
        )  # fmt: skip
    with pytest.raises(BusinessError, match="motif"):
        agenda.saisine_create(
            household=world.households[0], commission=world.commission, reason="X", by=None
        )


def test_the_social_landlords_saisine_records_the_act(world):
    h = household("Lefebvre", household_social_sector=True)
    procedure = procedure_at(h, Stage.CDP)
    from tests.factories import InvolvementFactory

    InvolvementFactory(household=h, organisation=world.landlord.organisation, reason="BAILLEUR")
    saisine = agenda.saisine_create(
        household=h, commission=world.commission, reason=SaisineReason.BAILLEUR_SOCIAL,
        by=world.landlord,
    )  # fmt: skip
    assert saisine.procedure_id == procedure.pk
    assert (
        Event.objects.filter(procedure=procedure, stage=Stage.SAISINE_BAILLEUR_SOCIAL).count() == 1
    )
    # Again: the same saisine, no second act.
    agenda.saisine_create(
        household=h, commission=world.commission, reason=SaisineReason.BAILLEUR_SOCIAL,
        by=world.landlord,
    )  # fmt: skip
    assert (
        Event.objects.filter(procedure=procedure, stage=Stage.SAISINE_BAILLEUR_SOCIAL).count() == 1
    )


def test_the_landlords_saisine_is_refused_when_the_act_is_not_allowed(world):
    # After the assignation, the stage machine refuses the act: nothing is written.
    h = world.households[0]
    with pytest.raises(BusinessError, match="ne peut pas suivre"):
        agenda.saisine_create(
            household=h, commission=world.commission, reason=SaisineReason.BAILLEUR_SOCIAL,
            by=world.landlord,
        )  # fmt: skip
    assert not Saisine.objects.exists()
    # A CAF may not record the act (act matrix).
    from tests.factories import InvolvementFactory

    InvolvementFactory(household=h, organisation=world.caf.organisation)
    with pytest.raises(BusinessError, match="ne peut pas transmettre"):
        agenda.saisine_create(
            household=h, commission=world.commission, reason=SaisineReason.BAILLEUR_SOCIAL,
            by=world.caf,
        )  # fmt: skip


def test_acts_become_saisines_of_the_ccapex_once(world):
    h = household("Roux", household_social_sector=True)
    procedure = procedure_at(h, Stage.SAISINE_BAILLEUR_SOCIAL, day=datetime.date(2025, 3, 1))
    late = household("Vidal", household_social_sector=True)
    procedure_at(late, Stage.ASSIGNATION)  # no saisine act
    assert agenda.saisines_from_acts() == 1
    assert agenda.saisines_from_acts() == 0
    saisine = Saisine.objects.get()
    assert (saisine.household_id, saisine.procedure_id) == (h.pk, procedure.pk)
    assert saisine.commission_id == world.commission.pk
    assert saisine.reason == SaisineReason.BAILLEUR_SOCIAL
    # Withdrawn: still not created again (the procedure has its saisine).
    agenda.saisine_withdraw(saisine=saisine, by=world.secretariat)
    assert agenda.saisines_from_acts() == 0


def test_withdraw_rules(world, session):
    h = world.households[0]
    saisine = agenda.saisine_create(
        household=h, commission=world.commission, reason=SaisineReason.PARTENAIRE, by=None
    )
    with pytest.raises(BusinessError, match="Seuls"):
        agenda.saisine_withdraw(saisine=saisine, by=world.caf)
    agenda.agenda_add_many(session=session, household_ids=[h.pk], by=world.secretariat, version=0)
    with pytest.raises(BusinessError, match="inscrit"):
        agenda.saisine_withdraw(saisine=saisine, by=world.secretariat)


def test_add_marks_saisines_and_creates_suggestion_ones(world, session):
    h0, h1 = world.households[:2]
    proposed = agenda.saisine_create(
        household=h0, commission=world.commission, reason=SaisineReason.PARTENAIRE, by=None
    )
    items = agenda.agenda_add_many(
        session=session, household_ids=[h0.pk, h1.pk], by=world.secretariat, version=0
    )
    assert [i.position for i in items] == [1, 2]
    proposed.refresh_from_db()
    assert proposed.status == SaisineStatus.INSCRITE
    created = Saisine.objects.get(household=h1)
    assert (created.reason, created.status) == (SaisineReason.SUGGESTION, SaisineStatus.INSCRITE)
    session.refresh_from_db()
    assert session.agenda_version == 1


def test_over_capacity_is_refused_and_nothing_is_written(world, session):
    before = WriteLog.objects.count()
    with pytest.raises(BusinessError, match="limité à 3 dossiers"):
        agenda.agenda_add_many(
            session=session, household_ids=_ids(world, 4), by=world.secretariat, version=0
        )
    assert not AgendaItem.objects.exists() and not Saisine.objects.exists()
    assert WriteLog.objects.count() == before
    session.refresh_from_db()
    assert session.agenda_version == 0


def test_a_stale_version_is_refused(world, session):
    agenda.agenda_add_many(
        session=session, household_ids=_ids(world, 1), by=world.secretariat, version=0
    )
    with pytest.raises(BusinessError, match="modifié par quelqu'un d'autre.*rechargez"):
        agenda.agenda_add_many(
            session=session, household_ids=_ids(world, 2), by=world.secretariat, version=0
        )
    assert AgendaItem.objects.count() == 1
    item = AgendaItem.objects.get()
    with pytest.raises(BusinessError, match="rechargez"):
        agenda.agenda_remove(item=item, by=world.secretariat, version="0")
    with pytest.raises(BusinessError, match="rechargez"):
        agenda.agenda_reorder(session=session, item_ids=[item.pk], by=world.secretariat, version=7)


def test_only_the_secretariat_edits_and_unknown_files_are_refused(world, session):
    with pytest.raises(BusinessError, match="secrétariat"):
        agenda.agenda_add_many(
            session=session, household_ids=_ids(world, 1), by=world.caf, version=0
        )
    other = OrganisationFactory(other_departement=True)
    from tests.factories import HouseholdFactory, departement

    departement("75", "Paris")
    foreign = HouseholdFactory(departement_id="75")
    for bad in ([foreign.pk], [10**9], ["x"], []):
        with pytest.raises(BusinessError):
            agenda.agenda_add_many(
                session=session, household_ids=bad, by=world.secretariat, version=0
            )
    assert other.pk and not AgendaItem.objects.exists()


def test_reorder_and_remove(world, session):
    items = agenda.agenda_add_many(
        session=session, household_ids=_ids(world, 3), by=world.secretariat, version=0
    )
    a, b, c = (i.pk for i in items)
    agenda.agenda_reorder(session=session, item_ids=[c, a, b], by=world.secretariat, version=1)
    assert list(AgendaItem.objects.order_by("position").values_list("pk", flat=True)) == [c, a, b]
    with pytest.raises(BusinessError):
        agenda.agenda_reorder(session=session, item_ids=[c, a], by=world.secretariat, version=2)
    agenda.agenda_remove(item=AgendaItem.objects.get(pk=a), by=world.secretariat, version=2)
    assert list(AgendaItem.objects.order_by("position").values_list("pk", "position")) == [
        (c, 1),
        (b, 2),
    ]
    saisine = Saisine.objects.get(household=world.households[0])
    assert saisine.status == SaisineStatus.PROPOSEE
    # both moves of the saisine are in the file's history, with their author
    moves = [
        (entry.changes[0]["old"], entry.changes[0]["new"], entry.organisation_id)
        for entry in WriteLog.objects.filter(
            object_type="SAISINE", object_id=saisine.pk, summary__contains="ordre du jour"
        ).order_by("id")
    ]
    assert moves == [
        ("Proposée", "Inscrite à l'ordre du jour", world.secretariat.organisation_id),
        ("Inscrite à l'ordre du jour", "Proposée", world.secretariat.organisation_id),
    ]


def test_a_file_is_on_one_agenda_of_a_commission_at_a_time(world, session):
    from prevex.commissions.sessions import session_create

    from .conftest import at

    other = session_create(
        commission=world.commission, starts_at=at(SESSION_DAY + datetime.timedelta(days=30)),
        place="Salle 3", by=world.secretariat,
    )  # fmt: skip
    agenda.agenda_add_many(
        session=session, household_ids=_ids(world, 1), by=world.secretariat, version=0
    )
    with pytest.raises(BusinessError, match="déjà inscrit à une autre séance"):
        agenda.agenda_add_many(
            session=other, household_ids=_ids(world, 1), by=world.secretariat, version=0
        )


def test_suggestions_follow_the_rules_territory_and_stages(world, session):
    h_cql, h_plan, h_review, h_far = world.households
    Procedure.objects.filter(household=h_cql).update(stage=Stage.CQL)
    Vulnerability.objects.create(
        household=h_cql, kind="SANTE", recorded_on=datetime.date(2025, 1, 1)
    )
    RepaymentPlan.objects.create(
        household=h_plan, departement_id="93", origin="NEGOCIE", starts_on=datetime.date(2024, 12, 1),
        debt_amount=900, organisation=world.landlord.organisation, late_instalments=2,
    )  # fmt: skip
    agenda.saisine_create(
        household=h_review, commission=world.commission, reason=SaisineReason.REVUE, by=None,
        proposed_for=SESSION_DAY,
    )  # fmt: skip
    agenda.saisine_create(
        household=h_far, commission=world.commission, reason=SaisineReason.REVUE, by=None,
        proposed_for=SESSION_DAY + datetime.timedelta(days=1),
    )  # fmt: skip
    found = {s.household_id: s for s in agenda_suggestions(session=session)}
    assert set(found) == {h_cql.pk, h_plan.pk, h_review.pk}
    assert found[h_review.pk].saisine_id and found[h_review.pk].reason.startswith("Revue")
    assert found[h_cql.pk].rule == "CQL_VULNERABILITE"
    assert found[h_plan.pk].rule == "PLAN_EN_RETARD"
    # One late instalment is not enough (rule PLAN_ALERTE_ECHEANCES: 2).
    RepaymentPlan.objects.filter(household=h_plan).update(late_instalments=1)
    assert h_plan.pk not in {s.household_id for s in agenda_suggestions(session=session)}
    # Stages: a commission examining the assignation only does not see the CQL file.
    world.commission.stages = [Stage.ASSIGNATION]
    world.commission.save()
    assert h_cql.pk not in {s.household_id for s in agenda_suggestions(session=session)}
    # Territory: a commune elsewhere.
    from tests.factories import commune

    world.commission.stages = []
    world.commission.save()
    world.commission.communes.set([commune("93001", "Aubervilliers", "93300")])
    found = {s.household_id for s in agenda_suggestions(session=session)}
    assert h_cql.pk not in found and h_review.pk in found  # a saisine is addressed to it
    # Files on the agenda are no longer suggested.
    agenda.agenda_add_many(
        session=session, household_ids=[h_review.pk], by=world.secretariat, version=0
    )
    assert h_review.pk not in {s.household_id for s in agenda_suggestions(session=session)}


def test_a_partner_proposes_a_file_only_to_a_commission_of_its_commune(world, client, login_as):
    """A CLIL of Aubervilliers is not offered for, and refuses, a file of Saint-Denis;
    the département-wide CCAPEX is."""
    from prevex.accounts.models import OrganisationType
    from prevex.commissions.choices import CommissionKind
    from prevex.commissions.sessions import commission_create
    from tests.factories import commune

    h = world.households[0]  # Saint-Denis
    ccas = OrganisationFactory(type=OrganisationType.CCAS, name="CCAS d'Aubervilliers")
    clil = commission_create(
        departement_id="93", kind=CommissionKind.CLIL, name="CLIL d'Aubervilliers",
        secretariat=ccas, communes=[commune("93001", "Aubervilliers", "93300")],
        by=world.secretariat,
    )  # fmt: skip
    with pytest.raises(BusinessError, match="ne couvre pas la commune"):
        agenda.saisine_create(
            household=h, commission=clil, reason=SaisineReason.PARTENAIRE, by=world.landlord
        )
    assert not Saisine.objects.exists()
    login_as(world.landlord)
    form = client.get(f"/commissions/menages/{h.pk}/saisine/").content.decode()
    assert "CCAPEX restreinte 93" in form and "CLIL d&#x27;Aubervilliers" not in form
    clil.communes.add(h.commune)
    form = client.get(f"/commissions/menages/{h.pk}/saisine/").content.decode()
    assert form.count("CLIL d&#x27;Aubervilliers") == 1
    agenda.saisine_create(
        household=h, commission=clil, reason=SaisineReason.PARTENAIRE, by=world.landlord
    )
    assert Saisine.objects.filter(commission=clil).count() == 1
