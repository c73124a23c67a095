"""A file opened at another address puts no earlier attachment in doubt
(prevex/matching/doubts.py, ``attachments_in_doubt``;
docs/decisions/2026-12-06-doubts-same-building.md): the same couple's names elsewhere is
a question about the new file (a move or namesakes), not about the rows that were sent
from the old file's own dwelling."""

import datetime

import pytest

from prevex.matching.doubts import attachments_in_doubt

from .conftest import record

pytestmark = pytest.mark.django_db

STREET = "125 bis rue Gabriel Péri"
# The row attached to her file: both names, the holder's birth date, which the
# file (opened by a sender that gives none) could not compare.
ATTACHED = record(
    "N'Diaye",
    "Mariam",
    datetime.date(1992, 10, 5),
    STREET,
    co_last_name="Traoré",
    co_first_name="Boubacar",
)


@pytest.fixture
def her_file(make_household):
    """The file the row joined: opened by a sender that names neither the co-tenant nor
    a birth date."""
    return make_household("NDIAYE", "MARIAM", None, STREET)


def _doubts(old, new):
    return attachments_in_doubt(opened={new.pk: [old.pk]}, attached=[(1, old.pk, ATTACHED, ())])


def test_the_same_couple_opened_elsewhere_puts_nothing_in_doubt(her_file, make_household, db):
    from tests import factories

    epinay = factories.commune("93031", "Épinay-sur-Seine", "93800")
    elsewhere = make_household(
        "TRAORE", "BOUBACAR", None, "168 avenue de la République",
        postal_code="93800", commune=epinay, co=("NDIAYE", "MARIAM"),
    )  # fmt: skip
    assert _doubts(her_file, elsewhere) == []


def test_the_same_couple_opened_in_the_building_is_in_doubt(her_file, make_household):
    # the control: the same file opened at the old file's address does put the row in doubt
    here = make_household("TRAORE", "BOUBACAR", None, STREET, co=("NDIAYE", "MARIAM"))
    found = _doubts(her_file, here)
    assert [(d.attached_to, d.opened) for d in found] == [(her_file.pk, here.pk)]
