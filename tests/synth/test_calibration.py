"""Counting rows by type and year in the files (duplicates excluded through the truth
file) gives the preset's targets; rates within 2 points. Reduced scale: the tolerance is
the ±3 % bound plus 4 standard deviations of a count of that size."""

import json
import math
from collections import Counter

from prevex.synth.presets import load_preset

from .checks import SENDER_FILES, parse_date, read
from .conftest import SCALE

COUNTED = ("CDP", "ASSIGNATION", "CQL", "RFP", "EXPULSION")


def _file_counts(out):
    """(type_acte, year) → rows, from the files themselves, duplicates excluded."""
    duplicates = {
        (row["file"], int(row["line"]))
        for row in read(out / "truth.csv")
        if row["is_duplicate"] == "1"
    }
    counts, decisions = Counter(), Counter()
    for name in SENDER_FILES:
        for line, row in enumerate(read(out / name), start=2):
            if (name, line) in duplicates:
                continue
            year = parse_date(row["date_acte"]).year
            counts[(row["type_acte"], year)] += 1
            if row["type_acte"] == "CFP":
                counts[(f"CFP_{row['cfp_decision']}", year)] += 1
            if row["type_acte"] == "JUGEMENT":
                decisions[row["decision"]] += 1
                decisions["contradictoire"] += row["contradictoire"] == "OUI"
    return counts, decisions


def _count_tolerance(target: float) -> float:
    return 0.03 * target + 4 * math.sqrt(target)


def _rate_tolerance(rate: float, n: int) -> float:
    return 0.02 + 4 * math.sqrt(rate * (1 - rate) / n)


def test_counts_in_the_files_match_the_2019_targets(dataset):
    out, _ = dataset
    counts, _ = _file_counts(out)
    preset = load_preset("93")
    volumes = preset.table("volumes")
    targets = {name: volumes[name] * SCALE for name in COUNTED}
    targets["CFP_ACCORDE"] = volumes["CFP_ACCORDE"] * SCALE
    for name, target in targets.items():
        measured = counts[(name, 2019)]
        assert abs(measured - target) <= _count_tolerance(target), (name, measured, target)
    # Sanity: the CDP count is the published range's middle, not a count of something else.
    assert 12_000 * SCALE <= counts[("CDP", 2019)] <= 20_000 * SCALE
    assert counts[("RFP", 2019)] > counts[("CQL", 2019)]  # as published for 2019
    assert {year for _, year in counts} == {2019}


def test_decision_rates_in_the_files(dataset):
    out, _ = dataset
    _, decisions = _file_counts(out)
    judgments = sum(decisions[k] for k in ("FERME", "CONDITIONNELLE", "REJET", "RADIATION"))
    assert judgments > 0
    for key, rate in (("CONDITIONNELLE", 0.48), ("contradictoire", 0.39)):
        measured = decisions[key] / judgments
        assert abs(measured - rate) <= _rate_tolerance(rate, judgments), (key, measured)


def test_dsf_and_ccapex_in_the_truth_files(dataset):
    """DSF: share of the 2019 assignations (overall and private housing); CCAPEX: files
    examined in 2019 (dates in truth_procedures.csv, not rows of the import format)."""
    out, _ = dataset
    parc = {row["procedure"]: row for row in read(out / "truth_procedures.csv")}
    assigned = {"PRIVE": 0, "SOCIAL": 0}
    with_dsf = {"PRIVE": 0, "SOCIAL": 0}
    for row in read(out / "truth_events.csv"):
        if row["stage"] == "ASSIGNATION" and row["date"].startswith("2019"):
            procedure = parc[row["procedure"]]
            assigned[procedure["parc"]] += 1
            with_dsf[procedure["parc"]] += bool(procedure["dsf"])
    total = sum(assigned.values())
    dsf = sum(with_dsf.values()) / total
    private = with_dsf["PRIVE"] / assigned["PRIVE"]
    assert abs(dsf - 0.23) <= _rate_tolerance(0.23, total)
    assert abs(private - 0.11) <= _rate_tolerance(0.11, assigned["PRIVE"])
    examined = sum(1 for row in parc.values() if row["ccapex_examined_on"].startswith("2019"))
    assert abs(examined - 431 * SCALE) <= _count_tolerance(431 * SCALE)


def test_summary_gives_the_true_counts_of_the_files(dataset):
    out, result = dataset
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    counts, _ = _file_counts(out)
    for name in (*COUNTED, "IMPAYE", "SIGNALEMENT", "JUGEMENT", "CFP", "SAISINE_BAILLEUR_SOCIAL"):
        assert summary["counts"]["2019"][name] == counts[(name, 2019)], name
    assert summary["shortfalls"] == {}
    assert summary["targets"]["2019"]["CQL"] == round(3407 * SCALE)
    assert result.rows == sum(f["rows"] for f in summary["files"].values())


def test_the_preset_reproduces_the_cql_trend_2014_2019():
    preset = load_preset("93")
    series = [preset.national("CQL", year, 1.0) for year in range(2014, 2020)]
    assert series[-1] == 3407
    for before, after in zip(series, series[1:], strict=False):
        assert -0.05 <= after / before - 1 <= -0.044
