"""Keys written under older rules are repaired: the job and the command rewrite only the
households whose stored keys differ from the current rules', and a row written the new
way then finds them."""

import datetime
import io

import pytest
from django.core.management import call_command

from prevex.households import tasks
from prevex.households.keys import expected_keys, stored_keys
from prevex.households.keys_repair import matching_keys_repair
from prevex.households.models import HouseholdKey
from prevex.households.retention import households_anonymise
from prevex.matching.keys import record_key_values

from .conftest import record

pytestmark = pytest.mark.django_db

BIRTH = datetime.date(1979, 3, 8)


@pytest.fixture
def stale(make_household):
    """A household stored while « Ch. » after « av. » was read as « chemin »: its address
    key is the old one (``12|chemingaulle``)."""
    household = make_household("Lefèvre", "Odile", BIRTH, "12 av. Ch. de Gaulle")
    key = HouseholdKey.objects.get(household=household, kind="AD")
    assert key.value == "12|charlesgaulle"
    HouseholdKey.objects.filter(pk=key.pk).update(value="12|chemingaulle")
    return household


def test_repair_rewrites_stale_keys_and_only_them(stale, make_household):
    fresh = make_household("Martin", "Paul", BIRTH, "3 rue Hoche")
    before = stored_keys([fresh.pk])[fresh.pk]
    fresh_rows = set(HouseholdKey.objects.filter(household=fresh).values_list("pk", flat=True))
    assert matching_keys_repair() == 1
    assert stored_keys([stale.pk]) == expected_keys([stale.pk])
    assert ("AD", "12|charlesgaulle") in stored_keys([stale.pk])[stale.pk]
    # The household already right is not rewritten (same rows, same ids).
    assert stored_keys([fresh.pk])[fresh.pk] == before
    assert set(HouseholdKey.objects.filter(household=fresh).values_list("pk", flat=True)) == (
        fresh_rows
    )
    assert matching_keys_repair() == 0  # idempotent


def test_a_row_written_the_new_way_finds_the_repaired_household(stale):
    row = record("Lefèvre", "Odile", None, "12 avenue Charles de Gaulle")
    assert ("AD", "12|charlesgaulle") in record_key_values(row)
    assert ("AD", "12|charlesgaulle") not in stored_keys([stale.pk])[stale.pk]
    matching_keys_repair()
    assert ("AD", "12|charlesgaulle") in stored_keys([stale.pk])[stale.pk]


def test_anonymised_households_get_no_keys_back(stale):
    households_anonymise([stale.pk])
    assert not HouseholdKey.objects.filter(household=stale).exists()
    assert matching_keys_repair() == 0
    assert not HouseholdKey.objects.filter(household=stale).exists()


def test_departement_filter(stale):
    assert matching_keys_repair(departement="75") == 0
    assert matching_keys_repair(departement="93") == 1


def test_job_and_command(stale):
    assert tasks.repair_matching_keys.call_local() == 1
    HouseholdKey.objects.filter(household=stale, kind="AD").update(value="12|chemingaulle")
    out = io.StringIO()
    call_command("matching_keys", stdout=out)
    assert "1 ménage(s) aux clés recalculées." in out.getvalue()
    assert tasks.repair_matching_keys.call_local() == 0
