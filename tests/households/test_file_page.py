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
    start = full.index(f'<section class="prevex-panel fr-mb-3w" id="procedure-{procedure.pk}"')
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
    # No type chosen by default (« — choisir — » first), so no type-specific field yet.
    assert '<option value="" selected>— choisir —</option>' in fragment
    assert "<html" not in fragment
    assert 'name="grace_months"' not in fragment and 'name="hearing_date"' not in fragment
    assert fragment.count(" selected") == 1  # the empty choice only
    chosen = client.get(
        f"/procedures/{procedure.pk}/actes/formulaire/?stage=CQL", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'name="grace_months"' in chosen and 'name="hearing_date"' not in chosen
    assert 'name="decision"' not in chosen
    # Without JavaScript the same link opens a small page with the form.
    full = client.get(f"/procedures/{procedure.pk}/actes/formulaire/?stage=CQL").content.decode()
    assert 'name="grace_months"' in full and "<html" in full
    # The next possible acts are offered first.
    assert full.index('<optgroup label="Étapes possibles">') < full.index('value="CQL"')
    # The observations are procedure data (landlords read them): the form says so.
    assert "bailleur compris" in html.unescape(fragment)


def test_file_page_shows_what_its_hand_written_reads_fetch(client, ccapex, judged_procedure):
    """Household, people, contacts, vulnerabilities, acts and their sender, as stored."""
    from prevex.households.models import ContactChannel, Member, Vulnerability
    from prevex.procedures.services import event_record

    household = judged_procedure.household
    household.landlord = OrganisationFactory(social_landlord=True, name="Seine-Saint-Denis Habitat")
    household.save()
    Member.objects.create(
        household=household,
        role="ENFANT",
        last_name="Benali",
        first_name="Inès",
        birth_date=datetime.date(2015, 6, 3),
    )
    ContactChannel.objects.create(household=household, kind="TELEPHONE", value="06 12 34 56 78")
    Vulnerability.objects.create(
        household=household, kind="HANDICAP", note="fauteuil", recorded_on=datetime.date(2024, 3, 4)
    )
    bailiff = OrganisationFactory(name="Étude Martin, commissaires de justice")
    event_record(
        procedure=judged_procedure,
        stage=Stage.CQL,
        date=datetime.date(2024, 9, 20),
        debt_amount=Decimal("12345.6"),
        source=bailiff,
        by=ccapex,
    )
    from django.utils.html import strip_tags

    page = _text(strip_tags(client.get(f"/menages/{household.pk}/").content.decode()))
    assert "BENALI Samia — Titulaire du bail, né(e) le 12/04/1985" in page
    assert "Inès BENALI (enfant, 03/06/2015)" in page
    assert "Téléphone : 06 12 34 56 78" in page
    assert "Handicap — fauteuil (04/03/2024)" in page
    assert "Bailleur : Seine-Saint-Denis Habitat" in page
    assert "93200 Saint-Denis (INSEE 93066)" in page
    assert "02/10/2023 — Commandement de payer · dette 2 400,00 €" in page
    assert "15/01/2024 — Assignation · audience le 01/07/2024" in page
    assert "02/09/2024 — Jugement · Résiliation ferme (non contradictoire)" in page
    assert (
        "20/09/2024 — Commandement de quitter les lieux · dette 12 345,60 € "
        "Transmis par Étude Martin, commissaires de justice"
    ) in page


def test_hand_written_file_reads_name_the_models_tables():
    from prevex.core.models import Commune
    from prevex.households import selectors
    from prevex.households.models import ContactChannel, Household, Member, Vulnerability
    from prevex.procedures import selectors as procedure_selectors

    for model in (Household, Commune):
        assert f"FROM {model._meta.db_table} " in selectors.HOUSEHOLD_SQL or (
            f"JOIN {model._meta.db_table} " in selectors.HOUSEHOLD_SQL
        )
    for key, model in (("m", Member), ("c", ContactChannel), ("v", Vulnerability)):
        assert f"FROM {model._meta.db_table} " in selectors.FILE_ROWS_SQL[key]
    assert f"FROM {Procedure._meta.db_table} " in procedure_selectors.PROCEDURES_SQL
    assert f"FROM {Event._meta.db_table} " in procedure_selectors.EVENTS_SQL
