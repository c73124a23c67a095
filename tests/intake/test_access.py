"""Every organisation sees only its own imports and quarantine; the review queue is the
CCAPEX secretariat's, of its own département (extends tests/households/test_access_matrix).

The expected access is written from the rules, not from the selectors: the sender
organisation sees its batches, rows and quarantine; nobody else does, whatever its type
or role (the secretariat included); the review queue is visible to the secretariat of
the département only.
"""

import datetime
from decimal import Decimal

import pytest

from prevex.accounts.models import OrganisationType, Role
from prevex.households.models import MemberRole, Parc
from prevex.households.services import household_create, household_derived_refresh
from prevex.intake import selectors, services
from prevex.intake.models import ImportRow, ReviewItem, ReviewStatus, RowStatus
from tests import factories
from tests.intake.conftest import csv_bytes, row

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.intake.urls")]

SENTINEL = "Zorglub"
OTHERS = [
    (org_type, role, "93")
    for org_type in OrganisationType.values
    for role in (Role.AGENT, Role.RESPONSABLE)
] + [(OrganisationType.ETAT_CCAPEX, Role.AGENT, "75")]


def may_review(org_type: str, departement: str) -> bool:
    """The review queue of the 93: its CCAPEX secretariat only."""
    return org_type == OrganisationType.ETAT_CCAPEX and departement == "93"


@pytest.fixture
def sent(bailiff, territory):
    """A batch of the bailiff: one quarantined row (sentinel name), one row in review."""
    household = household_create(
        by=None,
        departement="93",
        composition="AUTRE",
        address="12 rue de la République",
        postal_code="93200",
        commune=territory["saint_denis"],
        parc=Parc.PRIVE,
        rent=Decimal("650"),
        members=[
            {
                "role": MemberRole.TITULAIRE,
                "last_name": "Benali",
                "first_name": "Samia",
                "birth_date": datetime.date(1985, 4, 12),
            }
        ],
    )
    household_derived_refresh(household_ids=[household.pk])
    batch = services.file_import(
        source=bailiff.organisation,
        content=csv_bytes(
            [
                row(reference_acte="Q", locataire_nom=SENTINEL, date_acte="31/02/2025"),
                row(
                    reference_acte="V",
                    locataire_prenom="Samir",
                    adresse="3 avenue Jean Jaurès",
                    code_postal="93100",
                    commune="Montreuil",
                ),
            ]
        ),
        filename="envoi-sentinelle.csv",
        by=bailiff,
    )
    quarantined = ImportRow.objects.get(status=RowStatus.QUARANTAINE)
    review = ReviewItem.objects.get()
    return {"batch": batch, "row": quarantined, "review": review, "household": household}


def _other(org_type, role, departement):
    if departement == "93":
        organisation = factories.OrganisationFactory(type=org_type)
    else:
        organisation = factories.OrganisationFactory(type=org_type, other_departement=True)
    return factories.MembershipFactory(organisation=organisation, role=role)


def test_the_sender_sees_its_own_imports(client, login_as, bailiff, sent):
    login_as(bailiff)
    batch, quarantined = sent["batch"], sent["row"]
    assert "envoi-sentinelle.csv" in client.get("/imports/").content.decode()
    assert client.get(f"/imports/{batch.pk}/").status_code == 200
    assert client.get(f"/imports/{batch.pk}/erreurs.csv").status_code == 200
    assert SENTINEL.upper() in client.get("/imports/quarantaine/").content.decode()
    assert SENTINEL in client.get("/imports/quarantaine.csv").content.decode()
    assert client.get(f"/imports/lignes/{quarantined.pk}/corriger/").status_code == 200
    assert client.get("/imports/revue/").status_code == 404  # a bailiff does not review


@pytest.mark.parametrize(("org_type", "role", "departement"), OTHERS)
def test_other_organisations_see_nothing_of_it(client, login_as, sent, org_type, role, departement):
    membership = _other(org_type, role, departement)
    login_as(membership)
    batch, quarantined, review = sent["batch"], sent["row"], sent["review"]
    assert "envoi-sentinelle.csv" not in client.get("/imports/").content.decode()
    for url in (f"/imports/{batch.pk}/", f"/imports/{batch.pk}/erreurs.csv"):
        assert client.get(url).status_code == 404, url
    for url in (f"/imports/{batch.pk}/avancement/", f"/imports/{batch.pk}/reprendre/"):
        assert client.post(url).status_code == 404, url
    assert SENTINEL.upper() not in client.get("/imports/quarantaine/").content.decode().upper()
    assert SENTINEL.upper() not in client.get("/imports/quarantaine.csv").content.decode().upper()
    edit = f"/imports/lignes/{quarantined.pk}/corriger/"
    assert client.get(edit).status_code == 404
    assert client.post(edit, {**quarantined.raw, "date_acte": "01/03/2025"}).status_code == 404
    assert ImportRow.objects.get(pk=quarantined.pk).status == RowStatus.QUARANTAINE
    assert selectors.row_result(organisation=membership.organisation, row_id=quarantined.pk) is None

    queue = client.get("/imports/revue/")
    item_url = f"/imports/revue/{review.pk}/"
    if org_type == OrganisationType.ETAT_CCAPEX:  # its own département's queue
        assert queue.status_code == 200
        assert (item_url in queue.content.decode()) == may_review(org_type, departement)
    else:
        assert queue.status_code == 404
    expected = 200 if may_review(org_type, departement) else 404
    assert client.get(item_url).status_code == expected
    if expected == 404:
        decide = client.post(
            f"{item_url}decider/",
            {"decision": "MEME_MENAGE", "household_id": sent["household"].pk},
        )
        assert decide.status_code == 404
        assert ReviewItem.objects.get(pk=review.pk).status == ReviewStatus.OUVERT
