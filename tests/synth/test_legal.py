"""No act of the truth data breaks a legal minimum of the rules engine, no eviction falls
in a winter truce; the truth files agree with the notification files."""

from prevex.synth.api import generate
from prevex.synth.legal import rulebook_from_data

from .checks import SENDER_FILES, legal_problems, parse_date, read, true_events


def _problems(out):
    rules = rulebook_from_data("93")
    grounds = {row["procedure"]: row["ground"] for row in read(out / "truth_procedures.csv")}
    problems = []
    for procedure, events in true_events(out).items():
        problems += [f"{procedure} {p}" for p in legal_problems(events, grounds[procedure], rules)]
    return problems


def test_every_procedure_is_lawful(dataset):
    out, _ = dataset
    assert _problems(out) == []


def test_lawful_across_the_2023_reform_and_evictions_outside_the_truce(tmp_path):
    generate(preset="93", years="2022-2024", seed=3, scale=0.05, out=tmp_path)
    assert _problems(tmp_path) == []
    evictions = [
        parse_date(row["date_acte"])
        for row in read(tmp_path / "prefecture.csv")
        if row["type_acte"] == "EXPULSION"
    ]
    assert evictions and all(4 <= day.month <= 10 for day in evictions)
    months = [day.month for day in evictions]
    assert sum(m in (4, 5, 6) for m in months) > sum(m in (8, 9, 10) for m in months)
    # the 6-week delays of loi 2023-668 are used after its entry into force
    events = true_events(tmp_path)
    short = 0
    for procedure in events.values():
        stages = {e.stage: e for e in procedure}
        cdp, assignation = stages.get("CDP"), stages.get("ASSIGNATION")
        if cdp and assignation and cdp.date.year == 2024:
            short += (assignation.date - cdp.date).days < 59
    assert short > 0


def test_truth_rows_point_at_true_acts(dataset):
    out, _ = dataset
    references = {
        (e.reference, e.stage, e.date.isoformat())
        for events in true_events(out).values()
        for e in events
    }
    truth = read(out / "truth.csv")
    by_line = {(row["file"], int(row["line"])): row for row in truth}
    for name in SENDER_FILES:
        for line, row in enumerate(read(out / name), start=2):
            true = by_line[(name, line)]
            assert row["type_acte"] == true["type_acte"]
            assert parse_date(row["date_acte"]).isoformat() == true["date_acte"]
            assert row["reference_acte"] == true["reference_acte"]
            assert (true["reference_acte"], true["type_acte"], true["date_acte"]) in references
    assert len(by_line) == len(truth)
