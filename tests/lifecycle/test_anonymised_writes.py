"""No path writes into an anonymised file (independent probe).

A rich file — procedure with an assignation, DSF, measure, referral awaiting its answer,
repayment plan, rows of a bailiff with their review items, an uncertain match that names
it as candidate, claims, a commission's deliberation with a recommendation and a one-year
outcome, a session to come with the file on its agenda — is closed, then anonymised by
the retention service 25 months later. Every write path is then tried through its real
entry (form or htmx POST as an organisation involved before anonymisation, the API with
a token, a CSV import, the review queue, the job), and each answers in French, never 500,
and writes no row of the file (every row of every table tied to the file is compared);
a bulk path (a job, an invitation, a session held) leaves the file out. Each case fails
when the guard of its service is removed.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from prevex.accounts.models import Membership, OrganisationType, Role
from prevex.api.services import api_token_create
from prevex.commissions.choices import CommissionKind, SessionStatus
from prevex.commissions.deliberation import item_deliberate
from prevex.commissions.follow import recommendation_reminders_refresh
from prevex.commissions.models import AgendaItem, Commission, FileOutcome, Session
from prevex.commissions.outcomes import outcomes_refresh
from prevex.commissions.recommendations import recommendation_add
from prevex.core import clock
from prevex.core.errors import BusinessError
from prevex.households.models import Household, Member, MemberRole, Parc
from prevex.households.retention import ANONYMISED_ADDRESS
from prevex.households.services import household_create, household_derived_refresh
from prevex.intake import services as intake
from prevex.intake.models import ImportRow, ReviewItem, ReviewKind, RowStatus
from prevex.lifecycle.retention import retention_run
from prevex.matching.models import ClaimField, ClaimStatus, HouseholdClaim
from prevex.procedures.models import Outcome, Procedure
from prevex.procedures.services import event_record, procedure_close, procedure_open
from prevex.support import services as support
from prevex.support.bulk import ContactDraft, contact_record_many
from prevex.support.models import Dsf, Measure, Referral, RepaymentPlan
from tests.commissions.follow_fixtures import make_session, put_on_agenda
from tests.factories import (
    InvolvementFactory,
    MembershipFactory,
    OrganisationFactory,
    commune,
    departement,
)
from tests.intake.conftest import csv_bytes, row
from tests.stale_text import text

pytestmark = pytest.mark.django_db

BUILD = datetime.date(2025, 3, 10)  # the file is followed, then closed that day
TODAY = datetime.date(2027, 4, 15)  # 25 months later: the retention job anonymises it
HTMX = {"HX-Request": "true"}
ANONYMISED = "durée de conservation"  # in every refusal shown to those who read the file
SPENT = "a déjà servi"  # what a sender is told: nothing about the file
CLOSED = "Cet élément a déjà été traité."  # closed by the retention job itself
APPS = ("households", "procedures", "support", "access", "commissions", "intake", "matching")
# Rows a refused import or API call writes of its own (the batch, the row in quarantine).
RECEIVED = {"intake.ImportBatch", "intake.ImportRow", "intake.ImportChunk"}
# Same surname and birth date, another first name and address: an uncertain match whose
# candidate is the file (tests/intake/test_review.py).
MOVED = {
    "locataire_prenom": "Samir",
    "adresse": "3 avenue Jean Jaurès",
    "code_postal": "93100",
    "commune": "Montreuil",
}


@dataclass
class World:
    file: Household
    live: Household  # another file, not anonymised (merges)
    procedure: Procedure
    ccapex: Membership
    worker: Membership
    landlord: Membership
    adil: Membership
    bailiff: Membership
    plan: RepaymentPlan
    measure: Measure
    dsf: Dsf
    referral: Referral
    item: AgendaItem
    outcome: FileOutcome
    later: Session  # a session in preparation of the same commission
    invited: Session  # a session to come, the file on its agenda
    to_hold: Session  # a session of yesterday, invited, the file on its agenda
    tokens: dict


def _household(by, last, first, address, commune_, born):
    household = household_create(
        by=by, departement="93", composition="AUTRE", address=address, postal_code="93200",
        commune=commune_, parc=Parc.PRIVE, rent=Decimal("650"),
        members=[{"role": MemberRole.TITULAIRE, "last_name": last, "first_name": first,
                  "birth_date": born}],
    )  # fmt: skip
    household_derived_refresh(household_ids=[household.pk])
    return household


def _involve(household, membership):
    InvolvementFactory(
        household=household,
        organisation=membership.organisation,
        starts_on=datetime.date(2024, 1, 1),
    )
    return membership


def _bailiff_rows(bailiff):
    """The bailiff, not involved, sends a CQL for the file (inconsistent with the
    procedure: an « ORDRE » item; a newcomer: an « INTERVENANT » item) and a row the
    engine cannot tell from it (« MATCH » item, the file its candidate)."""
    rows = [
        row(type_acte="CQL", date_acte="05/03/2025", reference_acte="CQL-001",
            observations="Mme Benali absente"),
        row(reference_acte="R-1", **MOVED),
    ]  # fmt: skip
    intake.file_import(
        source=bailiff.organisation, content=csv_bytes(rows), filename="etude.csv", by=bailiff
    )


@pytest.fixture
def world(db) -> World:
    clock.freeze(BUILD)
    departement("93")
    saint_denis = commune("93066", "Saint-Denis", "93200")
    commune("93048", "Montreuil", "93100")
    ccapex = MembershipFactory(organisation__ccapex=True)
    social = OrganisationFactory(type=OrganisationType.CD_SOCIAL, name="Service social 93")
    worker = MembershipFactory(organisation=social, role=Role.TRAVAILLEUR_SOCIAL)
    landlord = MembershipFactory(organisation__type=OrganisationType.BAILLEUR_PRIVE)
    adil = MembershipFactory(organisation__type=OrganisationType.ADIL)
    bailiff = MembershipFactory(organisation__type=OrganisationType.COMMISSAIRE_JUSTICE)
    file = _household(
        ccapex, "Benali", "Samia", "12 rue de la République", saint_denis,
        datetime.date(1985, 4, 12),
    )  # fmt: skip
    live = _household(
        ccapex, "Martin", "Jean", "40 rue Gabriel Péri", saint_denis, datetime.date(1970, 1, 2)
    )
    _involve(file, worker)
    _involve(file, landlord)
    procedure = procedure_open(
        household=file, stage="CDP", date=datetime.date(2024, 11, 2), by=ccapex
    )
    event_record(
        procedure=procedure, stage="ASSIGNATION", date=datetime.date(2025, 2, 1),
        hearing_date=datetime.date(2025, 4, 15), by=ccapex, notes="Audience Mme Benali",
    )  # fmt: skip
    _bailiff_rows(bailiff)
    dsf = support.dsf_request(procedure=procedure, by=worker)
    measure = support.measure_propose(household=file, by=worker, type_code="ASLL")
    referral = support.referral_send(
        household=file, by=worker, to_organisation=adil.organisation, reason="ACCES_DROIT"
    )
    plan = support.plan_open(
        household=file, by=worker, origin="NEGOCIE", starts_on=datetime.date(2025, 1, 5),
        debt_amount=Decimal("600"), instalments=6,
    )  # fmt: skip
    holder = Member.objects.get(household=file)
    HouseholdClaim.objects.create(
        household=file, departement_id="93", field=ClaimField.CO_TENANT, last_name="Benali",
        first_name="Karim", source_kind="intake_row", source_id=1,
    )  # fmt: skip
    HouseholdClaim.objects.create(
        household=file, departement_id="93", member=holder, field=ClaimField.NAME_FORM,
        last_name="Benali", first_name="Samiya", status=ClaimStatus.CONFIRMED,
        source_kind="intake_row", source_id=2,
    )  # fmt: skip
    commission = Commission.objects.create(
        departement_id="93", kind=CommissionKind.CCAPEX_PLENIERE, name="CCAPEX plénière 93",
        secretariat=ccapex.organisation,
    )  # fmt: skip
    commission.members.add(landlord.organisation)
    held = make_session(commission, day=datetime.date(2025, 3, 6))
    item = put_on_agenda(held, file)
    item_deliberate(item=item, opinion="Maintien sous plan d'apurement.", by=ccapex)
    recommendation_add(
        item=item, type_code="MAINTIEN_AL", addressee_kind="ORGANISATION",
        addressee=landlord.organisation, due_on=datetime.date(2025, 4, 30), by=ccapex,
    )  # fmt: skip
    restricted = Commission.objects.create(
        departement_id="93", kind=CommissionKind.CCAPEX_RESTREINTE, name="CCAPEX restreinte",
        secretariat=ccapex.organisation,
    )  # fmt: skip
    restricted.members.add(adil.organisation)
    Commission.objects.create(
        departement_id="93", kind=CommissionKind.CLIL, name="CLIL de Saint-Denis",
        secretariat=ccapex.organisation,
    )  # fmt: skip
    invited = make_session(
        restricted, day=TODAY + datetime.timedelta(days=10), status=SessionStatus.PREPARATION
    )
    put_on_agenda(invited, file)
    later = make_session(
        commission, day=TODAY + datetime.timedelta(days=20), status=SessionStatus.PREPARATION
    )
    territorial = Commission.objects.create(
        departement_id="93", kind=CommissionKind.CCAPEX_TERRITORIALE, name="CCAPEX Plaine",
        secretariat=ccapex.organisation,
    )  # fmt: skip
    to_hold = make_session(
        territorial, day=TODAY - datetime.timedelta(days=1), status=SessionStatus.CONVOQUEE
    )
    put_on_agenda(to_hold, file)
    procedure_close(procedure=procedure, outcome=Outcome.DETTE_SOLDEE, closed_on=BUILD, by=ccapex)

    clock.freeze(TODAY)
    assert retention_run().anonymised == 1
    file.refresh_from_db()
    assert file.address == ANONYMISED_ADDRESS
    tokens = {
        m.organisation_id: api_token_create(organisation=m.organisation, name="Logiciel", by=None)[
            1
        ]
        for m in (landlord, bailiff)
    }
    return World(
        file=file, live=live, procedure=procedure, ccapex=ccapex, worker=worker,
        landlord=landlord, adil=adil, bailiff=bailiff, plan=plan, measure=measure, dsf=dsf,
        referral=referral, item=item, outcome=FileOutcome.objects.get(item=item), later=later,
        invited=invited, to_hold=to_hold, tokens=tokens,
    )  # fmt: skip


# --------------------------------------------------------------------------- the rows


def _related_to_households(model) -> list[str]:
    """The lookups from ``model`` to a household: its own foreign key, or one through the
    row it belongs to (an act's procedure, an instalment's plan)."""
    paths = []
    for field in model._meta.fields:
        if not field.is_relation or field.related_model is None:
            continue
        if field.related_model is Household:
            paths.append(field.name)
            continue
        for inner in field.related_model._meta.fields:
            if inner.is_relation and inner.related_model is Household:
                paths.append(f"{field.name}__{inner.name}")
    return paths


def _models():
    for label in APPS:
        yield from apps.get_app_config(label).get_models()
    yield apps.get_model("audit", "WriteLog")


def _state(w: World, scope: str) -> dict:
    """Every row of every table tied to the two files (field by field), and, unless the
    case is a bulk path that writes other files' rows (``scope == "file"``), the row
    count of every table (those of a received import's own rows left out)."""
    from django.db.models import Q

    ids = [w.file.pk, w.live.pk]
    state = {}
    for model in _models():
        label = model._meta.label
        if model is Household:
            rows = model._base_manager.filter(pk__in=ids)
        else:
            paths = _related_to_households(model)
            if not paths:
                rows = None
            else:
                query = Q()
                for path in paths:
                    query |= Q(**{f"{path}__in": ids})
                rows = model._base_manager.filter(query)
        if rows is not None:
            state[f"{label} (rows)"] = list(rows.order_by("pk").values())
        if scope == "all" or (scope == "received" and label not in RECEIVED):
            state[label] = model._base_manager.count()
    return state


# --------------------------------------------------------------------------- the paths


def _as(login_as, membership):
    login_as(membership)


def _api(client, w, membership, path, body):
    token = w.tokens[membership.organisation_id]
    return client.post(
        f"/api/v1{path}",
        json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


def _item(kind):
    """The item of that kind, as the page loaded before the night's run showed it (the
    retention job has since closed those on the file's rows)."""
    return ReviewItem.objects.filter(kind=kind).order_by("-status", "pk").first()


def _decide(client, login_as, w, kind, decision, **data):
    _as(login_as, w.ccapex)
    return client.post(
        f"/imports/revue/{_item(kind).pk}/decider/", {"decision": decision, **data}, follow=True
    )


def _upload(name: str, content: bytes):
    return SimpleUploadedFile(name, content, content_type="text/csv")


# The bailiff's act sent again with its reference, amended (amount, observations): the
# engine would update the act of the file.
AMENDED = row(
    type_acte="CQL", date_acte="05/03/2025", reference_acte="CQL-001", montant_dette="2 400",
    observations="Mme Benali a retrouvé un emploi",
)  # fmt: skip


def payment_form(client, login_as, w):
    _as(login_as, w.landlord)
    return client.post(
        f"/suivi/plans/{w.plan.pk}/versements/",
        {"paid_on": "01/04/2027", "amount": "100"},
        headers=HTMX,
    )


def payment_import(client, login_as, w):
    _as(login_as, w.landlord)
    content = f"numero_plan;date_versement;montant\r\n{w.plan.pk};01/04/2027;100\r\n".encode()
    return client.post("/imports/versements/", {"fichier": _upload("versements.csv", content)})


def payment_api(client, login_as, w):
    return _api(
        client, w, w.landlord, f"/plans/{w.plan.pk}/versements",
        {"date": "2027-04-01", "montant": "100"},
    )  # fmt: skip


def instalment_added(client, login_as, w):
    support.instalment_add(
        plan=w.plan, by=w.worker, due_on=datetime.date(2027, 5, 5), amount=Decimal("100")
    )


def referral_sent(client, login_as, w):
    _as(login_as, w.worker)
    return client.post(
        f"/suivi/menages/{w.file.pk}/orientations/",
        {"to_organisation": w.ccapex.organisation_id, "reason": "AIDE_FINANCIERE",
         "message": "Mme Benali, nouvelle adresse"},
        headers=HTMX,
    )  # fmt: skip


def referral_accepted(client, login_as, w):
    _as(login_as, w.adil)
    return client.post(f"/suivi/orientations/{w.referral.pk}/accepter/", follow=True)


def referral_declined(client, login_as, w):
    _as(login_as, w.adil)
    return client.post(
        f"/suivi/orientations/{w.referral.pk}/decliner/",
        {"reason": "Mme Benali suivie ailleurs"},
        follow=True,
    )


def measure_changed(client, login_as, w):
    _as(login_as, w.worker)
    return client.post(f"/suivi/dispositifs/{w.measure.pk}/", {"status": "DEMANDEE"}, headers=HTMX)


def dsf_content(client, login_as, w):
    _as(login_as, w.worker)
    return client.post(f"/suivi/dsf/{w.dsf.pk}/", {"opinion": "Mme Benali, dépression"})


def dsf_step(client, login_as, w):
    _as(login_as, w.worker)
    return client.post(
        f"/suivi/dsf/{w.dsf.pk}/rendez-vous/",
        {"appointment_at": "20/04/2027 10:00"},
        follow=True,
    )


def contacts_in_bulk(client, login_as, w):
    contact_record_many(
        by=w.worker,
        drafts=[
            ContactDraft(
                household_id=w.file.pk, channel="SMS", direction="SORTANT",
                at=timezone.now(), purpose="RELANCE", outcome="JOINT",
            )
        ],
    )  # fmt: skip


def plans_job(client, login_as, w):
    support.plans_compliance_refresh()


def referrals_job(client, login_as, w):
    support.referrals_overdue_refresh()


def import_same_reference(client, login_as, w):
    _as(login_as, w.bailiff)
    client.post("/imports/", {"fichier": _upload("etude.csv", csv_bytes([AMENDED]))}, follow=True)
    return client.get("/imports/quarantaine/")


def api_same_reference(client, login_as, w):
    body = {k: v for k, v in AMENDED.items() if v}
    body["date_acte"] = "2025-03-05"
    return _api(client, w, w.bailiff, "/notifications", body)


def quarantine_corrected(client, login_as, w):
    """A row of the bailiff in quarantine (a date that does not exist) corrected with the
    reference of its act on the file."""
    bad = {**AMENDED, "reference_acte": "CQL-002", "date_acte": "31/02/2027"}
    intake.file_import(
        source=w.bailiff.organisation, content=csv_bytes([bad]), filename="b.csv", by=w.bailiff
    )
    quarantined = ImportRow.objects.get(reference_acte="CQL-002")
    assert quarantined.status == RowStatus.QUARANTAINE
    _as(login_as, w.bailiff)
    return client.post(
        f"/imports/lignes/{quarantined.pk}/corriger/",
        {**AMENDED, "date_acte": "05/03/2025"},
        headers=HTMX,
    )


def review_same_household(client, login_as, w):
    return _decide(client, login_as, w, ReviewKind.MATCH, "MEME_MENAGE", household_id=w.file.pk)


def review_act_accepted(client, login_as, w):
    return _decide(client, login_as, w, ReviewKind.ORDRE, "ACCEPTE")


def review_act_rejected(client, login_as, w):
    return _decide(client, login_as, w, ReviewKind.ORDRE, "REJETE")


def review_newcomer_granted(client, login_as, w):
    return _decide(client, login_as, w, ReviewKind.INTERVENANT, "ACCES_ACCORDE")


def review_newcomer_refused(client, login_as, w):
    return _decide(client, login_as, w, ReviewKind.INTERVENANT, "ACCES_REFUSE")


def merged_into_another(client, login_as, w):
    _as(login_as, w.ccapex)
    return client.post(f"/menages/{w.live.pk}/fusionner/{w.file.pk}/", follow=True)


def another_merged_into_it(client, login_as, w):
    _as(login_as, w.ccapex)
    return client.post(f"/menages/{w.file.pk}/fusionner/{w.live.pk}/", follow=True)


def split(client, login_as, w):
    _as(login_as, w.ccapex)
    return client.post(f"/menages/{w.file.pk}/separer/", {"procedures": [w.procedure.pk]})


def claim_set_aside(client, login_as, w):
    # The page no longer offers the claim (closed with the file, « dossier anonymisé »:
    # « Donnée déclarée introuvable »); the service's own guard still holds, and gives the
    # file's reason before the claim's state.
    from prevex.matching.claims import claim_reject

    claim = HouseholdClaim.objects.get(household=w.file, field=ClaimField.CO_TENANT)
    assert claim.status == ClaimStatus.ANONYMISE
    claim_reject(claim=claim, by=w.ccapex)


def name_form_withdrawn(client, login_as, w):
    _as(login_as, w.ccapex)
    claim = HouseholdClaim.objects.get(household=w.file, field=ClaimField.NAME_FORM)
    return client.post(
        f"/menages/{w.file.pk}/ecritures/{claim.pk}/", {"decision": "retirer"}, follow=True
    )


def saisine(client, login_as, w):
    _as(login_as, w.worker)
    clil = Commission.objects.get(kind=CommissionKind.CLIL)
    return client.post(
        f"/commissions/menages/{w.file.pk}/saisine/",
        {"commission": clil.pk, "reason": "PARTENAIRE", "motive": "Mme Benali"},
    )


def agenda(client, login_as, w):
    # The page no longer offers the file (its saisine was closed with it, « dossier
    # anonymisé »: « Ce dossier n'est plus proposé »); the service's own guard still holds
    # for a caller that names it.
    from prevex.commissions.agenda import agenda_add_many

    agenda_add_many(session=w.later, household_ids=[w.file.pk], by=w.ccapex, version=0)


def opinion(client, login_as, w):
    _as(login_as, w.ccapex)
    return client.post(
        f"/commissions/dossiers/{w.item.pk}/avis/",
        {f"dossier-{w.item.pk}-opinion": "Mme Benali relogée"},
    )


def recommendation(client, login_as, w):
    _as(login_as, w.ccapex)
    p = f"dossier-{w.item.pk}-"
    return client.post(
        f"/commissions/dossiers/{w.item.pk}/recommandations/",
        {f"{p}type_code": "MAINTIEN_AL", f"{p}addressee_kind": "ORGANISATION",
         f"{p}addressee": str(w.adil.organisation_id), f"{p}due_on": "2027-06-30",
         f"{p}text": "Mme Benali"},
    )  # fmt: skip


def recommendation_report(client, login_as, w):
    _as(login_as, w.landlord)
    reco = w.item.recommendations.get()
    return client.post(
        f"/commissions/recommandations/{reco.pk}/suivi/",
        {f"reco-{reco.pk}-status": "REFUSEE", f"reco-{reco.pk}-reason": "Mme Benali partie"},
        follow=True,
    )


def outcome(client, login_as, w):
    _as(login_as, w.ccapex)
    return client.post(
        f"/commissions/issues/{w.outcome.pk}/",
        {f"issue-{w.outcome.pk}-kind": "RELOGE"},
        follow=True,
    )


def invitation(client, login_as, w):
    _as(login_as, w.ccapex)
    return client.post(f"/commissions/seances/{w.invited.pk}/convocation/", {"version": 0})


def session_held(client, login_as, w):
    _as(login_as, w.ccapex)
    return client.post(f"/commissions/seances/{w.to_hold.pk}/tenue/", follow=True)


def reminders_job(client, login_as, w):
    recommendation_reminders_refresh()


def outcomes_job(client, login_as, w):
    outcomes_refresh()


# (path, the refusal's words or None for a bulk path that leaves the file out, scope)
PATHS = [
    (payment_form, ANONYMISED, "all"),
    (payment_import, ANONYMISED, "all"),
    (payment_api, ANONYMISED, "all"),
    (instalment_added, ANONYMISED, "all"),
    (referral_sent, ANONYMISED, "all"),
    (referral_accepted, ANONYMISED, "all"),
    (referral_declined, ANONYMISED, "all"),
    (measure_changed, ANONYMISED, "all"),
    (dsf_content, ANONYMISED, "all"),
    (dsf_step, ANONYMISED, "all"),
    (contacts_in_bulk, ANONYMISED, "all"),
    (plans_job, None, "file"),
    (referrals_job, None, "file"),
    (import_same_reference, SPENT, "received"),
    (api_same_reference, SPENT, "received"),
    (quarantine_corrected, SPENT, "received"),
    (review_same_household, ANONYMISED, "all"),
    (review_act_accepted, CLOSED, "all"),
    (review_act_rejected, CLOSED, "all"),
    (review_newcomer_granted, CLOSED, "all"),
    (review_newcomer_refused, CLOSED, "all"),
    (merged_into_another, ANONYMISED, "all"),
    (another_merged_into_it, ANONYMISED, "all"),
    (split, ANONYMISED, "all"),
    (claim_set_aside, ANONYMISED, "all"),
    (name_form_withdrawn, ANONYMISED, "all"),
    (saisine, ANONYMISED, "all"),
    (agenda, ANONYMISED, "all"),
    (opinion, ANONYMISED, "all"),
    (recommendation, ANONYMISED, "all"),
    (recommendation_report, ANONYMISED, "all"),
    (outcome, ANONYMISED, "all"),
    (invitation, None, "file"),
    (session_held, None, "file"),
    (reminders_job, None, "file"),
    (outcomes_job, None, "file"),
]


@pytest.mark.parametrize(("path", "refusal", "scope"), PATHS, ids=[p[0].__name__ for p in PATHS])
def test_no_path_writes_into_an_anonymised_file(client, login_as, world, path, refusal, scope):
    before = _state(world, scope)
    try:
        response = path(client, login_as, world)
    except BusinessError as error:  # a service without a page of its own (loaders)
        response, said = None, " ".join(error.messages)
    else:
        if response is None:
            said = ""
        elif response.get("Content-Type", "").startswith("application/json"):
            said = json.dumps(response.json(), ensure_ascii=False)
        else:
            said = text(response)
    if response is not None:
        assert response.status_code < 500, response.status_code
    if refusal is not None:
        assert refusal in said, said[:3000]
    after = _state(world, scope)
    assert after == before, [k for k in before if before[k] != after.get(k)]
