"""Load test: readers browse while a 100,000-row import runs (issue 11's acceptance).

For one engine (``--engine postgresql`` or ``sqlite``): a fresh database with
``--households`` generated households (bench/_prepare.py), gunicorn on the loopback with
``prevex.settings.bench`` (DEBUG off), an import of ``--import-rows`` generated rows
started beside it (``manage.py import``), then locust headless: ``--users`` readers for
``--minutes`` minutes (dashboard and file pages) for five organisation types: the CCAPEX
secretariat and, through involvements in ``--files`` households each, a social worker, a
social landlord, a bailiff and a préfecture (bench/_load_users.py). Afterwards: the import
is awaited (bounded), the journal spool drained, and the journal compared with locust's
count of successful file pages. Prints errors, p50/p95 per page, the rows imported, the
load average, and whether a journal row is missing. Loopback only, every wait has a
deadline. Run by hand, not by ``make test``:

    .venv/bin/python bench/load.py --engine postgresql --users 50 --minutes 10
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from _engines import postgres_reachable, postgres_recreate, postgres_url, sqlite_reset

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"
PORT = 0  # a free port, chosen at start: two runs (one per engine) may overlap
WORK = ROOT / "var" / "bench" / "load"  # then one folder per engine: two runs may overlap
PG_DB = "prevex_load"


def _env(database_url: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "prevex.settings.bench",
        "PREVEX_DATABASE_URL": database_url,
        "PREVEX_HUEY_FILE": str(WORK / "huey.sqlite3"),
        "PREVEX_JOURNAL_SPOOL_DIR": str(WORK / "journal-spool"),
        "PYTHONPATH": str(ROOT),
    }


def _manage(env, *args, timeout=3600) -> str:
    done = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )
    return done.stdout


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _wait_for_server(deadline: float, server: subprocess.Popen) -> None:
    """Until our gunicorn answers (not another server left on the port)."""
    import urllib.request

    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn s'est arrêté : voir gunicorn.log")
        try:
            urllib.request.urlopen(f"http://{HOST}:{PORT}/sante/vivant/", timeout=2)
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn n'a pas démarré à temps")


def _journal_rows(env, sessions: list[str], since: float) -> dict[str, int]:
    """File-read journal rows of the load's accounts since ``since``, per organisation type."""
    code = (
        "import datetime, json\n"
        "from django.contrib.sessions.models import Session\n"
        "from django.db.models import Count\n"
        "from prevex.audit.models import AccessLog\n"
        f"keys = {sessions!r}\n"
        "users = [Session.objects.get(session_key=k).get_decoded()['_auth_user_id'] for k in keys]\n"
        f"since = datetime.datetime.fromtimestamp({since}, datetime.UTC)\n"
        "rows = AccessLog.objects.filter(user_id__in=users, at__gte=since,"
        " household_id__isnull=False, what='Dossier du ménage')"
        ".values('organisation__type').annotate(n=Count('id')).order_by()\n"
        "print(json.dumps({r['organisation__type']: r['n'] for r in rows}))\n"
    )
    return json.loads(_manage(env, "shell", "-c", code).strip().splitlines()[-1])


def _import_summary(env, source: str) -> str:
    """The batch of the load's import: its status and the rows read and imported."""
    code = (
        "from prevex.intake.models import ImportBatch\n"
        f"b = ImportBatch.objects.filter(source__slug={source!r}).order_by('-pk').first()\n"
        "print('aucun lot' if b is None else f'lot {b.pk} {b.status} {b.summary}')\n"
    )
    return _manage(env, "shell", "-c", code).strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=("postgresql", "sqlite"), default="postgresql")
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--import-wait", type=int, default=1800, help="attente de la fin de l'import (s)"
    )
    parser.add_argument("--pg-database", default=PG_DB, help="base PostgreSQL (recréée)")
    parser.add_argument(
        "--files", type=int, default=1000, help="dossiers vus par chaque organisation non CCAPEX"
    )
    # The bailiffs' file of the 93 in 2019 has about 25,000 rows at scale 1: 4 gives the
    # acceptance's 100,000 (cut to --import-rows).
    parser.add_argument("--scale", type=float, default=4.0, help="échelle du générateur")
    parser.add_argument(
        "--keep-database",
        action="store_true",
        help="garder la base d'un essai précédent (les ménages déjà générés ne le sont pas à nouveau)",
    )
    args = parser.parse_args()
    global WORK, PORT
    WORK = WORK / args.engine
    PORT = _free_port()
    if shutil.which("locust") is None and not (Path(PYTHON).parent / "locust").exists():
        raise SystemExit("locust absent : uv sync --group bench")
    WORK.mkdir(parents=True, exist_ok=True)

    if args.engine == "postgresql":
        if (why := postgres_reachable()) is not None:
            raise SystemExit(f"PostgreSQL injoignable : {why}")
        if not args.keep_database:
            postgres_recreate(args.pg_database)
        url = postgres_url(args.pg_database)
    elif args.keep_database:
        url = f"sqlite:///{WORK / 'load.sqlite3'}"
    else:
        url = sqlite_reset(WORK / "load.sqlite3")
    env = _env(url)
    prepared = subprocess.run(
        [PYTHON, str(ROOT / "bench" / "_prepare.py"), "--households", str(args.households)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
        timeout=7200,
        check=True,
    )
    info = json.loads(prepared.stdout.strip().splitlines()[-1])
    others = subprocess.run(
        [PYTHON, str(ROOT / "bench" / "_load_users.py"), "--files", str(args.files)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
        timeout=1800,
        check=True,
    )
    readers = {info["session"]: info["households"]}
    readers.update(json.loads(others.stdout.strip().splitlines()[-1]))
    households_file = WORK / "households.json"
    households_file.write_text(json.dumps(readers))

    # The import file: rows of the calibrated generator, cut to --import-rows.
    generated = WORK / "generated"
    shutil.rmtree(generated, ignore_errors=True)
    _manage(
        env,
        "generate",
        *("--preset", "93", "--years", "2019", "--seed", "7", "--scale", str(args.scale)),
        *("--out", str(generated)),
    )
    # The bailiffs' file (CDP, assignations, CQL), sent by a bailiff's organisation.
    source = next(generated.rglob("commissaires_justice.csv"))
    import_file = WORK / "import.csv"
    with source.open(encoding="utf-8") as src, import_file.open("w", encoding="utf-8") as dst:
        for number, line in enumerate(src):
            if number > args.import_rows:
                break
            dst.write(line)
    import_rows = min(number, args.import_rows)  # data rows written (line 0 is the header)
    if import_rows < args.import_rows:
        print(f"attention : le fichier généré n'a que {import_rows} lignes", file=sys.stderr)
    _manage(
        env,
        "shell",
        "-c",
        "from prevex.accounts.models import Organisation\n"
        "Organisation.objects.get_or_create(slug='bench-cj-93', defaults={'type': "
        "'COMMISSAIRE_JUSTICE', 'name': 'bench-cj-93', 'departement_id': '93'})",
    )

    server_log = (WORK / "gunicorn.log").open("w")  # errors, if any, are explained here
    server = subprocess.Popen(
        [
            Path(PYTHON).parent / "gunicorn",
            "--config",
            "deploy/gunicorn.conf.py",
            "prevex.wsgi:application",
        ],
        cwd=ROOT,
        env={**env, "PREVEX_BIND": f"{HOST}:{PORT}", "PREVEX_WORKERS": str(args.workers)},
        stdout=server_log,
        stderr=subprocess.STDOUT,
    )
    importer = None
    try:
        _wait_for_server(time.monotonic() + 60, server)
        started = time.time()
        load_before = os.getloadavg()
        import_log = (WORK / "import.log").open("w")
        importer = subprocess.Popen(
            [PYTHON, "manage.py", "import", str(import_file), "--source", "bench-cj-93"],
            cwd=ROOT,
            env=env,
            stdout=import_log,
            stderr=subprocess.STDOUT,
        )
        stats = WORK / "locust"
        subprocess.run(
            [
                Path(PYTHON).parent / "locust",
                "-f",
                str(ROOT / "bench" / "_locustfile.py"),
                "--headless",
                "-u",
                str(args.users),
                "-r",
                str(max(1, args.users // 10)),
                "-t",
                f"{int(args.minutes * 60)}s",
                "--host",
                f"http://{HOST}:{PORT}",
                "--csv",
                str(stats),
                "--only-summary",
            ],
            cwd=ROOT,
            env={
                **env,
                "PREVEX_LOAD_SESSIONS": ",".join(readers),
                "PREVEX_LOAD_HOUSEHOLDS": str(households_file),
            },
            timeout=args.minutes * 60 + 300,
            check=False,
        )
        still_importing = importer.poll() is None  # the import ran during the whole test
        load_after = os.getloadavg()
        try:
            importer.wait(timeout=args.import_wait)
        except subprocess.TimeoutExpired:
            print(f"import encore en cours {args.import_wait} s après l'essai : arrêté")
    finally:
        for process in (importer, server):
            if process is not None and process.poll() is None:
                process.terminate()
                process.wait(timeout=30)
    import_status = importer.returncode if importer is not None else None
    import_seconds = time.time() - started
    overlap = "pendant tout l'essai" if still_importing else "fini avant la fin de l'essai"
    _manage(env, "journal_drain")
    rows = {r["Name"]: r for r in csv.DictReader((WORK / "locust_stats.csv").open())}
    file_ok = int(rows["page du dossier"]["Request Count"]) - int(
        rows["page du dossier"]["Failure Count"]
    )
    journal_by_type = _journal_rows(env, list(readers), started)
    journal = sum(journal_by_type.values())
    print(
        f"moteur : {args.engine}, {args.users} utilisateurs, {args.minutes} min, "
        f"fichier importé de {import_rows} lignes, {len(readers)} types d'organisation"
    )
    print(
        f"import : code de sortie {import_status}, {overlap}, "
        f"terminé au plus tard {import_seconds:.0f} s après le début ; "
        + _import_summary(env, "bench-cj-93")
    )
    print(
        "charge moyenne (1, 5, 15 min) : début "
        + " ".join(f"{x:.2f}" for x in load_before)
        + ", fin de l'essai "
        + " ".join(f"{x:.2f}" for x in load_after)
    )
    for name in ("tableau de bord", "page du dossier", "Aggregated"):
        r = rows[name]
        print(
            f"{name} : {r['Request Count']} requêtes, {r['Failure Count']} erreurs, "
            f"p50 {r['50%']} ms, p95 {r['95%']} ms"
        )
    print(
        f"journal : {journal} lignes de consultation de dossiers pour {file_ok} pages servies"
        f" ({'aucune manquante' if journal >= file_ok else 'LIGNES MANQUANTES'}) ; "
        f"par type d'organisation : {journal_by_type}"
    )


if __name__ == "__main__":
    main()
