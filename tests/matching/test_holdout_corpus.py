"""The holdout matching corpus (bench/holdout): deterministic, well formed, and scored by
the same code as the independent corpus (``bench/matching.py --corpus holdout``)."""

import csv
from collections import Counter
from pathlib import Path

import pytest

from bench.adversarial.world import FAMILIES, PAIRED
from bench.holdout import check
from bench.holdout.generate import generate


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("holdout")
    generate(out, 300, 4)
    return out


def read(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def test_deterministic_for_a_seed_and_size(tmp_path, corpus):
    generate(tmp_path / "again", 300, 4)
    generate(tmp_path / "other", 300, 5)
    names = sorted(p.name for p in corpus.iterdir())
    assert names == sorted(p.name for p in (tmp_path / "again").iterdir())
    for name in names:
        assert (corpus / name).read_bytes() == (tmp_path / "again" / name).read_bytes()
    assert (corpus / "caf.csv").read_bytes() != (tmp_path / "other" / "caf.csv").read_bytes()


def test_its_own_checks_pass(corpus):
    assert check.main([str(corpus)]) == 0


def test_truth_maps_every_row_and_uses_the_scored_families(corpus):
    truth = read(corpus / "truth.csv")
    seen = Counter()
    for path in corpus.glob("*.csv"):
        if path.name in ("truth.csv", "households.csv", "critical_pairs.csv"):
            continue
        lines = {int(t["line"]) for t in truth if t["file"] == path.name}
        assert lines == set(range(2, len(read(path)) + 2)), path.name
        seen[path.name] += 1
    assert len(seen) >= 7  # senders
    households = {h["household"]: h["family"] for h in read(corpus / "households.csv")}
    assert set(households.values()) <= set(FAMILIES)
    for pair in read(corpus / "critical_pairs.csv"):
        assert pair["family"] in PAIRED
        assert households[pair["household_a"]] == households[pair["household_b"]] == pair["family"]
