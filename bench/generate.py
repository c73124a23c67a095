"""Benchmark of the synthetic département generator (``prevex.synth``).

1. Throughput: the ``FR`` preset for one year in CSV (every notification file, truth files
   and summary), wall time, rows/s, peak memory (``resource.getrusage``, the main process
   and the largest worker), against a plain ``csv.writer`` writing the same number of
   rows of the same width in the same run.
2. Calibration: the ``93`` preset for 2019 at scale 1; rows counted by ``type_acte`` and
   year in the files (duplicates excluded through truth.csv), each target within ±3 %,
   each rate within ±2 points.

``--write-doc`` records the results in docs/benchmarks.md. Files go to var/bench/generate/
and are removed at the end (``--keep`` keeps them). Never run as a test.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import os
import resource
import shutil
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DOC = ROOT / "docs" / "benchmarks.md"
WORK = ROOT / "var" / "bench" / "generate"
MARK_START, MARK_END = "<!-- generate:start -->", "<!-- generate:end -->"
SENDER_FILES = ("bailleurs_sociaux.csv", "caf.csv", "commissaires_justice.csv",
                "prefecture.csv", "tribunal.csv")  # fmt: skip
TARGET_ROWS_PER_S, TARGET_MEMORY_MB = 20_000, 2048
# 93, 2019 [S93 « Chiffres clés », Annexe 6]; CDP: the middle of 12 000–20 000.
COUNT_TARGETS = {
    "CDP": 16_000, "ASSIGNATION": 5_788, "CQL": 3_407, "RFP": 3_522, "CFP_ACCORDE": 3_157,
    "EXPULSION": 2_192, "CCAPEX_EXAMEN": 431,
}  # fmt: skip
RATE_TARGETS = {"contradictoires": 0.39, "conditionnelles": 0.48, "dsf": 0.23, "dsf_prive": 0.11}


def say(message: str) -> None:
    print(message, flush=True)


def peak_mb() -> tuple[int, int]:
    """Peak resident memory (MiB) of this process and of the largest finished child."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    return own, children


def plain_writer(rows: int, path: Path) -> float:
    """Seconds for a bare ``csv.writer`` to write ``rows`` rows of 26 typical cells."""
    row = ["CDP", "2019-03-04", "CJ59-19-000123", "IMPAYES", "MARTIN", "Camille", "1980-05-17",
           "", "", "12 rue de la Paix", "59000", "Lille", "59350", "06 39 98 12 34", "",
           "SCI du Parc", "SCI_FAMILIALE", "PRIVE", "712.00", "80.00", "2345.67", "", "", "",
           "", ""]  # fmt: skip
    started = time.perf_counter()
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\n")
        for _ in range(rows):
            writer.writerow(row)
    return time.perf_counter() - started


def cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def throughput(args) -> dict:
    """The FR run, ``--repeat`` times (the best wall time is kept: the machine's 2 cores
    may be shared with other work; the CPU time and the load average say how much)."""
    from prevex.synth.api import generate

    out = WORK / "FR"
    runs = []
    for attempt in range(1, args.repeat + 1):
        shutil.rmtree(out, ignore_errors=True)
        load = os.getloadavg()[0]
        say(f"FR {args.year}, échelle {args.scale}, {args.workers or 'auto'} processus "
            f"(essai {attempt}, charge {load:.1f})…")  # fmt: skip
        cpu, started = cpu_seconds(), time.perf_counter()
        result = generate(preset="FR", years=str(args.year), seed=args.seed, scale=args.scale,
                          out=out, workers=args.workers)  # fmt: skip
        seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
        runs.append({"seconds": seconds, "cpu": cpu, "load": load})
        say(f"  {result.rows:,} lignes en {seconds:.1f} s ({result.rows / seconds:,.0f} "
            f"lignes/s ; {cpu:.0f} s de CPU)")  # fmt: skip
    best = min(runs, key=lambda run: run["seconds"])
    own, child = peak_mb()
    size = sum(f.stat().st_size for f in out.iterdir()) // 2**20
    baseline = plain_writer(result.rows, WORK / "plain.csv")
    (WORK / "plain.csv").unlink()
    found = {
        "rows": result.rows,
        "seconds": best["seconds"],
        "cpu": best["cpu"],
        "load": best["load"],
        "runs": runs,
        "rate": result.rows / best["seconds"],
        "plain_rate": result.rows / baseline,
        "memory_main": own,
        "memory_worker": child,
        "size_mb": size,
        "shortfalls": result.summary["shortfalls"],
        "workers": args.workers or min(2, os.cpu_count() or 1),
    }
    found["ratio"] = found["plain_rate"] / found["rate"]
    say(f"  meilleur : {found['rate']:,.0f} lignes/s (csv.writer seul : "
        f"{found['plain_rate']:,.0f} lignes/s, {found['ratio']:.1f} × plus rapide) ; mémoire "
        f"max {own} Mo (principal), {child} Mo (processus de travail) ; {size} Mo de "
        "fichiers")  # fmt: skip
    if not args.keep:
        shutil.rmtree(out, ignore_errors=True)
    return found


def _read(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def _year(text: str) -> int:
    return int(text[-4:]) if "/" in text else int(text[:4])


def calibration(args) -> list[dict]:
    from prevex.synth.api import generate

    out = WORK / "93"
    shutil.rmtree(out, ignore_errors=True)
    say("93 2019, échelle 1 : contrôle de calibration…")
    generate(preset="93", years="2019", seed=args.seed, scale=1.0, out=out)
    duplicates = {
        (r["file"], r["line"]) for r in _read(out / "truth.csv") if r["is_duplicate"] == "1"
    }
    counts, judgments = Counter(), Counter()
    for name in SENDER_FILES:
        for line, row in enumerate(_read(out / name), start=2):
            if (name, str(line)) in duplicates or _year(row["date_acte"]) != 2019:
                continue
            counts[row["type_acte"]] += 1
            if row["type_acte"] == "CFP":
                counts[f"CFP_{row['cfp_decision']}"] += 1
            if row["type_acte"] == "JUGEMENT":
                judgments[row["decision"]] += 1
                judgments["OUI"] += row["contradictoire"] == "OUI"
    procedures = {r["procedure"]: r for r in _read(out / "truth_procedures.csv")}
    counts["CCAPEX_EXAMEN"] = sum(
        r["ccapex_examined_on"][:4] == "2019" for r in procedures.values()
    )
    assigned, with_dsf = Counter(), Counter()
    for row in _read(out / "truth_events.csv"):
        if row["stage"] == "ASSIGNATION" and row["date"][:4] == "2019":
            procedure = procedures[row["procedure"]]
            assigned[procedure["parc"]] += 1
            with_dsf[procedure["parc"]] += bool(procedure["dsf"])
    total = counts["JUGEMENT"]
    measured_rates = {
        "contradictoires": judgments["OUI"] / total,
        "conditionnelles": judgments["CONDITIONNELLE"] / total,
        "dsf": sum(with_dsf.values()) / sum(assigned.values()),
        "dsf_prive": with_dsf["PRIVE"] / assigned["PRIVE"],
    }
    lines = []
    for name, target in COUNT_TARGETS.items():
        value = counts[name]
        gap = value / target - 1
        lines.append({"figure": name, "target": f"{target:,}", "measured": f"{value:,}",
                      "gap": f"{gap:+.1%}", "ok": abs(gap) <= 0.03})  # fmt: skip
    for name, target in RATE_TARGETS.items():
        value = measured_rates[name]
        gap = (value - target) * 100
        lines.append({"figure": name, "target": f"{target:.0%}", "measured": f"{value:.1%}",
                      "gap": f"{gap:+.1f} pt", "ok": abs(gap) <= 2})  # fmt: skip
    for line in lines:
        say(f"  {line['figure']:<16} cible {line['target']:>8}  mesuré {line['measured']:>8}  "
            f"écart {line['gap']:>8}  {'OK' if line['ok'] else 'HORS TOLÉRANCE'}")  # fmt: skip
    if not args.keep:
        shutil.rmtree(out, ignore_errors=True)
    return lines


def write_doc(found: dict | None, lines: list[dict], args) -> None:
    today = datetime.date.today().isoformat()
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    text = [
        f"Last run: {today}, machine: {os.cpu_count()} cores / {memory:.0f} GiB, "
        "`bench/generate.py --write-doc`."
    ]
    if found:
        ok = (
            found["rate"] >= TARGET_ROWS_PER_S
            and max(found["memory_main"], found["memory_worker"]) < TARGET_MEMORY_MB
        )
        text += [
            "",
            "| preset | rows | time (best of "
            f"{len(found['runs'])}) | rows/s | CPU time | load avg. | plain `csv.writer` rows/s "
            "| ratio | peak RSS (main / worker) | files | target met |",
            "|---|---|---|---|---|---|---|---|---|---|---|",
            f"| FR {args.year}, {found['workers']} processes | {found['rows']:,} | "
            f"{found['seconds']:.1f} s | {found['rate']:,.0f} | {found['cpu']:.0f} s | "
            f"{found['load']:.1f} | {found['plain_rate']:,.0f} | {found['ratio']:.1f} × | "
            f"{found['memory_main']} / {found['memory_worker']} MiB | {found['size_mb']} MiB | "
            f"{'yes' if ok else 'no'} |",
            "",
            "All runs: "
            + "; ".join(
                f"{run['seconds']:.1f} s ({found['rows'] / run['seconds']:,.0f} rows/s, "
                f"CPU {run['cpu']:.0f} s, load {run['load']:.1f})"
                for run in found["runs"]
            )
            + ".",
        ]
    if lines:
        text += [
            "",
            "| 93, 2019 | target | measured | gap | within tolerance |",
            "|---|---|---|---|---|",
        ]
        text += [
            f"| {x['figure']} | {x['target']} | {x['measured']} | {x['gap']} | "
            f"{'yes' if x['ok'] else 'no'} |"
            for x in lines
        ]
    doc = DOC.read_text(encoding="utf-8")
    if MARK_START not in doc:
        say("docs/benchmarks.md n'a pas la section du générateur : rien d'écrit.")
        return
    head, rest = doc.split(MARK_START, 1)
    _, tail = rest.split(MARK_END, 1)
    DOC.write_text(
        f"{head}{MARK_START}\n" + "\n".join(text) + f"\n{MARK_END}{tail}", encoding="utf-8"
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=2019)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--scale", type=float, default=1.0, help="échelle du preset FR")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=2, help="essais du débit (le meilleur)")
    parser.add_argument("--skip-throughput", action="store_true")
    parser.add_argument("--skip-calibration", action="store_true")
    parser.add_argument("--keep", action="store_true", help="garder les fichiers produits")
    parser.add_argument("--write-doc", action="store_true")
    args, _unknown = parser.parse_known_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prevex.settings.dev")  # no database used
    import django

    django.setup()
    WORK.mkdir(parents=True, exist_ok=True)
    found = None if args.skip_throughput else throughput(args)
    lines = [] if args.skip_calibration else calibration(args)
    if args.write_doc:
        write_doc(found, lines, args)
    status = 0
    if found and (found["rate"] < TARGET_ROWS_PER_S
                  or max(found["memory_main"], found["memory_worker"]) >= TARGET_MEMORY_MB):  # fmt: skip
        status = 1
    if any(not line["ok"] for line in lines):
        status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
