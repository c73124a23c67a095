"""The committed COG data file and the script that writes it (no network, no database)."""

import copy
import gzip
import importlib.util
import json
import random
from pathlib import Path

import pytest

from prevex.core.territories import DATA_FILE, read_dataset

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "fetch_territories.py"


@pytest.fixture(scope="module")
def script():
    spec = importlib.util.spec_from_file_location("fetch_territories", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def data():
    return read_dataset()


def test_sources_are_the_pinned_npm_packages(data, script):
    assert {s["name"]: s["version"] for s in data["sources"]} == script.PACKAGES


def test_all_101_departements_including_corsica_and_overseas(data):
    deps = {code: (name, region) for code, name, region in data["departements"]}
    assert len(deps) == 101
    assert deps["93"] == ("Seine-Saint-Denis", "11")
    assert deps["2A"][0] == "Corse-du-Sud"
    assert deps["2B"][0] == "Haute-Corse"
    assert {"971", "972", "973", "974", "976"} <= deps.keys()
    assert "20" not in deps
    assert "975" not in deps  # collectivités d'outre-mer are not départements


def test_current_communes_with_known_examples(data):
    communes = {insee: (name, dep, pop) for insee, name, dep, pop in data["communes"]}
    assert len(communes) > 34_800
    assert communes["93066"][:2] == ("Saint-Denis", "93")
    assert communes["2A004"][:2] == ("Ajaccio", "2A")
    assert communes["97411"][:2] == ("Saint-Denis", "974")
    assert communes["75056"][:2] == ("Paris", "75")
    assert communes["75056"][2] > 2_000_000
    # Only « communes actuelles »: no Paris arrondissement, no merged commune.
    assert "75101" not in communes
    assert "93059" not in communes  # Pierrefitte-sur-Seine, merged into Saint-Denis


def test_every_row_fits_the_models_and_points_to_a_known_commune(data):
    deps = {row[0] for row in data["departements"]}
    communes = {row[0] for row in data["communes"]}
    assert all(row[2] in deps and len(row[1]) <= 120 for row in data["communes"])
    assert all(len(row[0]) <= 3 and len(row[2]) <= 3 for row in data["departements"])
    for code, insee, locality in data["postal_codes"]:
        assert len(code) == 5 and code.isdigit()
        assert insee in communes
        assert len(locality) <= 120
    assert len(data["postal_codes"]) == len({tuple(row) for row in data["postal_codes"]})
    served = {insee for _, insee, _ in data["postal_codes"]}
    assert served == communes  # every commune has at least one postcode


def test_postcodes_of_saint_denis(data):
    rows = {tuple(row) for row in data["postal_codes"] if row[1] == "93066"}
    assert ("93200", "93066", "SAINT DENIS") in rows
    assert ("93380", "93066", "PIERREFITTE SUR SEINE") in rows


def test_data_file_is_small_and_deterministically_encoded(script, data):
    raw = DATA_FILE.read_bytes()
    assert len(raw) < 3_000_000
    assert raw[4:8] == b"\x00\x00\x00\x00"  # gzip mtime is zero
    assert script.encode_dataset(data) == raw  # re-encoding gives the committed bytes


# A miniature of the npm packages' layout.
COG_DEPARTEMENTS = [
    {"code": "93", "nom": "Seine-Saint-Denis", "region": "11", "zone": "metro"},
    {"code": "75", "nom": "Paris", "region": "11", "zone": "metro"},
    {"code": "974", "nom": "La Réunion", "region": "04", "zone": "drom"},
    {"code": "975", "nom": "Saint-Pierre-et-Miquelon", "region": "975", "zone": "com"},
]
COG_COMMUNES = [
    {
        "code": "93066",
        "nom": "Saint-Denis",
        "departement": "93",
        "type": "commune-actuelle",
        "population": 149077,
        "anciensCodes": ["93059"],
        "codesPostaux": ["93200", "93210", "93380"],
    },
    {"code": "93066", "nom": "Saint-Denis", "departement": "93", "type": "commune-deleguee"},
    {
        "code": "75056",
        "nom": "Paris",
        "departement": "75",
        "type": "commune-actuelle",
        "population": 2103778,
        "codesPostaux": ["75001"],
    },
    {
        "code": "75101",
        "nom": "Paris 1er Arrondissement",
        "departement": "75",
        "type": "arrondissement-municipal",
        "commune": "75056",
    },
    {
        "code": "97411",
        "nom": "Saint-Denis",
        "departement": "974",
        "type": "commune-actuelle",
        "population": 155634,
        "codesPostaux": ["97400"],
    },
    {
        "code": "97502",
        "nom": "Saint-Pierre",
        "departement": "975",
        "type": "commune-actuelle",
        "population": 5500,
        "codesPostaux": ["97500"],
    },
]
CODES_POSTAUX = [
    {"codePostal": "93200", "codeCommune": "93066", "libelleAcheminement": "SAINT DENIS"},
    {"codePostal": "93380", "codeCommune": "93059", "libelleAcheminement": "PIERREFITTE"},
    {"codePostal": "75001", "codeCommune": "75101", "libelleAcheminement": "PARIS"},
    {"codePostal": "97400", "codeCommune": "97411", "libelleAcheminement": "ST DENIS"},
    {"codePostal": "97500", "codeCommune": "97502", "libelleAcheminement": "ST PIERRE"},
]


def _build(script, shuffle_seed=None):
    inputs = [
        copy.deepcopy(COG_DEPARTEMENTS),
        copy.deepcopy(COG_COMMUNES),
        copy.deepcopy(CODES_POSTAUX),
    ]
    if shuffle_seed is not None:
        for items in inputs:
            random.Random(shuffle_seed).shuffle(items)
    return script.build_dataset(
        departements=inputs[0],
        communes=inputs[1],
        codes_postaux=inputs[2],
        sources={"codes-postaux": "1.0.0", "@etalab/decoupage-administratif": "2.0.0"},
    )


def test_builder_maps_old_codes_and_districts_to_current_communes(script):
    dataset = _build(script)
    assert dataset["departements"] == [
        ["75", "Paris", "11"],
        ["93", "Seine-Saint-Denis", "11"],
        ["974", "La Réunion", "04"],
    ]
    assert dataset["communes"] == [
        ["75056", "Paris", "75", 2103778],
        ["93066", "Saint-Denis", "93", 149077],
        ["97411", "Saint-Denis", "974", 155634],
    ]
    assert dataset["postal_codes"] == [
        ["75001", "75056", "PARIS"],
        ["93200", "93066", "SAINT DENIS"],
        ["93210", "93066", "SAINT DENIS"],  # only in the COG: libellé derived from the name
        ["93380", "93066", "PIERREFITTE"],  # old code 93059 → Saint-Denis
        ["97400", "97411", "ST DENIS"],
    ]


def test_writer_output_is_byte_identical_whatever_the_input_order(script):
    first = script.encode_dataset(_build(script))
    again = script.encode_dataset(_build(script))
    shuffled = script.encode_dataset(_build(script, shuffle_seed=7))
    assert first == again == shuffled
    decoded = json.loads(gzip.decompress(first))
    assert decoded["sources"] == [
        {"name": "@etalab/decoupage-administratif", "version": "2.0.0"},
        {"name": "codes-postaux", "version": "1.0.0"},
    ]


def test_writer_writes_the_output_file(script, tmp_path, monkeypatch):
    monkeypatch.setattr(script, "fetch", lambda: _build(script))
    target = tmp_path / "territories.json.gz"
    assert script.main(["--output", str(target)]) == 0
    first = target.read_bytes()
    assert script.main(["--output", str(target), "--check"]) == 0
    assert script.main(["--output", str(target)]) == 0
    assert target.read_bytes() == first
    target.write_bytes(b"stale")
    assert script.main(["--output", str(target), "--check"]) == 1


def test_locality_from_name(script):
    assert script.locality_from_name("L'Île-Saint-Denis") == "L ILE SAINT DENIS"
    assert script.locality_from_name("Œuilly") == "OEUILLY"
