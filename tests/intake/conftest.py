"""Fixtures of the intake tests: a département with a few communes, senders, CSV helpers."""

import csv
import datetime
import io

import pytest

from prevex.accounts.models import OrganisationType, Role
from prevex.core import clock
from tests import factories

TODAY = datetime.date(2025, 6, 2)

HEADER = [
    "type_acte",
    "date_acte",
    "reference_acte",
    "motif",
    "locataire_nom",
    "locataire_prenom",
    "locataire_date_naissance",
    "cotitulaire_nom",
    "cotitulaire_prenom",
    "adresse",
    "code_postal",
    "commune",
    "code_commune",
    "telephone",
    "email",
    "bailleur_nom",
    "bailleur_type",
    "parc",
    "loyer_mensuel",
    "charges_mensuelles",
    "montant_dette",
    "date_audience",
    "decision",
    "contradictoire",
    "cfp_decision",
    "observations",
]


def row(**values) -> dict[str, str]:
    """A valid CDP row for Samia Benali in Saint-Denis; override any column."""
    base = {
        "type_acte": "CDP",
        "date_acte": "10/03/2025",
        "reference_acte": "CDP-001",
        "locataire_nom": "Benali",
        "locataire_prenom": "Samia",
        "locataire_date_naissance": "12/04/1985",
        "adresse": "12 rue de la République",
        "code_postal": "93200",
        "commune": "Saint-Denis",
        "bailleur_nom": "M. Dupuis",
        "bailleur_type": "PERSONNE_PHYSIQUE",
        "loyer_mensuel": "650",
        "montant_dette": "1 950,00 €",
    }
    base.update(values)
    return base


def csv_bytes(rows: list[dict], *, sep: str = ";", encoding: str = "utf-8", header=None) -> bytes:
    out = io.StringIO()
    columns = header or HEADER
    writer = csv.writer(out, delimiter=sep, lineterminator="\r\n")
    writer.writerow(columns)
    for r in rows:
        writer.writerow([r.get(c, "") for c in columns])
    return out.getvalue().encode(encoding)


@pytest.fixture
def territory(db):
    clock.freeze(TODAY)
    factories.departement("93")
    return {
        "saint_denis": factories.commune("93066", "Saint-Denis", "93200"),
        "montreuil": factories.commune("93048", "Montreuil", "93100"),
        "aubervilliers": factories.commune("93001", "Aubervilliers", "93300"),
        "paris": factories.commune("75056", "Paris", "75001"),
    }


@pytest.fixture
def bailiff(territory):
    return factories.MembershipFactory(
        organisation__type=OrganisationType.COMMISSAIRE_JUSTICE,
        organisation__name="Étude Lenoir, commissaires de justice",
        organisation__slug="etude-lenoir",
    )


@pytest.fixture
def caf(territory):
    return factories.MembershipFactory(
        organisation__type=OrganisationType.CAF,
        organisation__name="CAF de la Seine-Saint-Denis",
        organisation__slug="caf-93",
    )


@pytest.fixture
def ccapex(territory):
    return factories.MembershipFactory(organisation__ccapex=True, organisation__slug="ddets-93")


@pytest.fixture
def ccapex_manager(ccapex):
    return factories.MembershipFactory(organisation=ccapex.organisation, role=Role.RESPONSABLE)


def saint_denis_household(territory, last="Benali", first="Samia", born=None):
    """A household of one titulaire at « 12 rue de la République », Saint-Denis (the
    address of ``row``), written and refreshed as every writer does."""
    from decimal import Decimal

    from prevex.households.models import MemberRole, Parc
    from prevex.households.services import household_create, household_derived_refresh

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
                "last_name": last,
                "first_name": first,
                "birth_date": born or datetime.date(1985, 4, 12),
            }
        ],
    )
    household_derived_refresh(household_ids=[household.pk])
    return household
