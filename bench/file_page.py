"""Benchmark: the household file page and the dashboard against a trivial view, on SQLite
and PostgreSQL.

For each engine: a fresh database (SQLite file under var/bench/, PostgreSQL database
``prevex_bench`` — or ``--pg-database`` — created and dropped here; PostgreSQL is skipped with a notice when
unreachable), 100,000 generated households (``prevex.demo.bulk``), one server process
(Django's threaded WSGI server with TCP_NODELAY, see bench/_server.py; DEBUG off,
``prevex.settings.bench``), a CCAPEX
session, then, interleaved in the same run, N requests each of ``/sante/vivant/`` (no
database, no template), the dashboard ``/dossiers/`` and the file pages of random
households, each household with its follow-up (about 10 contacts, 2 measures and 1
repayment plan, written by the follow-up's bulk services; ``--no-follow-up`` to leave them
out). Prints p50 and
p95 and the ratios to the trivial view; ``--write-doc`` records them in docs/benchmarks.md.

Loopback only, bounded loops, every wait has a deadline: it stops by itself.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import os
import random
import socket
import subprocess
import sys
import time
from pathlib import Path

import _engines
from _engines import (
    PG_ADMIN_URL,
    postgres_exists,
    postgres_reachable,
    postgres_recreate,
    postgres_url,
)

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"
PG_BENCH_DB = "prevex_bench"
SQLITE_DIR = ROOT / "var" / "bench"
DOC = ROOT / "docs" / "benchmarks.md"
MARK_START, MARK_END = "<!-- file_page:start -->", "<!-- file_page:end -->"
KINDS = ("trivial", "dashboard", "file")
LABELS = {
    "trivial": "vue triviale /sante/vivant/",
    "dashboard": "tableau de bord /dossiers/",
    "file": "page dossier",
}
TARGET_RATIO, TARGET_MS = 3.0, 100.0
DASHBOARD_TARGET_RATIO = 4.0
WARMUP = 20
REQUEST_TIMEOUT = 30
SERVER_START_TIMEOUT = 60
MEASURE_TIMEOUT = 15 * 60


def say(message: str) -> None:
    print(message, flush=True)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


# --------------------------------------------------------------------------- engines


def sqlite_reset() -> str:
    return _engines.sqlite_reset(SQLITE_DIR / "bench.sqlite3")


def engine_env(url: str) -> dict:
    env = dict(os.environ)
    env.update(
        PREVEX_DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="prevex.settings.bench",
        PYTHONUNBUFFERED="1",
    )
    return env


# --------------------------------------------------------------------------- server


class Server:
    """One server process (bench/_server.py) on a free loopback port, stopped on exit."""

    def __init__(self, env: dict, log_path: Path):
        self.port = free_port()
        self.log = open(log_path, "w")  # noqa: SIM115 — closed in stop()
        self.process = subprocess.Popen(
            [PYTHON, str(ROOT / "bench" / "_server.py"), str(self.port)],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait_ready(self) -> None:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"le serveur s'est arrêté (voir {self.log.name})")
            try:
                conn = http.client.HTTPConnection(HOST, self.port, timeout=2)
                conn.request("GET", "/sante/vivant/")
                if conn.getresponse().status == 200:
                    conn.close()
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"le serveur n'a pas répondu en {SERVER_START_TIMEOUT} s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.log.close()


class Client:
    """Keep-alive HTTP client on loopback; reconnects if the server closes the socket."""

    def __init__(self, port: int, session: str):
        self.port, self.headers = port, {"Cookie": f"sessionid={session}"}
        self.conn = self._connect()

    def _connect(self) -> http.client.HTTPConnection:
        conn = http.client.HTTPConnection(HOST, self.port, timeout=REQUEST_TIMEOUT)
        conn.connect()
        conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return conn

    def get(self, path: str) -> float:
        """Milliseconds for one GET, body read; raises on anything but a 200."""
        for attempt in (1, 2):
            started = time.perf_counter()
            try:
                self.conn.request("GET", path, headers=self.headers)
                response = self.conn.getresponse()
                response.read()
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()
                self.conn = self._connect()
                if attempt == 2:
                    raise
                continue
            elapsed = (time.perf_counter() - started) * 1000
            if response.status != 200:
                where = response.getheader("Location", "")
                raise RuntimeError(f"GET {path} : statut {response.status} {where}".strip())
            if response.getheader("Connection", "").lower() == "close":
                self.conn.close()
                self.conn = self._connect()
            return elapsed
        raise RuntimeError("unreachable")


# --------------------------------------------------------------------------- measure


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def measure(client: Client, households: list[int], requests: int, seed: int) -> dict:
    rng = random.Random(seed)

    def path(kind: str) -> str:
        if kind == "trivial":
            return "/sante/vivant/"
        if kind == "dashboard":
            return "/dossiers/"
        return f"/menages/{rng.choice(households)}/"

    for _ in range(WARMUP):
        for kind in KINDS:
            client.get(path(kind))
    timings: dict[str, list[float]] = {kind: [] for kind in KINDS}
    deadline = time.monotonic() + MEASURE_TIMEOUT
    for _ in range(requests):
        order = list(KINDS)
        rng.shuffle(order)  # interleaved: drift hits every kind alike
        for kind in order:
            timings[kind].append(client.get(path(kind)))
        if time.monotonic() > deadline:
            say(f"  (arrêt au bout de {MEASURE_TIMEOUT // 60} min de mesure)")
            break
    return {
        kind: {
            "n": len(values),
            "p50": percentile(values, 0.50),
            "p95": percentile(values, 0.95),
        }
        for kind, values in timings.items()
    }


def ratios(result: dict) -> dict:
    trivial = result["trivial"]["p95"]
    return {kind: result[kind]["p95"] / trivial for kind in ("dashboard", "file")}


def run_engine(name: str, url: str, args) -> dict:
    env = engine_env(url)
    say(f"\n== {name} : préparation ({args.households} ménages)")
    started = time.monotonic()
    prepared = subprocess.run(
        [PYTHON, str(ROOT / "bench" / "_prepare.py"), "--households", str(args.households)]
        + ([] if args.no_follow_up else ["--follow-up"]),
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
        timeout=60 * 60,
        check=True,
    )
    data = json.loads(prepared.stdout.strip().splitlines()[-1])
    prep_seconds = time.monotonic() - started
    say(f"  préparation terminée en {prep_seconds:.0f} s ({data['total']} ménages)")
    server = Server(env, SQLITE_DIR / f"server-{name.lower()}.log")
    try:
        server.wait_ready()
        client = Client(server.port, data["session"])
        say(f"  mesure : {args.requests} requêtes par page après {WARMUP} d'échauffement")
        load = [os.getloadavg()[0]]
        result = measure(client, data["households"], args.requests, seed=7)
        load.append(os.getloadavg()[0])
    finally:
        server.stop()
    say(f"  charge de la machine (moyenne sur 1 min) : {load[0]:.1f} → {load[1]:.1f}")
    return {
        "result": result,
        "households": data["total"],
        "prep_seconds": prep_seconds,
        "load": load,
        "reused": args.reuse,
    }


def report(name: str, run: dict) -> list[str]:
    result, r = run["result"], ratios(run["result"])
    lines = [f"{name} — {run['households']} ménages"]
    for kind in KINDS:
        x = result[kind]
        lines.append(
            f"  {LABELS[kind]:<22} p50 {x['p50']:7.1f} ms   p95 {x['p95']:7.1f} ms   (n={x['n']})"
        )
    file_ok = r["file"] <= TARGET_RATIO and result["file"]["p95"] < TARGET_MS
    lines.append(
        f"  ratio p95 page dossier / vue triviale : {r['file']:.2f} "
        f"(cible ≤ {TARGET_RATIO:g} et p95 < {TARGET_MS:g} ms : "
        f"{'atteinte' if file_ok else 'NON atteinte'})"
    )
    lines.append(
        f"  ratio p95 tableau de bord / vue triviale : {r['dashboard']:.2f} "
        f"(cible ≤ {DASHBOARD_TARGET_RATIO:g} : "
        f"{'atteinte' if r['dashboard'] <= DASHBOARD_TARGET_RATIO else 'NON atteinte'})"
    )
    return lines


# --------------------------------------------------------------------------- document


def machine() -> str:
    cores = os.cpu_count() or 0
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = f" / {int(line.split()[1]) / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    return f"{cores} cores{mem}"


def write_doc(runs: dict, skipped: dict, args) -> None:
    today = datetime.date.today().isoformat()
    rows = []
    for name, run in runs.items():
        res, r = run["result"], ratios(run["result"])
        rows.append(
            f"| {name} | {run['households']:,} | "
            f"{res['trivial']['p50']:.1f} / {res['trivial']['p95']:.1f} | "
            f"{res['dashboard']['p50']:.1f} / {res['dashboard']['p95']:.1f} | "
            f"{res['file']['p50']:.1f} / {res['file']['p95']:.1f} | "
            f"{r['file']:.2f} | {r['dashboard']:.2f} | "
            f"{run['load'][0]:.1f} → {run['load'][1]:.1f} | "
            + ("kept database" if run["reused"] else f"{run['prep_seconds']:.0f} s")
            + " |"
        )
    notes = [f"- {name} skipped: {why}" for name, why in skipped.items()]
    section = "\n".join(
        [
            MARK_START,
            f"Last run: {today}, machine: {machine()}, `{' '.join(sys.argv[1:]) or 'defaults'}`, "
            f"{args.requests} requests per page (interleaved, after {WARMUP} warm-up rounds).",
            "",
            "| engine | households | trivial p50 / p95 (ms) | dashboard p50 / p95 (ms) | "
            "file page p50 / p95 (ms) | file p95 / trivial p95 | dashboard p95 / trivial p95 "
            "| load average (1 min) | data generation |",
            "|---|---|---|---|---|---|---|---|---|",
            *rows,
            *([""] + notes if notes else []),
            MARK_END,
        ]
    )
    text = DOC.read_text() if DOC.exists() else ""
    if MARK_START in text and MARK_END in text:
        before, rest = text.split(MARK_START, 1)
        after = rest.split(MARK_END, 1)[1]
        text = before + section + after
    else:
        text = (text.rstrip() + "\n\n" if text else "# Benchmarks\n\n") + section + "\n"
    DOC.write_text(text)
    say(f"\nRésultats écrits dans {DOC.relative_to(ROOT)}.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=100_000, help="ménages générés")
    parser.add_argument("--requests", type=int, default=300, help="requêtes mesurées par page")
    parser.add_argument(
        "--engines", default="sqlite,postgresql", help="moteurs (sqlite, postgresql)"
    )
    parser.add_argument(
        "--write-doc", action="store_true", help="écrire les résultats dans docs/benchmarks.md"
    )
    parser.add_argument(
        "--no-follow-up",
        action="store_true",
        help="sans les données du suivi (10 contacts, 2 dispositifs, 1 plan par ménage)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="garder les bases de données du banc d'essai"
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="reprendre les bases gardées par --keep (pas de nouvelle génération) ; implique --keep",
    )
    parser.add_argument(
        "--pg-database",
        default=PG_BENCH_DB,
        help=f"base PostgreSQL créée puis supprimée par le banc d'essai (défaut {PG_BENCH_DB})",
    )
    args, _ = parser.parse_known_args(argv)  # run_all passes every benchmark's options
    if args.households < 1 or args.requests < 1:
        parser.error("--households et --requests doivent être positifs.")
    engines = [e.strip().lower() for e in args.engines.split(",") if e.strip()]
    runs, skipped = {}, {}
    SQLITE_DIR.mkdir(parents=True, exist_ok=True)
    args.keep = args.keep or args.reuse
    if "sqlite" in engines:
        path = SQLITE_DIR / "bench.sqlite3"
        url = f"sqlite:///{path}" if args.reuse and path.exists() else sqlite_reset()
        try:
            runs["SQLite"] = run_engine("SQLite", url, args)
        finally:
            if not args.keep:
                sqlite_reset()
    if "postgresql" in engines:
        why = postgres_reachable()
        if why:
            skipped["PostgreSQL"] = f"unreachable at {PG_ADMIN_URL} ({why})"
            say(f"\nPostgreSQL injoignable ({why}) : moteur sauté.")
        else:
            if not (args.reuse and postgres_exists(args.pg_database)):
                postgres_recreate(args.pg_database)
            url = postgres_url(args.pg_database)
            try:
                runs["PostgreSQL"] = run_engine("PostgreSQL", url, args)
            finally:
                if not args.keep:
                    postgres_recreate(args.pg_database, drop_only=True)
    say("\n=== Page d'un dossier : résultats")
    for name, run in runs.items():
        say("\n".join(report(name, run)))
    say(
        f"\nCibles : p95 page dossier ≤ {TARGET_RATIO:g} × p95 vue triviale et < {TARGET_MS:g} ms ; "
        f"p95 tableau de bord ≤ {DASHBOARD_TARGET_RATIO:g} × p95 vue triviale."
    )
    if args.write_doc and runs:
        write_doc(runs, skipped, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
