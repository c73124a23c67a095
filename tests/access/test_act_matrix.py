"""Who may record which act (issue 8, point 5): the act matrix, through the act form,
by URL, through the import and through the API, for every organisation type.

The expected cells are written here from the law (docs/decisions/2026-11-30-act-matrix.md),
not read from prevex/access/defaults.py, so that a change that widens the matrix fails.
"""

import datetime
import json
import re

import pytest

from prevex.access.models import ActPermission
from prevex.access.policy import ActNotAllowed
from prevex.accounts.models import OrganisationType
from prevex.api.services import api_token_create
from prevex.intake import services as intake
from prevex.intake.models import ImportRow, RowStatus
from prevex.procedures.models import Event, Stage
from prevex.procedures.services import event_record, procedure_close
from tests.access.conftest import member_of
from tests.factories import InvolvementFactory
from tests.intake.conftest import csv_bytes, row

pytestmark = pytest.mark.django_db

SAISINE = {"SIGNALEMENT"}
SOCIAL = {"SIGNALEMENT", "DSF"}
EXPECTED = {
    "ETAT_CCAPEX": set(Stage.values),
    "COMMISSAIRE_JUSTICE": {"CDP", "ASSIGNATION", "CQL", "RFP", "EXPULSION", "SIGNALEMENT"},
    "PREFECTURE": {"RFP", "CFP", "EXPULSION", "SIGNALEMENT"},
    "TRIBUNAL": {"AUDIENCE", "JUGEMENT"},
    "BAILLEUR_SOCIAL": {"IMPAYE", "SIGNALEMENT", "SAISINE_BAILLEUR_SOCIAL"},
    # a private landlord that is a legal person refers to the CCAPEX (loi 1989 art. 24 II)
    "BAILLEUR_PRIVE": {"IMPAYE", "SIGNALEMENT", "SAISINE_BAILLEUR_SOCIAL"},
    "CAF": {"IMPAYE", "SIGNALEMENT", "DSF"},
    "CD_SOCIAL": SOCIAL,
    "CCAS": SOCIAL,
    "EMPEX": SOCIAL,
    "ASSOCIATION": SOCIAL,
    "ADIL": SAISINE,
    "SIAO": SAISINE,
    "ACTION_LOGEMENT": SAISINE,
    "BANQUE_DE_FRANCE": set(),
}
ALL_TYPES = OrganisationType.values
# A sample of act types sent through the import and the API, with their own fields.
SAMPLE = {
    "JUGEMENT": {"decision": "FERME", "contradictoire": "NON"},
    "CDP": {},
    "CFP": {"cfp_decision": "ACCORDE"},
    "SIGNALEMENT": {},
    "IMPAYE": {},
}


def test_the_expected_table_covers_every_type():
    assert set(EXPECTED) == set(ALL_TYPES)


@pytest.fixture
def involved(known_file):
    """A member of ``org_type``, involved in Samia Benali's file (it sees the procedure);
    a landlord as the file's landlord of record (it acts on no other file)."""

    def make(org_type):
        membership = member_of(org_type)
        if org_type != "ETAT_CCAPEX":
            reason = "BAILLEUR" if membership.organisation.is_landlord else "ORIENTATION"
            InvolvementFactory(
                household=known_file, organisation=membership.organisation, reason=reason
            )
        return membership

    return make


def _options(html: str) -> set[str]:
    select = re.search(r'<select name="stage".*?</select>', html, re.S).group(0)
    return set(re.findall(r'<option value="([A-Z_]+)"', select))


@pytest.mark.parametrize("org_type", ALL_TYPES)
def test_form_offers_only_allowed_acts_and_url_refuses_the_others(
    org_type, client, login_as, involved, known_file
):
    membership = involved(org_type)
    login_as(membership)
    procedure = known_file.procedures.get()
    form = client.get(f"/procedures/{procedure.pk}/actes/formulaire/").content.decode()
    # Samia Benali's file is in the private sector, its landlord's type unknown: the
    # referral to the CCAPEX (a legal person's, art. 24 II) is offered to those allowed.
    assert (known_file.parc, known_file.landlord_type) == ("PRIVE", "")
    assert _options(form) == EXPECTED[org_type]
    for stage in ("JUGEMENT", "CQL", "CFP", "IMPAYE", "DSF"):
        before = Event.objects.count()
        response = client.post(
            f"/procedures/{procedure.pk}/actes/",
            {
                "stage": stage,
                "date": "2025-05-20",
                "decision": "FERME",
                "contradictoire": "NON",
                "cfp_decision": "REFUSE",
            },  # fmt: skip
        )
        if stage in EXPECTED[org_type]:
            assert response.status_code != 403, stage
        else:
            assert response.status_code == 403, stage
            assert Event.objects.count() == before


@pytest.mark.parametrize("org_type", ALL_TYPES)
def test_import_and_api_refuse_acts_outside_the_matrix_in_french(org_type, client, territory):
    organisation = member_of(org_type).organisation
    _, clear = api_token_create(organisation=organisation, name="Flux", by=None)
    for index, (act, fields) in enumerate(SAMPLE.items()):
        notification = row(
            type_acte=act, reference_acte=f"M-{index}", locataire_nom=f"Nom{'a' * index}", **fields
        )
        batch = intake.file_import(
            source=organisation, content=csv_bytes([notification]), filename="a.csv", by=None
        )
        stored = ImportRow.objects.get(batch=batch)
        messages = " ".join(e["message"] for e in stored.errors)
        api = client.post(
            "/api/v1/notifications",
            json.dumps({**notification, "reference_acte": f"API-{index}"}),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {clear}",
        )
        if act in EXPECTED[org_type]:
            assert stored.status != RowStatus.QUARANTAINE, (act, messages)
            assert api.status_code in (200, 201), (act, api.content)
        else:
            assert stored.status == RowStatus.QUARANTAINE and stored.event_id is None
            assert "ne peut pas transmettre l'acte" in messages
            assert api.status_code == 422
            assert "ne peut pas transmettre l'acte" in api.content.decode("unicode_escape")
    assert (
        not Event.objects.filter(source=organisation).exclude(stage__in=EXPECTED[org_type]).exists()
    )


def test_private_landlord_cannot_record_a_judgment(client, login_as, involved, known_file):
    landlord = involved("BAILLEUR_PRIVE")
    procedure = known_file.procedures.get()
    login_as(landlord)
    form = client.get(f"/procedures/{procedure.pk}/actes/formulaire/").content.decode()
    assert 'value="JUGEMENT"' not in form  # no such choice
    response = client.post(
        f"/procedures/{procedure.pk}/actes/",
        {"stage": "JUGEMENT", "date": "2025-04-01", "decision": "FERME", "contradictoire": "NON"},
    )
    assert response.status_code == 403
    with pytest.raises(ActNotAllowed, match="ne peut pas transmettre l'acte « Jugement »"):
        event_record(
            procedure=procedure,
            stage="JUGEMENT",
            date=datetime.date(2025, 4, 1),
            decision="FERME",
            contradictoire=False,
            by=landlord,
        )
    assert not Event.objects.filter(stage="JUGEMENT").exists()


def test_the_matrix_is_data_overridable_per_departement(client, login_as, involved, known_file):
    """A département lets its ADIL record the DSF it carries out; elsewhere, no."""
    adil = involved("ADIL")
    procedure = known_file.procedures.get()
    login_as(adil)
    assert "DSF" not in _options(
        client.get(f"/procedures/{procedure.pk}/actes/formulaire/").content.decode()
    )
    ActPermission.objects.create(organisation_type="ADIL", act_type="DSF", departement_id="93")
    assert "DSF" in _options(
        client.get(f"/procedures/{procedure.pk}/actes/formulaire/").content.decode()
    )
    ActPermission.objects.create(
        organisation_type="ADIL", act_type="SIGNALEMENT", departement_id="93", allowed=False
    )
    assert "SIGNALEMENT" not in _options(
        client.get(f"/procedures/{procedure.pk}/actes/formulaire/").content.decode()
    )


def test_the_form_shows_only_the_fields_of_the_chosen_act(client, login_as, involved, known_file):
    procedure = known_file.procedures.get()
    login_as(involved("ETAT_CCAPEX"))
    url = f"/procedures/{procedure.pk}/actes/formulaire/"
    cdp = client.get(url + "?stage=CDP").content.decode()
    assert 'name="decision"' not in cdp and 'name="hearing_date"' not in cdp
    judgment = client.get(url + "?stage=JUGEMENT").content.decode()
    assert 'name="decision"' in judgment and 'name="contradictoire"' in judgment
    assert 'name="cfp_decision"' not in judgment
    # With htmx, changing the type swaps in the fields of that type only.
    swapped = client.get(url + "?stage=CFP&partie=champs", HTTP_HX_REQUEST="true")
    fragment = swapped.content.decode()
    assert 'name="cfp_decision"' in fragment and "<form" not in fragment
    assert 'hx-get="' + url + '?partie=champs"' in cdp
    # Without JavaScript, « Afficher les champs de cet acte » does the same.
    shown = client.post(
        f"/procedures/{procedure.pk}/actes/",
        {"stage": "CFP", "date": "2025-05-20", "afficher": "1"},
    )
    page = shown.content.decode()
    assert shown.status_code == 200 and 'name="cfp_decision"' in page
    assert 'value="2025-05-20"' in page  # what was typed is kept
    assert not Event.objects.filter(stage="CFP").exists()


def test_only_the_banque_de_france_and_the_secretariat_close_on_admissibility(involved, known_file):
    procedure = known_file.procedures.get()
    caf = involved("CAF")
    with pytest.raises(ActNotAllowed):
        procedure_close(
            procedure=procedure,
            outcome="SURENDETTEMENT",
            closed_on=datetime.date(2025, 5, 1),
            by=caf,
        )
    procedure_close(
        procedure=procedure,
        outcome="SURENDETTEMENT",
        closed_on=datetime.date(2025, 5, 1),
        by=involved("BANQUE_DE_FRANCE"),
    )
    procedure.refresh_from_db()
    assert procedure.outcome == "SURENDETTEMENT"
