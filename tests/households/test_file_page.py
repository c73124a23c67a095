"""The file page: recording acts with and without HTMX, computed deadlines, refusals."""

import datetime
import html
import re
from decimal import Decimal

import pytest

from prevex.core import clock
from prevex.procedures.models import Event, Procedure, Stage
from tests.factories import (
    HouseholdFactory,
    MemberFactory,
    MembershipFactory,
    OrganisationFactory,
    commune,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def ccapex(login_as):
    commune()
    membership = MembershipFactory(organisation=OrganisationFactory(ccapex=True))
    login_as(membership)
    return membership


@pytest.fixture
def judged_procedure(ccapex):
    """A household whose lease was terminated by a judgment on 2024-09-02."""
    from prevex.procedures.services import event_record, procedure_open

    clock.freeze(datetime.date(2024, 10, 1))
    household = HouseholdFactory()
    MemberFactory(household=household)
    procedure = procedure_open(
        household=household,
        stage=Stage.CDP,
        date=datetime.date(2023, 10, 2),
        by=ccapex,
        debt_amount=Decimal("2400"),
    )
    event_record(
        procedure=procedure,
        stage=Stage.ASSIGNATION,
        date=datetime.date(2024, 1, 15),
        hearing_date=datetime.date(2024, 7, 1),
        by=ccapex,
    )
    event_record(
        procedure=procedure,
        stage=Stage.JUGEMENT,
        date=datetime.date(2024, 9, 2),
        decision="FERME",
        contradictoire=False,
        by=ccapex,
    )
    return procedure


def _text(page: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(page))


def test_recording_a_cql_shows_eviction_date_after_the_truce(client, judged_procedure):
    procedure = judged_procedure
    response = client.post(
        f"/procedures/{procedure.pk}/actes/",
        {"stage": "CQL", "date": "15/09/2024"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    page = _text(response.content.decode())
    # 15/09 + 2 months = 15/11, inside the truce: pushed to 01/04.
    assert "Expulsion possible à partir du 01/04/2025" in page
    assert "CPCE L412-1 : 2 mois après le CQL" in page
    assert "trêve hivernale jusqu'au 31/03" in page
    # The partial is the procedure block only, not a whole page.
    assert "<html" not in page
    assert page.strip().startswith('<section class="prevex-panel')
    procedure.refresh_from_db()
    assert procedure.stage == Stage.CQL


def test_htmx_partial_matches_the_full_page_block(client, judged_procedure):
    procedure = judged_procedure
    partial = client.post(
        f"/procedures/{procedure.pk}/actes/",
        {"stage": "CQL", "date": "15/09/2024"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    full = client.get(f"/menages/{procedure.household_id}/").content.decode()
    start = full.index(
        f'<section class="prevex-panel fr-mb-3w"\n         id="procedure-{procedure.pk}"'
    )
    end = full.index("</section>", start) + len("</section>")

    def normalise(s):
        s = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", s)
        return re.sub(r"\s+", " ", s).strip()

    assert normalise(partial) == normalise(full[start:end])


def test_without_htmx_the_act_is_recorded_and_redirects(client, judged_procedure):
    procedure = judged_procedure
    response = client.post(
        f"/procedures/{procedure.pk}/actes/", {"stage": "CQL", "date": "2024-09-15"}
    )
    assert response.status_code == 302
    assert Event.objects.filter(procedure=procedure, stage=Stage.CQL).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"stage": "CQL", "date": "01/08/2024"}, "antérieure"),
        ({"stage": "EXPULSION", "date": "20/09/2024"}, "concours de la force publique"),
        ({"stage": "CQL", "date": "30/02/2024"}, "Date invalide"),
        ({"stage": "CQL", "date": "15/09/2099"}, "dans le futur"),
        ({"stage": "PAS_UN_ACTE", "date": "15/09/2024"}, "Sélectionnez un choix valide"),
    ],
)
def test_impossible_acts_are_refused_with_a_french_reason(client, judged_procedure, data, message):
    procedure = judged_procedure
    before = Event.objects.filter(procedure=procedure).count()
    response = client.post(f"/procedures/{procedure.pk}/actes/", data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    page = _text(response.content.decode())
    assert "fr-alert--error" in page or "fr-error-text" in page
    assert message in page
    assert Event.objects.filter(procedure=procedure).count() == before
    assert Procedure.objects.get(pk=procedure.pk).stage == Stage.JUGEMENT


def test_act_form_is_fetched_on_demand(client, judged_procedure):
    procedure = judged_procedure
    page = client.get(f"/menages/{procedure.household_id}/").content.decode()
    assert 'name="grace_months"' not in page  # not rendered with every read
    fragment = client.get(
        f"/procedures/{procedure.pk}/actes/formulaire/", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'name="grace_months"' in fragment and "<html" not in fragment
    # Without JavaScript the same link opens a small page with the form.
    full = client.get(f"/procedures/{procedure.pk}/actes/formulaire/").content.decode()
    assert 'name="grace_months"' in full and "<html" in full
    # The next possible acts are offered first.
    assert full.index('<optgroup label="Étapes possibles">') < full.index('value="CQL"')
