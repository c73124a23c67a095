"""Who may close a procedure with which outcome: the act matrix's closure rows
(``CLOTURE_<OUTCOME>``), through the service, the file page, the closure form, a forged
POST, the import and the API, for every organisation type; a landlord acts and closes
only on its own tenants' files; a département overrides the national rows.

The expected cells are written here from the law and the texts
(docs/decisions/2026-12-06-closure-matrix.md), not read from prevex/access/defaults.py,
so that a change that widens the matrix fails.
"""

import datetime
import html
import importlib
import json
import re

import pytest
from django.apps import apps
from django.db import transaction

from prevex.access.defaults import OUTCOMES
from prevex.access.models import ActPermission
from prevex.access.policy import ActNotAllowed
from prevex.accounts.models import OrganisationType
from prevex.api.services import api_token_create
from prevex.intake import services as intake
from prevex.intake.models import ImportRow, RowStatus
from prevex.procedures.models import Event, Outcome, Procedure
from prevex.procedures.services import event_record, procedure_close
from tests.access.conftest import member_of
from tests.factories import InvolvementFactory, OrganisationFactory
from tests.intake.conftest import csv_bytes, row

pytestmark = pytest.mark.django_db
D = datetime.date
LANDLORD = {"DETTE_SOLDEE", "PLAN_RESPECTE", "DESISTEMENT", "RELOGEMENT"}
EXPECTED = {
    "ETAT_CCAPEX": set(Outcome.values),
    # the protocole de cohésion sociale is signed by the social landlord (CCH L442-6-5)
    "BAILLEUR_SOCIAL": LANDLORD | {"PCS"},
    "BAILLEUR_PRIVE": LANDLORD,
    "COMMISSAIRE_JUSTICE": {
        "DETTE_SOLDEE",
        "PLAN_RESPECTE",
        "DESISTEMENT",
        "CLASSEMENT",
        "EXPULSION",
    },
    "PREFECTURE": {"EXPULSION", "MAINTIEN", "PCS"},
    "SIAO": {"HEBERGEMENT"},
    "ACTION_LOGEMENT": {"RELOGEMENT"},
    "BANQUE_DE_FRANCE": {"SURENDETTEMENT"},
    # they report the outcome to the secretariat, who closes
    "TRIBUNAL": set(),
    "CD_SOCIAL": set(),
    "CCAS": set(),
    "EMPEX": set(),
    "ASSOCIATION": set(),
    "CAF": set(),
    "ADIL": set(),
}
ALL_TYPES = OrganisationType.values
CLOSED_ON = D(2025, 5, 1)


class _Undo(Exception):
    pass


def test_the_expected_table_covers_every_type_and_outcome():
    assert set(EXPECTED) == set(ALL_TYPES)
    assert tuple(Outcome.values) == OUTCOMES  # the access app's plain copy of Outcome


@pytest.fixture
def involved(known_file):
    """A member of ``org_type`` that sees Samia Benali's procedure; a landlord as the
    file's landlord of record."""

    def make(org_type):
        membership = member_of(org_type)
        if org_type != "ETAT_CCAPEX":
            reason = "BAILLEUR" if membership.organisation.is_landlord else "ORIENTATION"
            InvolvementFactory(
                household=known_file, organisation=membership.organisation, reason=reason
            )
        return membership

    return make


def _closes(procedure, outcome, by) -> bool:
    """Whether the matrix lets ``by`` close with ``outcome`` (undone after each try)."""
    try:
        with transaction.atomic():
            procedure_close(procedure=procedure, outcome=outcome, closed_on=CLOSED_ON, by=by)
            assert Procedure.objects.get(pk=procedure.pk).outcome == outcome
            raise _Undo
    except _Undo:
        return True
    except ActNotAllowed as refusal:
        assert "ne peut pas clôturer une procédure avec l'issue" in refusal.messages[0]
        return False
    except Exception as other:  # noqa: BLE001 — an expulsion must have been recorded
        assert outcome == "EXPULSION" and "expulsion" in str(other).lower(), other
        return True


@pytest.mark.parametrize("org_type", ALL_TYPES)
def test_the_service_closes_only_with_the_outcomes_of_the_matrix(org_type, involved, known_file):
    membership = involved(org_type)
    procedure = known_file.procedures.get()
    closes = {outcome for outcome in Outcome.values if _closes(procedure, outcome, membership)}
    assert closes == EXPECTED[org_type]
    assert Procedure.objects.get(pk=procedure.pk).closed_on is None


def _outcome_options(html: str) -> set[str]:
    select = re.search(r'<select name="outcome".*?</select>', html, re.S).group(0)
    return set(re.findall(r'<option value="([A-Z_]+)"', select))


@pytest.mark.parametrize("org_type", ALL_TYPES)
def test_the_page_and_the_form_offer_only_the_allowed_outcomes(
    org_type, client, login_as, involved, known_file
):
    login_as(involved(org_type))
    procedure = known_file.procedures.get()
    page = client.get(f"/menages/{known_file.pk}/").content.decode()
    form = client.get(f"/procedures/{procedure.pk}/cloture/formulaire/")
    if EXPECTED[org_type]:
        assert "Clôturer la procédure" in page
        assert form.status_code == 200
        assert _outcome_options(form.content.decode()) == EXPECTED[org_type]
    else:
        assert "Clôturer la procédure" not in page
        assert form.status_code == 403


@pytest.mark.parametrize("org_type", ALL_TYPES)
def test_a_forged_closure_is_refused_in_french_and_writes_nothing(
    org_type, client, login_as, involved, known_file
):
    login_as(involved(org_type))
    procedure = known_file.procedures.get()
    for outcome in sorted(set(Outcome.values) - EXPECTED[org_type]):
        response = client.post(
            f"/procedures/{procedure.pk}/cloturer/",
            {"outcome": outcome, "closed_on": "01/05/2025"},
        )
        assert response.status_code == 403, outcome
        assert "ne peut pas clôturer une procédure avec l'issue" in html.unescape(
            response.content.decode()
        )
        assert Procedure.objects.get(pk=procedure.pk).closed_on is None


def test_an_allowed_closure_through_the_page(client, login_as, involved, known_file):
    login_as(involved("SIAO"))
    procedure = known_file.procedures.get()
    response = client.post(
        f"/procedures/{procedure.pk}/cloturer/",
        {"outcome": "HEBERGEMENT", "closed_on": "01/05/2025"},
    )
    assert response.status_code == 302
    procedure.refresh_from_db()
    assert (procedure.outcome, procedure.closed_on) == ("HEBERGEMENT", CLOSED_ON)


@pytest.mark.parametrize("org_type", ["BAILLEUR_SOCIAL", "BAILLEUR_PRIVE"])
def test_a_landlord_not_of_record_neither_records_acts_nor_closes(
    org_type, client, login_as, known_file
):
    """Company B reads Samia Benali's file because a commission's recommendation was
    addressed to it; her landlord of record is company A: B can do nothing there."""
    landlord_a = OrganisationFactory(type=org_type)
    InvolvementFactory(household=known_file, organisation=landlord_a, reason="BAILLEUR")
    other = member_of(org_type)
    InvolvementFactory(
        household=known_file, organisation=other.organisation, reason="RECOMMANDATION"
    )
    procedure = known_file.procedures.get()
    events = Event.objects.count()
    with pytest.raises(ActNotAllowed, match="pas le bailleur enregistré dans ce dossier"):
        event_record(procedure=procedure, stage="IMPAYE", date=D(2025, 5, 2), by=other)
    with pytest.raises(ActNotAllowed, match="pas le bailleur enregistré dans ce dossier"):
        procedure_close(procedure=procedure, outcome="DETTE_SOLDEE", closed_on=CLOSED_ON, by=other)
    login_as(other)
    page = client.get(f"/menages/{known_file.pk}/").content.decode()
    assert "Clôturer la procédure" not in page and "Enregistrer un acte" not in page
    forged = client.post(
        f"/procedures/{procedure.pk}/cloturer/",
        {"outcome": "DETTE_SOLDEE", "closed_on": "01/05/2025"},
    )
    assert forged.status_code == 403
    assert "pas le bailleur enregistré dans ce dossier" in html.unescape(forged.content.decode())
    act = client.post(
        f"/procedures/{procedure.pk}/actes/", {"stage": "IMPAYE", "date": "02/05/2025"}
    )
    assert act.status_code == 403
    assert "pas le bailleur enregistré dans ce dossier" in html.unescape(act.content.decode())
    assert Event.objects.count() == events
    assert Procedure.objects.get(pk=procedure.pk).closed_on is None
    # the landlord of record does both
    landlord = member_of(org_type)
    landlord.organisation = landlord_a
    landlord.save()
    event_record(procedure=procedure, stage="IMPAYE", date=D(2025, 5, 2), by=landlord)
    procedure_close(
        procedure=procedure, outcome="DETTE_SOLDEE", closed_on=D(2025, 5, 3), by=landlord
    )
    assert Procedure.objects.get(pk=procedure.pk).outcome == "DETTE_SOLDEE"


def test_the_closure_rows_are_overridable_per_departement(client, login_as, involved, known_file):
    """A département lets its CAF close on a cleared debt, and keeps the private
    landlords' withdrawal for the secretariat; elsewhere, the national rows."""
    procedure = known_file.procedures.get()
    caf = involved("CAF")
    login_as(caf)
    assert client.get(f"/procedures/{procedure.pk}/cloture/formulaire/").status_code == 403
    ActPermission.objects.create(
        organisation_type="CAF", act_type="CLOTURE_DETTE_SOLDEE", departement_id="93"
    )
    form = client.get(f"/procedures/{procedure.pk}/cloture/formulaire/").content.decode()
    assert _outcome_options(form) == {"DETTE_SOLDEE"}
    assert _closes(procedure, "DETTE_SOLDEE", caf)
    landlord = involved("BAILLEUR_PRIVE")
    assert _closes(procedure, "DESISTEMENT", landlord)
    ActPermission.objects.create(
        organisation_type="BAILLEUR_PRIVE",
        act_type="CLOTURE_DESISTEMENT",
        departement_id="93",
        allowed=False,
    )
    assert not _closes(procedure, "DESISTEMENT", landlord)
    login_as(landlord)
    form = client.get(f"/procedures/{procedure.pk}/cloture/formulaire/").content.decode()
    assert _outcome_options(form) == LANDLORD - {"DESISTEMENT"}


def test_the_import_and_the_api_close_nothing(client, territory):
    """No column or field closes a procedure: a closure sent as an act type is refused
    in French, even from the secretariat, and nothing is written."""
    organisation = member_of("ETAT_CCAPEX").organisation
    _, clear = api_token_create(organisation=organisation, name="Flux", by=None)
    notification = row(type_acte="CLOTURE_DETTE_SOLDEE", reference_acte="C-1")
    batch = intake.file_import(
        source=organisation, content=csv_bytes([notification]), filename="a.csv", by=None
    )
    stored = ImportRow.objects.get(batch=batch)
    assert stored.status == RowStatus.QUARANTAINE and stored.event_id is None
    assert any(e["column"] == "type_acte" for e in stored.errors), stored.errors
    api = client.post(
        "/api/v1/notifications",
        json.dumps({**notification, "reference_acte": "API-1"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {clear}",
    )
    assert api.status_code in (400, 422)
    assert "type_acte" in api.content.decode()
    assert not Procedure.objects.filter(closed_on__isnull=False).exists()


def test_the_migration_adds_the_national_rows_and_keeps_edited_ones(territory):
    migration = importlib.import_module("prevex.access.migrations.0005_closure_matrix")
    ActPermission.objects.filter(act_type__startswith="CLOTURE_").delete()
    ActPermission.objects.create(
        organisation_type="BANQUE_DE_FRANCE", act_type="SURENDETTEMENT", basis="édité"
    )
    ActPermission.objects.create(
        organisation_type="CAF", act_type="SURENDETTEMENT", departement_id="93"
    )
    ActPermission.objects.create(
        organisation_type="BAILLEUR_PRIVE",
        act_type="CLOTURE_DESISTEMENT",
        allowed=False,
        basis="retiré par l'administrateur",
    )
    migration.forward(apps, None)
    assert not ActPermission.objects.filter(act_type="SURENDETTEMENT").exists()
    renamed = ActPermission.objects.get(
        organisation_type="BANQUE_DE_FRANCE", act_type="CLOTURE_SURENDETTEMENT"
    )
    assert renamed.basis == "édité"
    assert ActPermission.objects.filter(
        organisation_type="CAF", act_type="CLOTURE_SURENDETTEMENT", departement_id="93"
    ).exists()
    kept = ActPermission.objects.get(
        organisation_type="BAILLEUR_PRIVE", act_type="CLOTURE_DESISTEMENT"
    )
    assert (kept.allowed, kept.basis) == (False, "retiré par l'administrateur")
    national = set(
        ActPermission.objects.filter(
            act_type__startswith="CLOTURE_", departement__isnull=True, allowed=True
        ).values_list("organisation_type", "act_type")
    )
    expected = {
        (org_type, f"CLOTURE_{outcome}")
        for org_type, outcomes in EXPECTED.items()
        for outcome in outcomes
    } - {("BAILLEUR_PRIVE", "CLOTURE_DESISTEMENT")}
    assert national == expected
    migration.forward(apps, None)  # idempotent
    assert (
        ActPermission.objects.filter(act_type__startswith="CLOTURE_").count() == len(expected) + 2
    )
