"""Database output: consistent households, members, procedures, acts and involvements."""

import datetime
import random

import pytest

from prevex.accounts.models import OrganisationType as T
from prevex.core import clock
from prevex.households.models import Household, Involvement, InvolvementReason, MemberRole
from prevex.households.services import compute_search_text
from prevex.procedures.models import Event, Procedure
from prevex.procedures.rules import RuleBook
from prevex.procedures.services import procedure_refresh
from prevex.synth.api import already_generated, generate
from tests.factories import OrganisationFactory

from .checks import TrueEvent, legal_problems

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 23)
FIELDS = ("stage", "stage_date", "current_debt", "key_deadline")
KINDS = (T.COMMISSAIRE_JUSTICE, T.CAF, T.PREFECTURE, T.TRIBUNAL, T.BAILLEUR_SOCIAL,
         T.CD_SOCIAL, T.EMPEX)  # fmt: skip


def _events(procedure):
    return [
        TrueEvent(
            e.stage,
            e.date,
            e.hearing_date,
            e.decision,
            e.contradictoire,
            e.grace_months,
            e.cfp_decision,
            e.reference,
        )  # fmt: skip
        for e in procedure.events.order_by("date", "id")
    ]


def test_database_output_is_consistent():
    clock.freeze(TODAY)
    orgs = {kind: OrganisationFactory(type=kind) for kind in KINDS}
    result = generate(preset="93", years="2022-2023", seed=8, scale=0.01, format="db",
                      organisations=orgs)  # fmt: skip

    households = list(Household.objects.prefetch_related("members").order_by("id"))
    assert len(households) == result.created["Household"] > 50
    assert Procedure.objects.count() == result.created["Procedure"] >= len(households)
    assert Event.objects.count() == result.created["Event"]
    # The generator's own involvements, plus the préfecture's as the addressee of the
    # assignations, CQL and RFP the one Book of acts recorded.
    assert (
        Involvement.objects.exclude(reason="DESTINATAIRE").count() == result.created["Involvement"]
    )
    addressed = set(
        Event.objects.filter(stage__in=["ASSIGNATION", "CQL", "RFP"]).values_list(
            "procedure__household_id", flat=True
        )
    )
    assert addressed and addressed == set(
        Involvement.objects.filter(
            reason="DESTINATAIRE", organisation=orgs[T.PREFECTURE]
        ).values_list("household_id", flat=True)
    )
    for household in households:
        members = list(household.members.all())
        assert [m.role for m in members].count(MemberRole.TITULAIRE) == 1
        expected = compute_search_text(
            members=members, address=household.address, commune_name=household.commune.name
        )
        assert set(household.search_text.split()) == set(expected.split())
        assert household.commune.departement_id == "93"
        assert household.reference.startswith("93-S008-")

    rules = RuleBook.for_departement("93")
    procedures = list(Procedure.objects.order_by("id"))
    for procedure in procedures:
        events = _events(procedure)
        assert legal_problems(events, procedure.ground, rules) == []
        assert procedure.opened_on == events[0].date
        assert max(e.date for e in events) <= TODAY
        # active in the requested years: an act, or the closure (CCAPEX examinations
        # come before it)
        closed = procedure.closed_on or datetime.date.min
        assert any(e.date.year >= 2022 for e in events) or closed.year >= 2022
    for procedure in random.Random(1).sample(procedures, 30):
        stored = {name: getattr(procedure, name) for name in FIELDS}
        procedure_refresh(procedure=procedure)
        procedure.refresh_from_db()
        assert {name: getattr(procedure, name) for name in FIELDS} == stored

    def involved(kind, reason):
        return set(
            Involvement.objects.filter(organisation=orgs[kind], reason=reason).values_list(
                "household_id", flat=True
            )
        )

    def with_stage(*stages):
        return set(
            Procedure.objects.filter(events__stage__in=stages).values_list(
                "household_id", flat=True
            )
        )

    assert involved(T.CAF, InvolvementReason.SIGNALEMENT) == with_stage("IMPAYE", "SIGNALEMENT")
    assert involved(T.PREFECTURE, InvolvementReason.ACTE) == with_stage(
        "ASSIGNATION", "CQL", "RFP", "CFP", "EXPULSION"
    )
    assert involved(T.TRIBUNAL, InvolvementReason.ACTE) == with_stage("AUDIENCE", "JUGEMENT")
    assert with_stage("DSF") <= involved(T.CD_SOCIAL, InvolvementReason.DESIGNATION)
    bailiff = involved(T.COMMISSAIRE_JUSTICE, InvolvementReason.ACTE)
    assert bailiff and bailiff < with_stage("CDP", "ASSIGNATION", "CQL")
    tenants = set(
        Household.objects.filter(landlord=orgs[T.BAILLEUR_SOCIAL]).values_list("id", flat=True)
    )
    assert tenants and tenants == involved(T.BAILLEUR_SOCIAL, InvolvementReason.BAILLEUR)
    assert not Household.objects.filter(id__in=tenants, parc="PRIVE").exists()
    assert Event.objects.filter(stage="CDP", source=orgs[T.COMMISSAIRE_JUSTICE]).exists()

    assert already_generated(departement="93", seed=8)
    assert not already_generated(departement="93", seed=9)
    again = generate(preset="93", years="2023", seed=8, scale=0.005, format="db")
    assert again.created["Household"] > 0
    assert Household.objects.count() == len(households) + again.created["Household"]


def test_history_procedures_end_as_real_ones_do_when_used_later():
    """Generated 2022–2023 and used in late 2026: nothing stays open from the history (a
    procedure's exit and closure come at most some eighteen months after its last act);
    each closure follows the history's last day, or comes from the simulation itself."""
    clock.freeze(TODAY)
    orgs = {kind: OrganisationFactory(type=kind) for kind in KINDS}
    generate(preset="93", years="2022-2023", seed=8, scale=0.01, format="db",
             organisations=orgs)  # fmt: skip
    procedures = Procedure.objects.all()
    assert procedures.count() > 50
    assert not procedures.filter(closed_on__isnull=True).exists()
    after_history = procedures.filter(closed_on__gt=datetime.date(2023, 12, 31))
    assert after_history.exists()
    assert not after_history.filter(outcome="").exists()
    for procedure in after_history.order_by("id")[:50]:
        assert procedure.closed_on >= max(e.date for e in _events(procedure))


def test_history_used_on_its_last_day_keeps_its_open_procedures():
    from types import SimpleNamespace

    from prevex.synth.endings import close_after_history
    from prevex.synth.model import Proc

    proc = Proc(1, "IMPAYES", True, 700_000)
    proc.acts = [SimpleNamespace(stage="CDP", day=700_010)]
    sim = SimpleNamespace(horizon=700_100)  # nothing drawn: the history is still current
    assert close_after_history(sim, [proc], until=700_100) == 0
    assert proc.closed is None and proc.exit_day is None
