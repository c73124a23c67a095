"""Benchmark: the nightly refresh of every open procedure's computed fields (issue 10).

One engine per run (PostgreSQL by default: ``--database-url``; the database is emptied by
``migrate`` on a fresh database you create). Steps: migrate, territories of the 93,
``prevex.demo.bulk.bulk_generate`` (``--households``, 100,000 by default), then
``procedures.refresh.open_procedures_refresh`` three times: for today's date (what the
generator wrote, so few changes), with the clock 45 days later (deadlines passed, the truce
possibly started: many changes) and again on that day (idempotent: nothing changes). Prints
one JSON line; ``--write-doc`` records it in docs/benchmarks.md. Bounded: it stops by itself.

    createdb -h 127.0.0.1 -U postgres prevex_bench_refresh
    python bench/refresh.py --database-url postgresql://postgres@127.0.0.1:5432/prevex_bench_refresh
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"
MARK_START, MARK_END = "<!-- refresh:start -->", "<!-- refresh:end -->"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--write-doc", action="store_true")
    args = parser.parse_args()
    os.environ["PREVEX_DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prevex.settings.bench")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from prevex.core import clock
    from prevex.core.territories import load_territories
    from prevex.demo.bulk import bulk_generate
    from prevex.procedures.models import Procedure
    from prevex.procedures.refresh import open_procedures_refresh

    call_command("migrate", verbosity=0)
    load_territories(departements=["93"])
    started = time.perf_counter()
    if not Procedure.objects.exists():
        bulk_generate(n=args.households, seed=1)
    generation = time.perf_counter() - started
    open_count = Procedure.objects.filter(closed_on__isnull=True).count()
    runs = []
    today = clock.today()
    for label, day in (
        ("today", today),
        ("45 days later", today + datetime.timedelta(days=45)),
        ("again (idempotent)", today + datetime.timedelta(days=45)),
    ):
        clock.freeze(day)
        started = time.perf_counter()
        changed = open_procedures_refresh()
        runs.append(
            {"run": label, "seconds": round(time.perf_counter() - started, 1), "changed": changed}
        )
    clock.freeze(None)
    result = {
        "engine": connection.vendor,
        "households": args.households,
        "open_procedures": open_count,
        "generation_s": round(generation),
        "runs": runs,
    }
    print(json.dumps(result, ensure_ascii=False))
    if args.write_doc:
        write_doc(result)
    return 0


def write_doc(result: dict) -> None:
    lines = [
        MARK_START,
        f"Last run: {datetime.date.today():%Y-%m-%d}, engine {result['engine']}, "
        f"{result['households']:,} generated households, {result['open_procedures']:,} open "
        "procedures (`python bench/refresh.py --database-url … --write-doc`).",
        "",
        "| run | seconds | procedures changed |",
        "|---|---|---|",
        *(f"| {r['run']} | {r['seconds']} | {r['changed']:,} |" for r in result["runs"]),
        MARK_END,
    ]
    text = DOC.read_text(encoding="utf-8")
    block = "\n".join(lines)
    if MARK_START in text:
        before, rest = text.split(MARK_START, 1)
        text = before + block + rest.split(MARK_END, 1)[1]
    else:
        text = (
            text.rstrip()
            + "\n\n## Nightly refresh of the computed fields (`bench/refresh.py`)\n\n"
            + (
                "**Question.** Does the refresh of every open procedure (next deadline, stage, "
                "debt, CCAPEX flag; issue 10) stay under 60 s at 100,000 households on "
                "PostgreSQL?\n\n" + block + "\n"
            )
        )
    DOC.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
