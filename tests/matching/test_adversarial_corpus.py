"""The independent matching corpus (bench/adversarial): deterministic, well formed, hard."""

import csv
import gzip
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from bench.adversarial import generate, senders
from bench.adversarial.world import PAIRED

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = ["type_acte", "date_acte", "locataire_nom", "locataire_prenom", "adresse", "code_postal"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("adv")
    generate.write(out, 400, 5)
    return out


def read(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def test_deterministic_for_a_seed_and_size(tmp_path, corpus):
    generate.write(tmp_path / "again", 400, 5)
    generate.write(tmp_path / "other", 400, 6)
    names = sorted(p.name for p in corpus.iterdir())
    assert names == sorted(p.name for p in (tmp_path / "again").iterdir())
    for name in names:
        assert (corpus / name).read_bytes() == (tmp_path / "again" / name).read_bytes()
    assert (corpus / "caf-93.csv").read_bytes() != (tmp_path / "other" / "caf-93.csv").read_bytes()


def test_truth_covers_every_row_and_household(corpus):
    truth = read(corpus / "truth.csv")
    households = read(corpus / "households.csv")
    assert len(households) == 400
    for sender in senders.SENDERS:
        rows = read(corpus / f"{sender.key}.csv")
        lines = {int(t["line"]) for t in truth if t["file"] == f"{sender.key}.csv"}
        assert lines == set(range(2, len(rows) + 2))
        sent = [t["sent_on"] for t in truth if t["file"] == f"{sender.key}.csv"]
        assert sent == sorted(sent)  # rows in sending order
        for row in rows:
            assert row["type_acte"] in sender.acts
            assert all(row[c].strip() for c in REQUIRED), row
    per_household = Counter(t["household"] for t in truth)
    assert set(per_household) == {h["household"] for h in households}
    assert min(per_household.values()) >= 2


def test_postcodes_and_insee_codes_are_real_93_ones(corpus):
    with gzip.open(ROOT / "prevex/core/data/territories.json.gz", "rt") as handle:
        data = json.load(handle)
    pairs = {(row[0], row[1]) for row in data["postal_codes"] if row[0].startswith("93")}
    for path in corpus.glob("*.csv"):
        if path.name in ("truth.csv", "households.csv", "critical_pairs.csv"):
            continue
        for row in read(path):
            assert any(code == row["code_postal"] for code, _ in pairs)
            if row["code_commune"]:
                assert (row["code_postal"], row["code_commune"]) in pairs


def test_families_and_critical_pairs(corpus):
    households = {h["household"]: h for h in read(corpus / "households.csv")}
    pairs = read(corpus / "critical_pairs.csv")
    assert {p["family"] for p in pairs} == PAIRED
    for pair in pairs:
        a, b = households[pair["household_a"]], households[pair["household_b"]]
        assert a["family"] == b["family"] == pair["family"]
        assert a["partner"] == b["household"]
    truth = read(corpus / "truth.csv")
    phases = defaultdict(set)
    for t in truth:
        if t["family"] == "demenagement":
            phases[t["household"]].add(t["phase"])
    assert phases and all(p == {"avant", "apres"} for p in phases.values())


def test_look_alikes_really_look_alike():
    world, rows = generate.build(300, 3)
    by_id = {h.hid: h for h in world.households}
    for a, b, family in world.critical:
        ha, hb = by_id[a], by_id[b]
        assert ha.holder.birth_last.canonical == hb.holder.birth_last.canonical
        commune = ha.phases[0].dwelling.commune.insee
        assert hb.phases[0].dwelling.commune.insee == commune
        if family == "jumeaux":
            assert ha.holder.birth_date == hb.holder.birth_date
            assert ha.holder.first.canonical != hb.holder.first.canonical
        if family in ("pere_fils", "homonymes_immeuble"):
            assert ha.holder.first.canonical == hb.holder.first.canonical
            assert ha.holder.birth_date != hb.holder.birth_date
    moved = [h for h in world.households if h.family == "demenagement"]
    assert all(h.phases[0].dwelling != h.phases[1].dwelling for h in moved)


def test_each_sender_has_its_habits(corpus):
    caf = read(corpus / "caf-93.csv")
    assert all(r["locataire_nom"] == r["locataire_nom"].upper() for r in caf)
    assert any(re.match(r"(BAT|BÂTIMENT|CITE|RESIDENCE)", r["adresse"].upper()) for r in caf)
    assert {"ST OUEN", "AULNAY", "EPINAY"} & {r["commune"] for r in caf}
    social = read(corpus / "bailleur-social-habitat93.csv")
    assert any(re.match(r"(M\.|MR|MME|Mme|Madame|Monsieur) ", r["locataire_nom"]) for r in social)
    association = read(corpus / "association.csv")
    months_first = [
        r
        for r in association
        if re.match(r"\d\d/(1[3-9]|2\d|3[01])/", r["locataire_date_naissance"])
    ]
    assert months_first
    assert sum(not r["locataire_date_naissance"] for r in association) > len(association) / 5
    bailiff = read(corpus / "commissaire-justice.csv")
    assert any("épouse" in r["locataire_nom"] for r in bailiff)


def test_scores_per_family_critical_pairs_and_moves():
    from bench.adversarial import score

    rows = [("A", None), ("A", None), ("B", None), ("C", None), ("C", None), ("D", None)]
    labels = [
        ("jumeaux", "", "caf-93"),
        ("jumeaux", "", "tribunal"),
        ("jumeaux", "", "caf-93"),
        ("demenagement", "avant", "caf-93"),
        ("demenagement", "apres", "association"),
        ("ordinaire", "", "caf-93"),
    ]
    corpus = score.Corpus(
        rows, labels, [("D", "ordinaire", "association", "x")], [("A", "B", "jumeaux")], ""
    )
    # A's two rows and B's row merged (a critical pair), C split by its move, D alone.
    assigned = [1, 1, 1, 2, 3, 4]
    families = score.per_family(assigned, corpus)
    assert families["jumeaux"]["false_pairs"] == 2
    assert families["jumeaux"]["precision"] == pytest.approx(1 / 3)
    assert families["jumeaux"]["recall"] == 1.0
    assert families["demenagement"]["recall"] == 0.0
    assert families["ordinaire"]["recall"] == 0.0  # its quarantined row lost the pair
    assert score.critical_merged(assigned, corpus)["jumeaux"] == (1, 1)
    assert score.moves_joined(assigned, corpus) == (0, 1)
    assert score.moves_joined([1, 1, 1, 2, 2, 4], corpus) == (1, 1)
    predicted, truth = score.with_quarantine(assigned, corpus)
    assert len(predicted) == len(truth) == 7
