"""Noise at the requested rate, of every kind, visible in the rows; duplicates re-sent
later with the same reference; no noise when the rate is 0."""

import math
import re
from collections import Counter, defaultdict

from rapidfuzz.distance import Levenshtein

from prevex.synth.api import generate
from prevex.synth.presets import NOISE_KINDS

from .checks import SENDER_FILES, parse_date, read
from .conftest import NOISE

AMOUNTS = ("loyer_mensuel", "charges_mensuelles", "montant_dette")


def _rows(out):
    """(truth row, file row) pairs in file order."""
    truth = {(row["file"], int(row["line"])): row for row in read(out / "truth.csv")}
    pairs = []
    for name in SENDER_FILES:
        for line, row in enumerate(read(out / name), start=2):
            pairs.append((truth[(name, line)], row))
    return pairs


def test_noise_rate_and_kinds(dataset):
    out, _ = dataset
    pairs = _rows(out)
    originals = [t for t, _ in pairs if t["is_duplicate"] == "0"]
    noisy = sum(1 for t in originals if t["noise"])
    n = len(originals)
    assert abs(noisy / n - NOISE) <= 4 * math.sqrt(NOISE * (1 - NOISE) / n)
    kinds = Counter(k for t in originals for k in t["noise"].split("|") if k)
    assert set(kinds) == set(NOISE_KINDS)


def test_noise_is_visible_in_the_rows(dataset):
    out, _ = dataset
    pairs = _rows(out)
    true_names = {}
    for truth, row in pairs:  # clean rows give each household's true names
        if not truth["noise"]:
            true_names[truth["household"]] = (row["locataire_nom"].casefold(),
                                              row["locataire_prenom"].casefold())  # fmt: skip
    checked = Counter()
    for truth, row in pairs:
        kinds = set(truth["noise"].split("|")) - {""}
        amounts = [row[c] for c in AMOUNTS if row[c]]
        if "MONTANT_FORMAT" in kinds:
            assert all(re.fullmatch(r"\d{1,3}([ \u00a0]\d{3})*,\d\d[ \u00a0]€", a) for a in amounts)
        elif truth["is_duplicate"] == "0":
            assert all(re.fullmatch(r"\d+\.\d\d", a) for a in amounts)
        if "DATE_FORMAT" in kinds:
            assert re.fullmatch(r"\d\d/\d\d/\d{4}", row["date_acte"])
        elif truth["is_duplicate"] == "0":
            assert re.fullmatch(r"\d{4}-\d\d-\d\d", row["date_acte"])
        if "SANS_DATE_NAISSANCE" in kinds:
            assert row["locataire_date_naissance"] == ""
        if "ENVOI_TARDIF" in kinds:
            sent = parse_date(truth["sent_on"])
            assert (sent - parse_date(truth["date_acte"])).days >= 60
        true = true_names.get(truth["household"])
        if (
            true
            and kinds & {"INVERSION_NOM_PRENOM", "FAUTE_FRAPPE"}
            and not kinds & {"SANS_ACCENTS"}
        ):
            name = (row["locataire_nom"].casefold(), row["locataire_prenom"].casefold())
            if kinds == {"INVERSION_NOM_PRENOM"}:
                assert name == (true[1], true[0])
                checked["inversion"] += 1
            elif kinds == {"FAUTE_FRAPPE"}:
                distance = Levenshtein.distance(" ".join(name), " ".join(true))
                assert 0 <= distance <= 2
                checked["faute"] += 1
    assert checked["inversion"] > 0 and checked["faute"] > 0


def test_duplicates_are_resent_later_with_the_same_reference(dataset):
    out, _ = dataset
    pairs = _rows(out)
    first_seen = {}
    duplicates = 0
    by_reference = defaultdict(list)
    for truth, row in pairs:
        key = (truth["file"], row["reference_acte"])
        by_reference[key].append(truth)
        if truth["is_duplicate"] == "1":
            duplicates += 1
            original = first_seen[key]  # the original came first in the file
            assert original["is_duplicate"] == "0"
            assert "DOUBLON" in original["noise"]
            assert original["procedure"] == truth["procedure"]
            assert int(original["line"]) < int(truth["line"])
        else:
            first_seen.setdefault(key, truth)
    assert duplicates > 0
    assert all(len(group) <= 2 for group in by_reference.values())


def test_no_noise_at_rate_zero(tmp_path):
    result = generate(preset="93", years="2019", seed=4, scale=0.02, noise=0, out=tmp_path)
    truth = read(tmp_path / "truth.csv")
    assert len(truth) == result.rows > 0
    assert all(row["noise"] == "" and row["is_duplicate"] == "0" for row in truth)
