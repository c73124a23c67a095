"""The world of the anonymised-file probes (``test_anonymised_writes_*.py``): no path
writes into an anonymised file.

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

Here: the world (import ``world_fixture`` in a test module; tests ask for ``world``), the
comparison of every row tied to the file, the helpers the paths share, and the check
each probe runs (``assert_no_write``).
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile

from prevex.accounts.models import Membership, OrganisationType, Role
from prevex.api.services import api_token_create
from prevex.commissions.choices import CommissionKind, SessionStatus
from prevex.commissions.deliberation import item_deliberate
from prevex.commissions.models import AgendaItem, Commission, FileOutcome, Session
from prevex.commissions.recommendations import recommendation_add
from prevex.core import clock
from prevex.core.errors import BusinessError
from prevex.households.models import Household, Member, MemberRole, Parc
from prevex.households.retention import ANONYMISED_ADDRESS
from prevex.households.services import household_create, household_derived_refresh
from prevex.intake import services as intake
from prevex.lifecycle.retention import retention_run
from prevex.matching.models import ClaimField, ClaimStatus, HouseholdClaim
from prevex.procedures.models import Outcome, Procedure
from prevex.procedures.services import event_record, procedure_close, procedure_open
from prevex.support import services as support
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


@pytest.fixture(name="world")
def world_fixture(db) -> World:
    """Import ``world_fixture`` in a test module; tests ask for ``world``."""
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


def _upload(name: str, content: bytes):
    return SimpleUploadedFile(name, content, content_type="text/csv")


def assert_no_write(client, login_as, world, path, refusal, scope):
    """Run ``path`` on the anonymised file: it answers (never 500), says ``refusal`` (unless
    ``None``), and leaves every row tied to the file as it was (``scope``: see ``_state``)."""
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
