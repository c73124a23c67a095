"""Loading the territories into the database: scoped, complete, idempotent."""

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from prevex.core.models import Commune, Departement, PostalCode
from prevex.core.territories import load_territories, read_dataset
from tests import factories

pytestmark = pytest.mark.django_db


def _table_counts():
    return (Departement.objects.count(), Commune.objects.count(), PostalCode.objects.count())


def test_load_one_departement_only():
    counts = load_territories(departements=["93"])

    assert set(Departement.objects.values_list("code", flat=True)) == {"93"}
    communes = Commune.objects.filter(departement_id="93")
    assert communes.count() == Commune.objects.count() == 39
    assert counts["communes"] == {"created": 39, "updated": 0, "unchanged": 0}
    saint_denis = Commune.objects.get(insee="93066")
    assert saint_denis.name == "Saint-Denis"
    assert saint_denis.population > 100_000
    assert set(saint_denis.postal_codes.values_list("code", flat=True)) == {
        "93200",
        "93210",
        "93380",
    }
    assert not PostalCode.objects.exclude(commune__departement_id="93").exists()


def test_loading_twice_changes_nothing():
    first = load_territories(departements=["93", "75"])
    before = _table_counts()
    second = load_territories(departements=["75", "93"])

    assert _table_counts() == before
    assert before[0] == 2
    assert first["postal_codes"]["created"] == before[2]
    assert second["departements"] == {"created": 0, "updated": 0, "unchanged": 2}
    assert second["communes"] == {"created": 0, "updated": 0, "unchanged": before[1]}
    assert second["postal_codes"] == {"created": 0, "unchanged": before[2]}


def test_existing_rows_are_updated_in_place_and_zone_apl_is_kept():
    Departement.objects.update_or_create(code="93", defaults={"name": "Provisoire"})
    factories.departement("75", "Dép. 75")
    paris = factories.commune("75056", "PARIS (ancien nom)", "75001")
    paris.zone_apl = "1"
    paris.population = 1
    paris.save()

    counts = load_territories(departements=["93", "75"])

    assert Departement.objects.get(code="93").name == "Seine-Saint-Denis"
    assert Departement.objects.get(code="75").region_code == "11"
    assert counts["departements"]["updated"] == 2
    paris.refresh_from_db()
    assert paris.name == "Paris"
    assert paris.population > 2_000_000
    assert paris.zone_apl == "1"
    assert counts["communes"]["updated"] == 1
    assert Commune.objects.filter(insee="75056").count() == 1


def test_departement_codes_are_normalised_and_unknown_ones_refused():
    load_territories(departements=["2a", " 974 "])
    assert {"2A", "974"} <= set(Departement.objects.values_list("code", flat=True))
    assert set(Commune.objects.values_list("departement_id", flat=True)) == {"2A", "974"}
    assert Commune.objects.get(insee="2A004").name == "Ajaccio"
    assert Commune.objects.get(insee="97411").departement_id == "974"

    with pytest.raises(ValidationError) as excinfo:
        load_territories(departements=["93", "99", "20"])
    assert excinfo.value.messages == ["Département(s) inconnu(s) : 20, 99."]
    assert not Departement.objects.filter(code="93").exclude(name="Seine-Saint-Denis").exists()


def test_full_load_matches_the_data_file_and_is_idempotent():
    data = read_dataset()
    load_territories()
    expected = (len(data["departements"]), len(data["communes"]), len(data["postal_codes"]))
    assert _table_counts() == expected
    assert expected[0] == 101

    again = load_territories()
    assert _table_counts() == expected
    assert again["communes"]["created"] == again["communes"]["updated"] == 0


def test_command_loads_the_requested_departements_and_reports_in_french():
    out = StringIO()
    call_command("load_territories", "--departements", "93,75", stdout=out)
    text = out.getvalue()

    assert set(Departement.objects.values_list("code", flat=True)) == {"75", "93"}
    assert "Communes : 40 créé(s), 0 mis à jour, 0 inchangé(s)." in text
    assert "@etalab/decoupage-administratif@6.0.0" in text

    out = StringIO()
    call_command("load_territories", "--departements", "93", stdout=out)
    assert "Communes : 0 créé(s), 0 mis à jour, 39 inchangé(s)." in out.getvalue()


def test_command_refuses_unknown_departement_and_missing_scope():
    with pytest.raises(CommandError, match="Département\\(s\\) inconnu\\(s\\) : 99."):
        call_command("load_territories", "--departements", "99", stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("load_territories", stdout=StringIO())
    assert Commune.objects.count() == 0
