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
when it is installed and gives enough rows, else from the row generator below (same
columns, same kinds of noise); the report says which.

Targets: 100,000 rows in < 60 s on PostgreSQL (≥ 1,700 rows/s); < 1 GB of memory.
``--write-doc`` records the results in docs/benchmarks.md. Loopback only; stops by itself.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

import _engines
from _engines import postgres_reachable, postgres_recreate, postgres_url

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PG_DB = "prevex_bench_import"
WORK = ROOT / "var" / "bench" / "import"
DOC = ROOT / "docs" / "benchmarks.md"
MARK_START, MARK_END = "<!-- import:start -->", "<!-- import:end -->"
TARGET_SECONDS, TARGET_MB = 60.0, 1024
WORKER_TIMEOUT = 60 * 60
SENDERS = {  # file → (organisation type, slug, acts it sends in bench's own rows)
    "caf": ("CAF", "bench-caf-93", ("IMPAYE", "SIGNALEMENT")),
    "commissaires_justice": ("COMMISSAIRE_JUSTICE", "bench-cj-93", ("CDP", "ASSIGNATION", "CQL")),
    "bailleurs_sociaux": ("BAILLEUR_SOCIAL", "bench-bs-93", ()),
    "tribunal": ("TRIBUNAL", "bench-tj-93", ("JUGEMENT",)),
    "prefecture": ("PREFECTURE", "bench-pref-93", ("RFP", "CFP", "EXPULSION")),
}
COLUMNS = [
    "type_acte", "date_acte", "reference_acte", "motif", "locataire_nom", "locataire_prenom",
    "locataire_date_naissance", "cotitulaire_nom", "cotitulaire_prenom", "adresse",
    "code_postal", "commune", "code_commune", "telephone", "email", "bailleur_nom",
    "bailleur_type", "parc", "loyer_mensuel", "charges_mensuelles", "montant_dette",
    "date_audience", "decision", "contradictoire", "cfp_decision", "observations",
]  # fmt: skip


def say(message: str) -> None:
    print(message, flush=True)


# --------------------------------------------------------------------------- rows


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 4:
        return text
    i = rng.randrange(1, len(text) - 2)
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def _fold(text: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


ABBREVIATIONS = {"rue": "r", "avenue": "av", "boulevard": "bd", "place": "pl", "allée": "all"}


def _noisy(rng: random.Random, person: dict, rate: float) -> dict:
    p = dict(person)
    if rng.random() < rate:
        p["last"] = p["last"].upper()
    if rng.random() < rate:
        p["last"], p["first"] = _fold(p["last"]), _fold(p["first"])
    if rng.random() < rate / 2:
        p["last"] = _typo(rng, p["last"])
    if rng.random() < rate / 3:
        p["last"], p["first"] = p["first"], p["last"]
    if rng.random() < rate:
        p["birth"] = ""
    if rng.random() < rate:
        street = p["street"].split(" ", 1)
        p["street"] = f"{ABBREVIATIONS.get(street[0], street[0])} {street[1]}"
    return p


def own_rows(total: int, seed: int, communes: list[tuple[str, str, str]], today) -> dict:
    """Notification rows of ≈ total/2.5 households, one file per sender and per month
    (as partners send their monthly lists), with noise on names and addresses and
    ≈ 1 % of bad rows. Files are named ``AAAA-MM-sender`` and imported in that order."""
    from faker import Faker

    rng = random.Random(seed)
    fake = Faker("fr_FR")
    fake.seed_instance(seed)
    last_names = list({fake.last_name() for _ in range(6000)})
    first_names = list({fake.first_name() for _ in range(3000)})
    streets = list({fake.street_name() for _ in range(1500)})
    streets = [s for s in streets if s.split(" ", 1)[0].lower() in ABBREVIATIONS] or streets
    plan = ["IMPAYE", "CDP", "ASSIGNATION", "JUGEMENT", "CQL", "RFP", "CFP", "EXPULSION"]
    files: dict[str, list[dict]] = {}
    sender_of = {act: name for name, (_, _, acts) in SENDERS.items() for act in acts}
    count, household = 0, 0
    while count < total:
        household += 1
        insee, name, postcode = rng.choice(communes)
        person = {
            "last": rng.choice(last_names),
            "first": rng.choice(first_names),
            "birth": f"{rng.randint(1945, 2002)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "street": f"{rng.randint(1, 180)} {rng.choice(streets).lower()}",
        }
        rent = rng.randint(350, 1100)
        day = today - datetime.timedelta(days=rng.randint(400, 2400))
        start = rng.choice([0, 0, 1, 2])
        length = min(len(plan) - start, rng.choice([1, 2, 2, 3, 3, 4, 5]))
        debt = rent * rng.randint(2, 6)
        for act in plan[start : start + length]:
            if day >= today:
                break
            p = _noisy(rng, person, 0.08)
            row = dict.fromkeys(COLUMNS, "")
            row.update(
                type_acte=act,
                date_acte=day.strftime("%d/%m/%Y") if rng.random() < 0.5 else day.isoformat(),
                reference_acte=f"{sender_of[act][:3].upper()}-{household}-{act}",
                locataire_nom=p["last"],
                locataire_prenom=p["first"],
                locataire_date_naissance=p["birth"],
                adresse=p["street"],
                code_postal=postcode,
                commune=name,
                loyer_mensuel=str(rent),
                montant_dette=f"{debt:,}".replace(",", " ") + ",00 €",
                bailleur_type="PERSONNE_PHYSIQUE",
            )
            if act == "ASSIGNATION":
                row["date_audience"] = (day + datetime.timedelta(days=150)).isoformat()
            if act == "JUGEMENT":
                row.update(decision="FERME", contradictoire=rng.choice(["OUI", "NON"]))
            if act == "CFP":
                row["cfp_decision"] = "ACCORDE"
            if rng.random() < 0.01:  # a bad row: impossible date, negative amount…
                row.update(rng.choice([{"date_acte": "31/02/2023"}, {"montant_dette": "-12"}]))
            order = list(SENDERS).index(sender_of[act])
            files.setdefault(f"{day:%Y-%m}-{order}-{sender_of[act]}", []).append(row)
            count += 1
            debt += rent * rng.randint(0, 2)
            day += datetime.timedelta(days=rng.randint(45, 200))
            if act == "EXPULSION" and rng.random() < 0.5:
                break
    for rows in files.values():
        rows.sort(key=lambda r: _iso(r["date_acte"]))
    return dict(sorted(files.items()))


def _iso(value: str) -> str:
    if "/" in value:
        d, m, y = value.split("/")
        return f"{y}-{m}-{d}"
    return value


def write_files(files: dict[str, list[dict]]) -> list[tuple[str, Path, int]]:
    WORK.mkdir(parents=True, exist_ok=True)
    for old in WORK.glob("*.csv"):
        old.unlink()
    out = []
    for name, rows in files.items():
        path = WORK / f"{name}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, COLUMNS, delimiter=";", extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
        out.append((name, path, len(rows)))
    return out


def _generate(out: Path, scale: float, seed: int) -> int:
    """Run the generator (2019, preset 93); returns the number of notification rows."""
    for old in out.glob("*"):
        old.unlink()
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="prevex.settings.test")
    done = subprocess.run(
        [PYTHON, "manage.py", "generate", "--preset", "93", "--years", "2019", "--seed",
         str(seed), "--format", "csv", "--out", str(out), "--scale", f"{scale:.3f}"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=30 * 60,
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError((done.stderr or done.stdout).strip().splitlines()[-1:])
    with (out / "truth.csv").open(encoding="utf-8") as handle:
        return sum(1 for _ in handle) - 1


def generator_files(total: int, seed: int) -> list[tuple[str, Path, int]] | None:
    """The generator's noisy files (about ``total`` rows), split by month of sending
    (``sent_on`` in truth.csv), as partners send monthly lists; None when the
    generator is not installed or fails."""
    command = ROOT / "prevex" / "synth" / "management" / "commands" / "generate.py"
    if not command.exists():
        return None
    out = WORK / "synth"
    out.mkdir(parents=True, exist_ok=True)
    try:
        sample = _generate(out, 0.05, seed)
        _generate(out, 0.05 * total / max(sample, 1) * 1.01, seed)
    except (RuntimeError, subprocess.TimeoutExpired) as error:
        say(f"  générateur indisponible ({error})")
        return None
    sent = {}
    with (out / "truth.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            sent[(row["file"], int(row["line"]))] = row["sent_on"][:7]
    months: dict[str, list[list[str]]] = {}
    header = None
    for order, sender in enumerate(SENDERS):
        path = out / f"{sender}.csv"
        if not path.exists():
            continue
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle, delimiter=";")
            header = next(reader)
            for line, cells in enumerate(reader, start=2):
                month = sent.get((path.name, line), "0000-00")
                months.setdefault(f"{month}-{order}-{sender}", []).append(cells)
    split = WORK / "synth-par-mois"
    split.mkdir(parents=True, exist_ok=True)
    for old in split.glob("*.csv"):
        old.unlink()
    files = []
    for name in sorted(months):
        path = split / f"{name}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter=";", lineterminator="\n")
            writer.writerow(header)
            writer.writerows(months[name])
        files.append((name, path, len(months[name])))
    return files


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


def _empty(connection, table: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT 1 FROM "{table}" LIMIT 1')  # noqa: S608 — introspected name
        return cursor.fetchone() is None


def _dump(connection, empty_before: list[str], folder: Path) -> None:
    """``PREVEX_BENCH_DUMP=folder`` (PostgreSQL): what the import wrote, table by table,
    in id order and without the time stamps, to compare two versions of the code."""
    folder.mkdir(parents=True, exist_ok=True)
    with connection.cursor() as cursor:
        for table in empty_before:
            if _empty(connection, table):
                continue
            cursor.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_name = %s ORDER BY ordinal_position",
                [table],
            )
            columns = [n for n, kind in cursor.fetchall() if not kind.startswith("timestamp")]
            order = "id" if "id" in columns else "1"
            listed = ", ".join(f'"{c}"' for c in columns)
            query = f'COPY (SELECT {listed} FROM "{table}" ORDER BY {order}) TO STDOUT'
            with (folder / f"{table}.copy").open("wb") as out, cursor.cursor.copy(query) as copy:
                for block in copy:
                    out.write(block)


def _writes_alone(connection, empty_before: list[str]) -> dict:
    """The writes-alone reference (PostgreSQL): the rows the import wrote, in the tables
    empty before it, copied out to files and ``COPY``-ed again from them into empty
    clones of those tables (same columns, defaults, checks and indexes), in one timed
    transaction (the files are read in blocks: the worker's memory does not grow)."""
    from django.db import transaction

    folder = WORK / "writes-alone"
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    rows = 0
    per_table: dict[str, int] = {}
    with connection.cursor() as cursor:
        for table in empty_before:
            if table == "bench_raw_rows" or _empty(connection, table):
                continue
            path = written[table] = folder / f"{table}.copy"
            with path.open("wb") as out, cursor.cursor.copy(f'COPY "{table}" TO STDOUT') as copy:
                for block in copy:
                    lines = bytes(block).count(b"\n")
                    rows += lines
                    per_table[table] = per_table.get(table, 0) + lines
                    out.write(block)
            cursor.execute(f'DROP TABLE IF EXISTS "floor_{table}"')
            cursor.execute(f'CREATE TABLE "floor_{table}" (LIKE "{table}" INCLUDING ALL)')
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for table, path in written.items():
            with (
                path.open("rb") as data,
                cursor.cursor.copy(f'COPY "floor_{table}" FROM STDIN') as copy,
            ):
                while block := data.read(1 << 20):
                    copy.write(block)
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        for table, path in written.items():
            cursor.execute(f'DROP TABLE "floor_{table}"')
            path.unlink()
    return {
        "floor_seconds": seconds,
        "floor_rows": rows,
        "floor_tables": len(written),
        "floor_per_table": dict(sorted(per_table.items(), key=lambda kv: -kv[1])),
    }


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
