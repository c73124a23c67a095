"""The file summary: what it holds, the earlier passages with their recommendations'
outcome, the freeze (never changed afterwards), the reader's groups of today, and its
cost (a fixed number of queries per session, whatever the number of files)."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from prevex.accounts.models import OrganisationType, Role
from prevex.audit.models import WriteChannel, WriteLog
from prevex.commissions import pdf
from prevex.commissions.choices import AddresseeKind, RecommendationStatus
from prevex.commissions.models import AgendaItem, Recommendation, Session
from prevex.commissions.summary import (
    summaries_build_many,
    summaries_freeze_many,
    summary_build,
    summary_for_reader,
)
from prevex.procedures.models import Event, Stage
from prevex.support import services as support
from tests.factories import HouseholdFactory, OrganisationFactory

from .summary_fixtures import (
    TODAY,
    WINDOW,
    at,
    build_commission_file,
    commission_involvement,
    member,
    reco_type,
)

ALL = {"LEASE", "IDENTITY", "PROCEDURE", "SOCIAL", "HEALTH", "SUIVI"}


@pytest.fixture
def cf(db):
    return build_commission_file()


@pytest.mark.django_db
def test_the_summary_rebuilds_the_file_s_course(cf):
    doc = summary_build(household=cf.household, as_of=TODAY)
    json.dumps(doc)  # JSON-serialisable as stored
    sections = doc["sections"]
    assert set(sections) == ALL
    assert sections["LEASE"]["holders"] == [{"role": "Titulaire du bail", "name": "Aline ZORGLUB"}]
    assert "Enfantsentinelle ZORGLUB" in [m["name"] for m in sections["IDENTITY"]["members"]]
    procedure = sections["PROCEDURE"]
    # The timeline as of the session: the hearing of April is not there yet.
    events = procedure["procedures"][0]["events"]
    assert [(e["date_on"], e["stage"]) for e in events] == [
        ("2024-06-03", "Commandement de payer"),
        ("2025-02-01", "Assignation"),
    ]
    assert "audience le 15/04/2025" in events[1]["details"]
    # Debt over time and payments.
    assert [(d["date_on"], d["debt_eur"]) for d in procedure["debt"]] == [
        ("2024-06-03", "2100.00"),
        ("2025-02-01", "2600.00"),
    ]
    assert [(p["date_on"], p["amount_eur"]) for p in procedure["payments"]] == [
        ("2024-12-06", "300.00")
    ]
    # Plan compliance on the day: four instalments of 300 € due, 300 € paid.
    plan = procedure["plans"][0]
    assert (plan["due_eur"], plan["paid_eur"], plan["late_instalments"]) == ("1200.00", "300.00", 3)
    assert plan["compliance"] == "3 échéances en retard"
    # Contacts and their outcomes, DSF (life / content), measures, vulnerabilities.
    suivi = sections["SUIVI"]
    assert suivi["contacts_count"] == 2
    assert {o["label"]: o["count"] for o in suivi["contacts_by_outcome"]} == {
        "Non joint": 1,
        "Rendez-vous pris": 1,
    }
    assert suivi["dsfs"][0]["status"] == "Demandé"
    assert "opinion" not in suivi["dsfs"][0]
    assert sections["SOCIAL"]["dsfs"][0]["opinion"] == "AVIS-DSF-SENTINELLE"
    assert sections["SOCIAL"]["evaluation"]["text"] == "EVALUATION-SENTINELLE"
    assert suivi["measures"][0]["type"].startswith("FSL")
    assert sections["HEALTH"]["vulnerabilities"][0]["note"] == "SANTE-SENTINELLE"


@pytest.mark.django_db
def test_a_file_examined_twice_shows_the_first_session_s_recommendations_and_outcome(cf):
    """Acceptance: « The summary of a file examined twice shows the first session's
    recommendations and their outcome »."""
    passages = summary_build(household=cf.household, as_of=TODAY)["sections"]["SUIVI"]["passages"]
    assert len(passages) == 1  # today's session is not an earlier passage
    first = passages[0]
    assert (first["commission"], first["date_on"], first["opinion"]) == (
        "CCAPEX de la Sentinelle",
        "2024-10-15",
        "AVIS-PREMIERE-SEANCE",
    )
    recos = {r["type"]: r for r in first["recommendations"]}
    caf = recos["Maintenir l'aide au logement (protocole, plan respecté)"]
    assert (caf["addressee"], caf["due_on"], caf["status"]) == (
        "CAF de la Seine-Saint-Denis",
        "2024-11-30",
        "Mise en œuvre",
    )
    household = recos["Reprendre le paiement du loyer courant"]
    assert (household["addressee"], household["status"], household["status_reason"]) == (
        "Le ménage",
        "Non mise en œuvre",
        "MOTIF-SENTINELLE",
    )
    assert first["outcome"] == {"label": "Toujours en procédure", "confirmed": False}
    # Built as of the first session's day, the file had no earlier passage.
    assert (
        summary_build(household=cf.household, as_of=datetime.date(2024, 10, 15))["sections"][
            "SUIVI"
        ]["passages"]
        == []
    )


@pytest.mark.django_db
def test_freezing_keeps_what_the_commission_saw(cf):
    frozen = summaries_freeze_many(items=[cf.item], by=cf.secretariat)
    assert frozen == 1
    cf.item.refresh_from_db()
    kept = cf.item.summary
    assert cf.item.frozen_at is not None and kept["as_of"] == "2025-03-10"
    # The live file changes afterwards...
    Event.objects.create(
        procedure=cf.procedure, stage=Stage.DSF, date=datetime.date(2025, 3, 1), notes="Après"
    )
    support.contact_record(
        household=cf.household, by=cf.worker, channel="VISITE", direction="SORTANT",
        at=at(datetime.date(2025, 3, 2)), purpose="RELANCE", outcome="JOINT",
    )  # fmt: skip
    Recommendation.objects.filter(item=cf.first_item).update(status=RecommendationStatus.REFUSEE)
    # ... the frozen summary does not, and a second freeze changes nothing.
    assert summaries_freeze_many(items=AgendaItem.objects.all(), by=cf.secretariat) == 1
    cf.item.refresh_from_db()
    assert cf.item.summary == kept
    read = summary_for_reader(item=cf.item, membership=cf.secretariat)
    assert read["frozen"] is True
    assert read["sections"] == kept["sections"]
    live = summary_build(household=cf.household, as_of=TODAY)["sections"]
    assert live != kept["sections"]
    assert live["SUIVI"]["contacts_count"] == 3
    # One history entry per frozen item, with its author and organisation.
    entries = WriteLog.objects.filter(object_type="FICHE_SYNTHESE").order_by("id")
    assert [(e.household_id, e.object_id) for e in entries] == [
        (cf.household.pk, cf.item.pk),
        (cf.household.pk, cf.first_item.pk),
    ]
    entry = entries[0]
    assert (entry.user_id, entry.organisation_id) == (
        cf.secretariat.user_id,
        cf.secretariat.organisation_id,
    )
    assert entry.field_group == "SUIVI"
    assert "séance du 10/03/2025" in entry.summary
    assert entries[1].channel == WriteChannel.FORM


@pytest.mark.django_db
def test_a_freeze_by_the_system_is_recorded_as_automatic(cf):
    assert summaries_freeze_many(items=[cf.item], by=None) == 1
    entry = WriteLog.objects.get(object_type="FICHE_SYNTHESE")
    assert (entry.user_id, entry.organisation_id, entry.channel) == (
        None,
        None,
        WriteChannel.SYSTEM,
    )
    assert summaries_freeze_many(items=[], by=None) == 0


@pytest.mark.django_db
def test_the_reader_gets_only_the_groups_it_holds_today(cf):
    landlord = member(cf.landlord)
    caf_agent = member(cf.caf)
    caf_worker = member(cf.caf, Role.TRAVAILLEUR_SOCIAL)
    outsider = member(OrganisationFactory(type=OrganisationType.ADIL))
    # The landlord is already involved in the file (reason SIGNALEMENT in the fixture).
    assert set(summary_for_reader(item=cf.item, membership=landlord)["sections"]) == {
        "LEASE",
        "PROCEDURE",
    }
    # The CAF reads the file through its commission involvement only.
    assert summary_for_reader(item=cf.item, membership=caf_agent) is None
    commission_involvement(cf.household, cf.caf)
    assert set(summary_for_reader(item=cf.item, membership=caf_agent)["sections"]) == {
        "LEASE",
        "IDENTITY",
        "PROCEDURE",
        "SUIVI",
    }
    assert set(summary_for_reader(item=cf.item, membership=caf_worker)["sections"]) == ALL
    assert summary_for_reader(item=cf.item, membership=outsider) is None
    # Frozen: still today's groups, not those of the day it was frozen.
    summaries_freeze_many(items=[cf.item], by=None)
    cf.item.refresh_from_db()
    assert set(summary_for_reader(item=cf.item, membership=landlord)["sections"]) == {
        "LEASE",
        "PROCEDURE",
    }
    from prevex.core import clock

    clock.freeze(WINDOW[1] + datetime.timedelta(days=1))  # the session's window is over
    assert summary_for_reader(item=cf.item, membership=caf_worker) is None
    assert summary_for_reader(item=cf.item, membership=cf.secretariat)["frozen"] is True


@pytest.mark.django_db
def test_a_live_summary_of_a_coming_session_reads_today(cf):
    later = Session.objects.create(
        commission=cf.commission, departement_id="93", capacity=30,
        starts_at=at(datetime.date(2025, 4, 20), 14),
    )  # fmt: skip
    item = AgendaItem.objects.create(session=later, household=cf.household, position=1)
    read = summary_for_reader(item=item, membership=cf.secretariat)
    assert read["frozen"] is False and read["as_of"] == "2025-03-10"
    # Today's session is not over before the next one's summary is built: not a passage.
    assert [p["date_on"] for p in read["sections"]["SUIVI"]["passages"]] == ["2024-10-15"]


@pytest.mark.django_db
def test_building_a_session_s_summaries_costs_the_same_whatever_the_number_of_files(cf):
    def queries(n):
        ids = [cf.household.pk] + [HouseholdFactory().pk for _ in range(n)]
        with CaptureQueriesContext(connection) as ctx:
            built = summaries_build_many(household_ids=ids, as_of=TODAY)
        assert set(built) == set(ids)
        return len(ctx.captured_queries)

    assert queries(1) == queries(6) <= 20


@pytest.mark.django_db
def test_recommendation_added_today_is_in_the_minutes_not_in_the_summary(cf):
    Recommendation.objects.create(
        item=cf.item, household=cf.household, departement_id="93", type=reco_type("FSL"),
        addressee_kind=AddresseeKind.MENAGE, due_on=datetime.date(2025, 5, 1),
    )  # fmt: skip
    passages = summary_build(household=cf.household, as_of=TODAY)["sections"]["SUIVI"]["passages"]
    assert all(r["type"] != reco_type("FSL").label for p in passages for r in p["recommendations"])


@given(st.dictionaries(st.sampled_from(["x_on", "y_at", "z_eur", "text"]), st.text(max_size=30)))
def test_reviving_a_stored_document_never_fails(document):
    revived = pdf.revive({"sections": {"SUIVI": document}})
    assert set(revived["sections"]["SUIVI"]) == set(document)
