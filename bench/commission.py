"""Benchmark: a commission session of 60 files on the 93 at scale 1 (issue 13).

Question: building the agenda of a 60-file session and freezing its summaries
(« fiches de synthèse ») takes < 10 s, and one summary PDF renders in < 1 s. Each is
compared, in the same run, with rendering the same summaries' HTML alone.

For each engine (SQLite file under ``var/bench/``, and PostgreSQL database
``prevex_bench_commission`` on loopback, created and dropped here; skipped with a notice
if unreachable), a worker process (settings ``prevex.settings.bench``): migrate, the
territories of the 93, the calibrated generator (``generate(preset="93", years="2019",
seed=1, scale=1, format="db")``: about 40,000 households), a CCAPEX with its members, 60 files at the later stages (judgment and after, the longest timelines)
proposed to it (saisines), ten contacts on each through the follow-up's services. Then,
timed: the suggestions, ``agenda_add_many`` of the 60 files, the invitation (attendance and
the members' involvements) and ``session_hold`` (the 60 summaries frozen). Reference:
``summary_html`` of the same 60 items. Then one summary PDF (``summary_pdf``, median of 5)
against its HTML alone (median of 5). Prints one JSON line per engine; ``--write-doc``
records the table in docs/benchmarks.md. Bounded: it stops by itself.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from _engines import postgres_reachable, postgres_recreate, postgres_url, sqlite_reset  # noqa: E402

DOC = ROOT / "docs" / "benchmarks.md"
MARK_START, MARK_END = "<!-- commission:start -->", "<!-- commission:end -->"
PG_DB = "prevex_bench_commission"
FILES = 60
TARGET_SESSION_S, TARGET_PDF_S = 10.0, 1.0
PYTHON = sys.executable


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def worker(args) -> None:
    os.environ["PREVEX_DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prevex.settings.bench")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from prevex.accounts.models import Organisation, OrganisationType, Role, User
    from prevex.accounts.services import membership_grant, organisation_create, user_create
    from prevex.audit.services import write_channel
    from prevex.commissions import agenda, saisines, sessions, suggestions
    from prevex.commissions import pdf as commission_pdf
    from prevex.commissions.choices import CommissionKind, SaisineReason
    from prevex.core import clock
    from prevex.core.territories import load_territories
    from prevex.households.models import Household
    from prevex.procedures.models import Procedure, Stage
    from prevex.support import services as support
    from prevex.synth.api import generate

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    load_territories(departements=["93"])
    T = OrganisationType
    orgs = {}
    reused = Household.objects.exists()  # --reuse: the database of an earlier run
    for kind in (T.ETAT_CCAPEX, T.PREFECTURE, T.CD_SOCIAL, T.CAF, T.BAILLEUR_SOCIAL,
                 T.BAILLEUR_PRIVE, T.COMMISSAIRE_JUSTICE, T.ADIL, T.SIAO):  # fmt: skip
        slug = f"bench-com-{kind.value.lower()}"
        orgs[kind.value] = Organisation.objects.filter(slug=slug).first() or organisation_create(
            type=kind, name=f"{kind.label} (banc d'essai)", slug=slug, departement="93"
        )
    if not reused:
        generate(preset="93", years="2019", seed=1, scale=args.scale, format="db",
                 organisations=orgs)  # fmt: skip
    households = Household.objects.filter(departement_id="93").count()
    preparation = time.perf_counter() - started
    say(f"  {households} ménages générés et préparés en {preparation:.0f} s")

    def member(org, name, role=Role.AGENT):
        user = User.objects.filter(username=name).first() or user_create(username=name, email=f"{name}@bench.prevex.example", password=None,
                           first_name="Banc", last_name="Essai", is_demo=True)  # fmt: skip
        return membership_grant(user=user, organisation=org, role=role)

    secretariat = member(orgs["ETAT_CCAPEX"], "bench-com-ccapex")
    worker_m = member(orgs["CD_SOCIAL"], "bench-com-cd", Role.TRAVAILLEUR_SOCIAL)
    today = clock.today()
    with write_channel("DEMO"):
        commission = sessions.commission_create(
            departement_id="93", kind=CommissionKind.CCAPEX_PLENIERE, name="CCAPEX (banc d'essai)",
            secretariat=orgs["ETAT_CCAPEX"], members=list(orgs.values()), capacity=FILES,
            quorum=3, by=secretariat,
        )  # fmt: skip
        ids = list(
            Procedure.objects.filter(
                departement_id="93", stage__in=[Stage.JUGEMENT, Stage.CQL, Stage.RFP, Stage.CFP],
            ).order_by("id").values_list("household_id", flat=True)[:FILES]
        )  # fmt: skip
        for household in Household.objects.filter(pk__in=ids).order_by("pk"):
            saisines.saisine_create(household=household, commission=commission, by=secretariat,
                                  reason=SaisineReason.PARTENAIRE, motive="Banc d'essai")  # fmt: skip
            for n in range(10):
                support.contact_record(
                    household=household, by=secretariat, channel="TELEPHONE",
                    direction="SORTANT", purpose="PRISE_CONTACT", outcome="JOINT",
                    at=timezone.now() - datetime.timedelta(days=40 - n),
                )  # fmt: skip
        day = today + datetime.timedelta(days=14)
        session = sessions.session_create(
            commission=commission, by=secretariat, capacity=FILES, place="Salle du conseil",
            starts_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(14))),
        )  # fmt: skip

        t0 = time.perf_counter()
        proposed = suggestions.agenda_suggestions(session=session)
        chosen = [s.household_id for s in proposed][:FILES]
        agenda.agenda_add_many(session=session, household_ids=chosen, by=secretariat,
                               version=session.agenda_version)  # fmt: skip
        session.refresh_from_db()
        sessions.session_invite(session=session, by=secretariat)
        with clock.pinned(day):
            sessions.session_hold(session=session, by=secretariat)
        build = time.perf_counter() - t0
    items = list(session.items.order_by("position"))
    t0 = time.perf_counter()
    for item in items:
        commission_pdf.summary_html(item=item, membership=secretariat)
    html_all = time.perf_counter() - t0
    item = items[0]
    html_one, pdf_one = [], []
    for _ in range(5):
        t0 = time.perf_counter()
        commission_pdf.summary_html(item=item, membership=secretariat)
        html_one.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        data = commission_pdf.summary_pdf(item=item, membership=secretariat)
        pdf_one.append(time.perf_counter() - t0)
    print(json.dumps({
        "households": households, "files": len(items), "frozen": sum(1 for i in items if i.frozen_at),
        "build_s": build, "html_all_s": html_all,
        "pdf_s": statistics.median(pdf_one), "html_s": statistics.median(html_one),
        "pdf_bytes": len(data), "preparation_s": preparation, "worker": worker_m.pk,
    }))  # fmt: skip


def run(name: str, url: str, args) -> dict | None:
    say(f"\n== {name}")
    done = subprocess.run(
        [PYTHON, __file__, "--worker", "--database-url", url, "--scale", str(args.scale)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True, timeout=60 * 60, check=True,
    )  # fmt: skip
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["engine"] = name
    say(
        f"  séance de {result['files']} dossiers : {result['build_s']:.2f} s "
        f"(HTML seul des {result['files']} fiches : {result['html_all_s']:.2f} s) ; "
        f"PDF d'une fiche : {result['pdf_s'] * 1000:.0f} ms (HTML seul : {result['html_s'] * 1000:.0f} ms)"
    )
    return result


def write_doc(results: list[dict], args) -> None:
    lines = [
        MARK_START,
        f"Last run: {datetime.date.today():%Y-%m-%d}, machine: {os.cpu_count()} cores / "
        f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB, "
        f"`bench/commission.py --scale {args.scale} --write-doc`.",
        "",
        "| engine | households | files | agenda + invitation + frozen summaries | the 60 summaries' HTML alone | ratio | one summary PDF | its HTML alone | ratio | targets met |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        met = r["build_s"] < TARGET_SESSION_S and r["pdf_s"] < TARGET_PDF_S
        lines.append(
            f"| {r['engine']} | {r['households']:,} | {r['files']} | {r['build_s']:.2f} s | "
            f"{r['html_all_s']:.2f} s | {r['build_s'] / r['html_all_s']:.1f} × | "
            f"{r['pdf_s'] * 1000:.0f} ms | {r['html_s'] * 1000:.0f} ms | "
            f"{r['pdf_s'] / r['html_s']:.1f} × | {'yes' if met else 'no'} |"
        )
    lines.append(MARK_END)
    text = DOC.read_text()
    block = "\n".join(lines)
    if MARK_START in text:
        head, rest = text.split(MARK_START, 1)
        text = head + block + rest.split(MARK_END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    DOC.write_text(text)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", action="store_true")
    parser.add_argument("--database-url")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--write-doc", action="store_true")
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--reuse", action="store_true", help="SQLite : base de l'essai précédent")
    args, _unknown = parser.parse_known_args(argv)
    if args.worker:
        worker(args)
        return 0
    results = []
    sqlite = ROOT / "var" / "bench" / "commission.sqlite3"
    url = f"sqlite:///{sqlite}" if args.reuse and sqlite.exists() else sqlite_reset(sqlite)
    results.append(run("SQLite", url, args))
    problem = None if args.skip_postgres else postgres_reachable()
    if args.skip_postgres or problem:
        say(f"PostgreSQL non mesuré : {problem or 'option --skip-postgres'}")
    else:
        postgres_recreate(PG_DB)
        try:
            results.append(run("PostgreSQL", postgres_url(PG_DB), args))
        finally:
            postgres_recreate(PG_DB, drop_only=True)
    if args.write_doc:
        write_doc(results, args)
    failed = [r for r in results if r["build_s"] >= TARGET_SESSION_S or r["pdf_s"] >= TARGET_PDF_S]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
