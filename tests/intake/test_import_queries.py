"""An import's queries do not grow with its rows: new households, their history (the
commune's name, the involvements' organisation) and their acts are read and written per
batch, never per row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from prevex.intake.models import ImportRow, RowStatus
from prevex.intake.services import file_import

from .conftest import csv_bytes, row

pytestmark = pytest.mark.django_db

SURNAMES = [
    "Benali", "Kowalski", "Nguyen", "Traoré", "Ferreira", "Dubois", "Haddad", "Okafor",
    "Lindqvist", "Moreau", "Papadopoulos", "Yilmaz", "Schneider", "Rakotomalala", "Oliveira",
    "Fontaine", "Zielinski", "Bernard", "Tanaka", "Gonzalez", "Mbappé", "Petrovic",
    "Abramovich", "Sørensen",
]  # fmt: skip
FIRST_NAMES = ["Samia", "Igor", "Linh", "Awa", "João", "Claire", "Karim", "Chidi",
               "Astrid", "Paul", "Eleni", "Emre", "Greta", "Hery", "Ana", "Lucie",
               "Marek", "Julie", "Yuki", "Rosa", "Ibrahim", "Milan", "Oleg", "Sven"]  # fmt: skip
COMMUNES = [("93200", "Saint-Denis"), ("93100", "Montreuil"), ("93300", "Aubervilliers")]


def rows(start: int, count: int) -> list[dict]:
    """``count`` rows about as many new, unrelated households (several communes)."""
    out = []
    for i in range(start, start + count):
        postal_code, commune = COMMUNES[i % len(COMMUNES)]
        out.append(
            row(
                reference_acte=f"CDP-{i:03}",
                locataire_nom=SURNAMES[i],
                locataire_prenom=FIRST_NAMES[i],
                locataire_date_naissance=f"{1 + i:02}/{1 + i % 12:02}/19{50 + i}",
                adresse=f"{3 + 7 * i} avenue {SURNAMES[-1 - i]}",
                code_postal=postal_code,
                commune=commune,
            )
        )
    return out


def queries_of_import(bailiff, lines: list[dict], name: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        file_import(
            source=bailiff.organisation, content=csv_bytes(lines), filename=name, by=bailiff
        )
    return len(captured)


def test_the_queries_of_an_import_do_not_grow_with_its_new_households(bailiff):
    queries_of_import(bailiff, rows(0, 1), "premier.csv")  # what is read once per process
    small = queries_of_import(bailiff, rows(1, 6), "petit.csv")
    large = queries_of_import(bailiff, rows(7, 12), "grand.csv")
    assert ImportRow.objects.filter(status=RowStatus.IMPORTE).count() == 19
    assert large == small
