"""Benchmark: the work list (« à faire », each organisation's home page) of a social-work
organisation involved in 5,000 open files, against a trivial view, on SQLite and
PostgreSQL.

Same machinery as bench/file_page.py (fresh database per engine, bench/_prepare.py with
``--work-list``, one server process, keep-alive client): the organisation's generated
tasks are written by the real jobs, plus one manual task for every second file. Then,
interleaved in the same run, N requests each of ``/sante/vivant/`` (no database, no template),
the work list ``/`` (the gate, the 200 most urgent tasks, the header's count) and its
filtered htmx fragment ``/?due=mois&mine=``. Prints p50 and p95 and the ratios to the
trivial view; ``--write-doc`` records them in docs/benchmarks.md.

Loopback only, bounded loops, every wait has a deadline: it stops by itself.
"""

from __future__ import annotations

import argparse
import datetime
import json
import subprocess
import sys
import time

import file_page as fp
from _engines import PG_ADMIN_URL, postgres_reachable, postgres_recreate, postgres_url

MARK_START, MARK_END = "<!-- work_list:start -->", "<!-- work_list:end -->"
KINDS = ("trivial", "list", "filtered")
PATHS = {"trivial": "/sante/vivant/", "list": "/", "filtered": "/?due=mois&kind=MANUELLE"}
LABELS = {
    "trivial": "vue triviale /sante/vivant/",
    "list": "liste « à faire » /",
    "filtered": "liste filtrée",
}
TARGET_RATIO, TARGET_MS = 5.0, 100.0
PG_BENCH_DB = "prevex_bench_work_list"


def measure(client: fp.Client, requests: int, seed: int) -> dict:
    import random

    rng = random.Random(seed)
    for _ in range(fp.WARMUP):
        for kind in KINDS:
            client.get(PATHS[kind])
    timings: dict[str, list[float]] = {kind: [] for kind in KINDS}
    deadline = time.monotonic() + fp.MEASURE_TIMEOUT
    for _ in range(requests):
        order = list(KINDS)
        rng.shuffle(order)
        for kind in order:
            timings[kind].append(client.get(PATHS[kind]))
        if time.monotonic() > deadline:
            break
    return {
        kind: {"n": len(v), "p50": fp.percentile(v, 0.5), "p95": fp.percentile(v, 0.95)}
        for kind, v in timings.items()
    }


def run_engine(name: str, url: str, args) -> dict:
    env = fp.engine_env(url)
    fp.say(f"\n== {name} : préparation ({args.households} ménages, {args.files} dossiers suivis)")
    started = time.monotonic()
    prepared = subprocess.run(
        [fp.PYTHON, str(fp.ROOT / "bench" / "_prepare.py"),
         "--households", str(args.households), "--work-list", str(args.files), "--sample", "10"],
        cwd=fp.ROOT, env=env, stdout=subprocess.PIPE, text=True, timeout=60 * 60, check=True,
    )  # fmt: skip
    data = json.loads(prepared.stdout.strip().splitlines()[-1])
    prep_seconds = time.monotonic() - started
    fp.say(f"  préparation terminée en {prep_seconds:.0f} s")
    server = fp.Server(env, fp.SQLITE_DIR / f"server-work-list-{name.lower()}.log")
    try:
        server.wait_ready()
        client = fp.Client(server.port, data["worker_session"])
        fp.say(f"  mesure : {args.requests} requêtes par page après {fp.WARMUP} d'échauffement")
        result = measure(client, args.requests, seed=11)
    finally:
        server.stop()
    return {"result": result, "households": data["total"], "prep_seconds": prep_seconds}


def verdict(result: dict) -> tuple[float, bool]:
    ratio = result["list"]["p95"] / result["trivial"]["p95"]
    return ratio, ratio <= TARGET_RATIO and result["list"]["p95"] < TARGET_MS


def report(name: str, run: dict, files: int) -> list[str]:
    result = run["result"]
    lines = [f"{name} — {run['households']} ménages, {files} dossiers ouverts suivis"]
    for kind in KINDS:
        x = result[kind]
        lines.append(
            f"  {LABELS[kind]:<22} p50 {x['p50']:7.1f} ms   p95 {x['p95']:7.1f} ms   (n={x['n']})"
        )
    ratio, ok = verdict(result)
    lines.append(
        f"  ratio p95 liste / vue triviale : {ratio:.2f} (cible ≤ {TARGET_RATIO:g} et p95 < "
        f"{TARGET_MS:g} ms : {'atteinte' if ok else 'NON atteinte'})"
    )
    return lines


def write_doc(runs: dict, skipped: dict, args) -> None:
    today = datetime.date.today().isoformat()
    rows = []
    for name, run in runs.items():
        res = run["result"]
        ratio, ok = verdict(res)
        rows.append(
            f"| {name} | {run['households']:,} | {args.files:,} | "
            f"{res['trivial']['p50']:.1f} / {res['trivial']['p95']:.1f} | "
            f"{res['list']['p50']:.1f} / {res['list']['p95']:.1f} | "
            f"{res['filtered']['p50']:.1f} / {res['filtered']['p95']:.1f} | "
            f"{ratio:.2f} ({'met' if ok else 'NOT met'}) | {run['prep_seconds']:.0f} s |"
        )
    notes = [f"- {name} skipped: {why}" for name, why in skipped.items()]
    section = "\n".join(
        [
            MARK_START,
            f"Last run: {today}, machine: {fp.machine()}, "
            f"`{' '.join(sys.argv[1:]) or 'defaults'}`, {args.requests} requests per page "
            f"(interleaved, after {fp.WARMUP} warm-up rounds). Target: work list p95 < "
            f"{TARGET_MS:g} ms and ≤ {TARGET_RATIO:g} × trivial p95.",
            "",
            "| engine | households | open files of the organisation | trivial p50 / p95 (ms) "
            "| work list p50 / p95 (ms) | filtered p50 / p95 (ms) | list p95 / trivial p95 "
            "| data generation |",
            "|---|---|---|---|---|---|---|---|",
            *rows,
            *([""] + notes if notes else []),
            MARK_END,
        ]
    )
    text = fp.DOC.read_text() if fp.DOC.exists() else "# Benchmarks\n"
    if MARK_START in text and MARK_END in text:
        before, rest = text.split(MARK_START, 1)
        text = before + section + rest.split(MARK_END, 1)[1]
    else:
        text = text.rstrip() + "\n\n## Work list (« à faire »)\n\n" + section + "\n"
    fp.DOC.write_text(text)
    fp.say(f"\nRésultats écrits dans {fp.DOC.relative_to(fp.ROOT)}.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=20_000, help="ménages générés")
    parser.add_argument("--files", type=int, default=5_000, help="dossiers ouverts suivis")
    parser.add_argument("--requests", type=int, default=300, help="requêtes mesurées par page")
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--write-doc", action="store_true")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--pg-database", default=PG_BENCH_DB)
    args, _ = parser.parse_known_args(argv)  # run_all passes every benchmark's options
    if args.households < 1 or args.requests < 1 or args.files < 1:
        parser.error("--households, --files et --requests doivent être positifs.")
    engines = [e.strip().lower() for e in args.engines.split(",") if e.strip()]
    runs, skipped = {}, {}
    fp.SQLITE_DIR.mkdir(parents=True, exist_ok=True)
    if "sqlite" in engines:
        url = fp._engines.sqlite_reset(fp.SQLITE_DIR / "bench-work-list.sqlite3")
        try:
            runs["SQLite"] = run_engine("SQLite", url, args)
        finally:
            if not args.keep:
                fp._engines.sqlite_reset(fp.SQLITE_DIR / "bench-work-list.sqlite3")
    if "postgresql" in engines:
        why = postgres_reachable()
        if why:
            skipped["PostgreSQL"] = f"unreachable at {PG_ADMIN_URL} ({why})"
        else:
            postgres_recreate(args.pg_database)
            try:
                runs["PostgreSQL"] = run_engine("PostgreSQL", postgres_url(args.pg_database), args)
            finally:
                if not args.keep:
                    postgres_recreate(args.pg_database, drop_only=True)
    fp.say("\n=== Liste « à faire » : résultats")
    for name, run in runs.items():
        fp.say("\n".join(report(name, run, args.files)))
    if args.write_doc and runs:
        write_doc(runs, skipped, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
