"""Benchmark: importing 100,000 notification rows (validation, matching, storage).

For each engine — SQLite (file under ``var/bench/``) and PostgreSQL (database
``prevex_bench_import`` at 127.0.0.1:5432, created and dropped here; skipped with a
notice when unreachable) — a worker process (this file with ``--worker``, production
settings ``prevex.settings.bench``):

1. migrates, loads the territories of the 93, creates the sender organisations;
2. imports the notification files one after the other with ``prevex.intake.services.
   file_import`` — exactly what ``prevex import FILE --source ORG`` does (one
   transaction per file) — and times it;
3. in the same run, inserts the same rows into a plain table of the same width (26
   text columns) with ``executemany`` in one transaction: the raw bulk insert the import
   is compared with;
4. on PostgreSQL, the second reference: **the writes alone**. Every row the import
   wrote (every table empty before it: households, members, keys, procedures, acts,
   involvements, history, matching journal, import rows, review items…) is copied out,
   then written again with ``COPY`` into empty clones of those tables (``LIKE …
   INCLUDING ALL``: the same columns, defaults, checks and indexes; no foreign keys) in
   one transaction, and timed. No import that writes what this one writes can go
   faster than that on this database and this machine: the import's own work is what
   lies between the two;
5. reports rows/s, the ratios to both references, the statuses and the peak memory of
   the worker (``resource.getrusage``, maximum resident set size).

The rows come from the generator (``manage.py generate --preset 93``, prevex/synth)
when it is installed and gives enough rows, else from bench's own row generator
(bench/_import_rows.py: same columns, same kinds of noise); the report says which.

Targets: 100,000 rows in < 60 s on PostgreSQL (≥ 1,700 rows/s); < 1 GB of memory.
``--write-doc`` records the results in docs/benchmarks.md. Loopback only; stops by itself.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import _engines
from _engines import postgres_reachable, postgres_recreate, postgres_url
from _import_pg import _dump, _empty, _writes_alone
from _import_rows import COLUMNS, SENDERS, WORK, generator_files, own_rows, say, write_files

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PG_DB = "prevex_bench_import"
DOC = ROOT / "docs" / "benchmarks.md"
MARK_START, MARK_END = "<!-- import:start -->", "<!-- import:end -->"
TARGET_SECONDS, TARGET_MB = 60.0, 1024
WORKER_TIMEOUT = 60 * 60


# --------------------------------------------------------------------------- worker


def worker(args) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prevex.settings.bench")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from prevex.accounts.models import Organisation
    from prevex.core.territories import load_territories
    from prevex.intake.models import ImportRow
    from prevex.intake.services import file_import

    if args.server_binding and connection.vendor == "postgresql":
        connection.close()  # the worker's own connection only (measured against the default)
        connection.settings_dict.setdefault("OPTIONS", {})["server_side_binding"] = True
    call_command("migrate", verbosity=0, interactive=False)
    load_territories(departements=["93"])
    organisations = {}
    for name, (org_type, slug, _) in SENDERS.items():
        organisations[name], _ = Organisation.objects.get_or_create(
            slug=slug, defaults={"type": org_type, "name": slug, "departement_id": "93"}
        )
    files = json.loads(args.files)
    profile = _SqlProfile() if args.sql_profile else None
    if profile:
        connection.execute_wrappers.append(profile)
    empty_before = [t for t in connection.introspection.table_names() if _empty(connection, t)]
    cpu = None
    if args.cpu_profile:
        import cProfile

        # PREVEX_BENCH_PROFILE_CPU=1: the profile counts CPU time, not wall time (the
        # waits on the database, and on a busy machine's other work, left out)
        timer = (time.process_time,) if os.environ.get("PREVEX_BENCH_PROFILE_CPU") else ()
        cpu = cProfile.Profile(*timer)
        cpu.enable()
    cpu_before = time.process_time()
    started = time.perf_counter()
    totals: dict[str, int] = {}
    for name, path, _ in files:
        sender = next((s for s in SENDERS if name.endswith(s)), "commissaires_justice")
        source = organisations[sender]
        t0 = time.perf_counter()
        batch = file_import(
            source=source, content=Path(path).read_bytes(), filename=Path(path).name, by=None
        )
        for key, value in batch.summary.items():
            totals[key] = totals.get(key, 0) + value
        if batch.status != "TERMINE" or len(files) <= 12:
            print(
                f"  {Path(path).name} : {batch.lus} lignes en {time.perf_counter() - t0:.1f} s "
                f"({batch.status} {batch.error})",
                file=sys.stderr,
                flush=True,
            )
    import_seconds = time.perf_counter() - started
    import_cpu = time.process_time() - cpu_before
    if cpu:
        import pstats

        cpu.disable()
        if os.environ.get("PREVEX_BENCH_PROFILE_FILE"):
            cpu.dump_stats(os.environ["PREVEX_BENCH_PROFILE_FILE"])
        stats = pstats.Stats(cpu, stream=sys.stderr).strip_dirs()
        stats.sort_stats("tottime").print_stats(30)
        stats.sort_stats("cumulative").print_stats(45)
    if profile:
        connection.execute_wrappers.remove(profile)
        profile.report(import_seconds)
    if os.environ.get("PREVEX_BENCH_DUMP") and connection.vendor == "postgresql":
        _dump(connection, empty_before, Path(os.environ["PREVEX_BENCH_DUMP"]))
    # The raw bulk insert of the same rows, same width, same run.
    rows = []
    for _, path, _ in files:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle, delimiter=";")
            rows.extend(tuple(r.get(c) or "" for c in COLUMNS) for r in reader)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_raw_rows")
        columns = ", ".join(f"{c} TEXT" for c in COLUMNS)
        key = (
            "BIGSERIAL PRIMARY KEY" if connection.vendor == "postgresql" else "INTEGER PRIMARY KEY"
        )
        cursor.execute(f"CREATE TABLE bench_raw_rows (id {key}, {columns})")
    started = time.perf_counter()
    placeholders = ", ".join(["%s"] * len(COLUMNS))
    sql = f"INSERT INTO bench_raw_rows ({', '.join(COLUMNS)}) VALUES ({placeholders})"
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])
    raw_seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # before the floor
    floor = _writes_alone(connection, empty_before) if connection.vendor == "postgresql" else {}
    print(
        json.dumps(
            {
                "rows": totals.get("lus", 0),
                "import_seconds": import_seconds,
                "import_cpu": import_cpu,
                "raw_rows": len(rows),
                "raw_seconds": raw_seconds,
                "peak_mb": peak_mb,
                "summary": totals,
                "stored_rows": ImportRow.objects.count(),
                **floor,
            }
        )
    )


class _SqlProfile:
    """``--sql-profile``: the time of every statement the import sends through Django's
    cursors (not the ``COPY`` helpers), summed by statement shape (first words, table
    names kept, values dropped) and printed to stderr, longest first."""

    def __init__(self):
        self.seconds: dict[str, float] = {}
        self.calls: dict[str, int] = {}

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            shape = " ".join(str(sql).split())[:110] + (" [many]" if many else "")
            self.seconds[shape] = self.seconds.get(shape, 0.0) + time.perf_counter() - started
            self.calls[shape] = self.calls.get(shape, 0) + 1

    def report(self, wall: float) -> None:
        total = sum(self.seconds.values())
        print(f"  SQL (hors COPY) : {total:.1f} s sur {wall:.1f} s d'import", file=sys.stderr)
        for shape, seconds in sorted(self.seconds.items(), key=lambda i: -i[1])[:25]:
            print(f"  {seconds:7.2f} s {self.calls[shape]:7d}×  {shape}", file=sys.stderr)


# --------------------------------------------------------------------------- parent


def sqlite_reset() -> str:
    return _engines.sqlite_reset(WORK / "import.sqlite3")


def run_engine(
    name: str,
    url: str,
    files,
    *,
    server_binding: bool = False,
    sql_profile: bool = False,
    cpu_profile: bool = False,
) -> dict:
    env = dict(
        os.environ,
        PREVEX_DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="prevex.settings.bench",
        PYTHONUNBUFFERED="1",
    )
    say(f"\n== {name}")
    done = subprocess.run(
        [PYTHON, str(Path(__file__).resolve()), "--worker", "--files",
         json.dumps([(n, str(p), c) for n, p, c in files]),
         *(["--server-binding"] if server_binding else []),
         *(["--sql-profile"] if sql_profile else []),
         *(["--cpu-profile"] if cpu_profile else [])],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True, timeout=WORKER_TIMEOUT,
        check=True,
    )  # fmt: skip
    result = json.loads(done.stdout.strip().splitlines()[-1])
    rate = result["rows"] / result["import_seconds"]
    raw_rate = result["raw_rows"] / result["raw_seconds"]
    result.update(rate=rate, raw_rate=raw_rate, ratio=raw_rate / rate)
    say(
        f"  import : {result['rows']} lignes en {result['import_seconds']:.1f} s "
        f"({rate:,.0f} lignes/s, dont {result['import_cpu']:.1f} s de calcul Python) ; insertion brute : {raw_rate:,.0f} lignes/s "
        f"(×{result['ratio']:.0f}) ; mémoire maximale {result['peak_mb']:.0f} Mo".replace(",", " ")
    )
    if "floor_seconds" in result:
        result["floor_rate"] = result["rows"] / result["floor_seconds"]
        say(
            f"  écritures seules (COPY des {result['floor_rows']:_} lignes écrites par l'import, "
            f"{result['floor_tables']} tables, avec leurs index) : {result['floor_seconds']:.1f} s, "
            f"soit au plus {result['floor_rate']:_.0f} lignes importées/s".replace("_", " ")
        )
        tables = ", ".join(f"{t} {n:_}" for t, n in result.get("floor_per_table", {}).items())
        say(f"    par table : {tables}".replace("_", " "))
    say(f"  statuts : {result['summary']}")
    return result


def report(results: dict, source: str, total: int) -> str:
    today = datetime.date.today().strftime("%d/%m/%Y")
    lines = [
        f"Run of {today}: {total:,} rows from {source}.".replace(
            f"{total:,}", f"{total:_}"
        ).replace("_", " "),
        "",
        "| engine | rows | import (wall) | of which Python CPU | rows/s | raw insert rows/s "
        "| raw ÷ import | writes alone rows/s | writes alone ÷ import | peak memory | target |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, r in results.items():
        if "skipped" in r:
            lines.append(f"| {name} | — | skipped: {r['skipped']} | | | | | | | | |")
            continue
        per_100k = r["import_seconds"] * 100_000 / max(r["rows"], 1)
        memory_ok = r["peak_mb"] < TARGET_MB
        if name == "PostgreSQL":
            target = "met" if per_100k < TARGET_SECONDS and memory_ok else "**missed**"
        else:
            target = "memory met (no time target)" if memory_ok else "**memory missed**"
        floor = "— | —"
        if "floor_rate" in r:
            floor = f"{r['floor_rate']:,.0f} | {r['floor_rate'] / r['rate']:.1f}"
        lines.append(
            f"| {name} | {r['rows']:,} | {r['import_seconds']:.1f} s | {r['import_cpu']:.1f} s "
            f"| {r['rate']:,.0f} | {r['raw_rate']:,.0f} | {r['ratio']:.0f} | {floor} "
            f"| {r['peak_mb']:.0f} MB | {target} |".replace(",", " ")
        )
    summaries = {n: r["summary"] for n, r in results.items() if "summary" in r}
    if summaries:
        lines += ["", f"Row statuses: {json.dumps(summaries, ensure_ascii=False)}"]
    return "\n".join(lines)


def write_doc(text: str) -> None:
    content = DOC.read_text(encoding="utf-8")
    if MARK_START not in content:
        return
    before, rest = content.split(MARK_START, 1)
    after = rest.split(MARK_END, 1)[1]
    DOC.write_text(f"{before}{MARK_START}\n{text}\n{MARK_END}{after}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--own-rows", action="store_true", help="ne pas utiliser le générateur")
    parser.add_argument("--write-doc", action="store_true")
    parser.add_argument(
        "--pg-database", default=PG_DB, help="base PostgreSQL (créée puis supprimée ici)"
    )
    parser.add_argument(
        "--server-binding",
        action="store_true",
        help="PostgreSQL : paramètres liés côté serveur (server_side_binding) pour l'import",
    )
    parser.add_argument(
        "--sql-profile",
        action="store_true",
        help="temps de chaque forme de requête SQL de l'import (sur la sortie d'erreur)",
    )
    parser.add_argument(
        "--cpu-profile",
        action="store_true",
        help=(
            "profil Python (cProfile) de l'import, sur la sortie d'erreur (le ralentit) ; "
            "PREVEX_BENCH_PROFILE_FILE=chemin y écrit aussi le profil brut (pstats)"
        ),
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--files", help=argparse.SUPPRESS)
    args, _ = parser.parse_known_args(argv)
    if args.worker:
        worker(args)
        return 0
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prevex.settings.bench")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from prevex.core.territories import read_dataset

    files = None if args.own_rows else generator_files(args.rows, args.seed)
    source = "the generator (`manage.py generate --preset 93 --years 2019`), split by month sent"
    if files is None:
        data = read_dataset()
        communes = {c[0]: c[1] for c in data["communes"] if c[2] == "93"}
        postcodes = [(insee, communes[insee], code) for code, insee, _ in data["postal_codes"]
                     if insee in communes]  # fmt: skip
        rows = own_rows(args.rows, args.seed, sorted(set(postcodes)), datetime.date.today())
        files = write_files(rows)
        source = "bench/import.py's own row generator (the generator was not available)"
    total = sum(n for _, _, n in files)
    say(f"{total} lignes, {len(files)} fichiers ({source})")
    results = {}
    engines = [e.strip() for e in args.engines.split(",")]
    if "sqlite" in engines:
        results["SQLite"] = run_engine(
            "SQLite",
            sqlite_reset(),
            files,
            sql_profile=args.sql_profile,
            cpu_profile=args.cpu_profile,
        )
    if "postgresql" in engines:
        why = postgres_reachable()
        if why:
            say(f"\n== PostgreSQL : ignoré ({why})")
            results["PostgreSQL"] = {"skipped": why}
        else:
            database = args.pg_database
            postgres_recreate(database)
            try:
                results["PostgreSQL"] = run_engine(
                    "PostgreSQL",
                    postgres_url(database),
                    files,
                    server_binding=args.server_binding,
                    sql_profile=args.sql_profile,
                    cpu_profile=args.cpu_profile,
                )
            finally:
                postgres_recreate(database, drop_only=True)
    text = report(results, source, total)
    say("\n" + text)
    if args.write_doc:
        write_doc(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
