"""Diagnostic: the independent corpus imported through the real import service.

What the acceptance of issue 9 measures at full size — the household count against the
truth, the files mixing two real households — and, for each, the rows that explain it:

    python bench/adversarial_import.py --households 3000 --seed 1 [--explain 40]

A fresh SQLite database (``var/bench/adversarial-import.sqlite3``), one organisation per
sender, each sender's file imported whole with ``prevex.intake.services.file_import``
(reviews left pending), in the order of ``bench/adversarial/senders.py`` — what
``tests/matching/test_adversarial_import.py`` does at reduced size. The report lists the
true households split over several files (by family, and the rows that opened the extra
file with the rows of the file they should have joined) and the files mixing two.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.matching import setup_django  # noqa: E402

DB_PATH = ROOT / "var" / "bench" / "adversarial-import.sqlite3"
SHOWN = (
    "type_acte", "locataire_nom", "locataire_prenom", "locataire_date_naissance",
    "cotitulaire_nom", "cotitulaire_prenom", "adresse", "code_postal", "commune",
)  # fmt: skip


def say(message: str = "") -> None:
    print(message, flush=True)


def _cells(out: Path) -> dict[tuple[str, int], dict]:
    cells = {}
    for path in out.glob("*.csv"):
        if path.name in {"truth.csv", "households.csv", "critical_pairs.csv"}:
            continue
        with open(path, newline="", encoding="utf-8") as handle:
            for line, row in enumerate(csv.DictReader(handle, delimiter=";"), start=2):
                cells[(path.name, line)] = row
    return cells


def _show(cells: dict, key: tuple[str, int], status: str, household) -> str:
    row = cells[key]
    text = " | ".join(row.get(column, "") for column in SHOWN)
    return f"      {key[0]}:{key[1]} [{status} → {household}] {text}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--explain", type=int, default=20, help="cas détaillés par sorte")
    args = parser.parse_args(argv)

    from bench.adversarial import generate, senders

    out = Path(tempfile.mkdtemp(prefix="prevex-adversarial-import-"))
    generate.write(out, args.households, args.seed)
    with open(out / "truth.csv", newline="", encoding="utf-8") as handle:
        truth = {(t["file"], int(t["line"])): t for t in csv.DictReader(handle, delimiter=";")}
    cells = _cells(out)

    setup_django(DB_PATH)
    from prevex.accounts.models import Organisation
    from prevex.core.models import Departement
    from prevex.households.models import Household
    from prevex.intake import services
    from prevex.intake.models import ImportRow, ReviewItem, RowStatus

    departement = Departement.objects.get(code="93")
    files, started = {}, time.perf_counter()
    for sender in senders.SENDERS:
        path = out / f"{sender.key}.csv"
        source = Organisation.objects.create(
            type=sender.organisation_type,
            name=sender.name,
            slug=f"adv-{sender.key}",
            departement=departement,
        )
        batch = services.file_import(
            source=source, content=path.read_bytes(), filename=path.name, by=None
        )
        files[batch.pk] = path.name
    seconds = time.perf_counter() - started

    rows = ImportRow.objects.values_list("batch_id", "line", "status", "household_id")
    placed = defaultdict(list)  # true household → [(key, status, prevex household)]
    true_of = defaultdict(set)
    applied_of = defaultdict(set)  # only the rows written into the file (not held in review)
    statuses, pending = Counter(), 0
    for batch_id, line, status, household_id in rows:
        key = (files[batch_id], line)
        statuses[status] += 1
        t = truth[key]
        placed[t["household"]].append((key, status, household_id))
        if household_id is None:
            pending += status == RowStatus.REVUE
            continue
        true_of[household_id].add(t["household"])
        if status != RowStatus.REVUE:
            applied_of[household_id].add(t["household"])
    households = Household.objects.count()
    true_households = len({t["household"] for t in truth.values()})
    mixed = {pk: sorted(true) for pk, true in true_of.items() if len(true) > 1}
    applied_mixed = [pk for pk, true in applied_of.items() if len(true) > 1]
    family_of = {t["household"]: t["family"] for t in truth.values()}
    split = {
        true: sorted({h for _, _, h in places if h is not None}) for true, places in placed.items()
    }
    split = {true: hs for true, hs in split.items() if len(hs) > 1}
    say(
        f"{len(truth)} lignes importées en {seconds:.1f} s, statuts {dict(statuses)}, "
        f"{pending} en attente de revue"
    )
    say(
        f"{households} ménages pour {true_households} réels "
        f"({households / true_households - 1:+.2%}) ; {len(split)} ménages réels éclatés "
        f"({sum(len(h) - 1 for h in split.values())} dossiers en trop) ; {len(mixed)} "
        "dossiers mêlant deux ménages réels, dont "
        f"{len(applied_mixed)} par des lignes écrites dans le dossier (les autres : une "
        "ligne retenue dans la file de revue, rien d'elle n'est écrit)"
    )
    open_items = Counter(ReviewItem.objects.filter(status="OUVERT").values_list("kind", flat=True))
    say(f"éléments ouverts de la file de revue, par type : {dict(sorted(open_items.items()))}")
    say(f"éclatés par famille : {dict(Counter(family_of[t] for t in split))}")
    say(f"mêlés par famille : {dict(Counter(family_of[t] for m in mixed.values() for t in m))}")

    say("\n== Ménages réels éclatés")
    for true in sorted(split)[: args.explain]:
        say(f"  {true} ({family_of[true]}) → dossiers {split[true]}")
        for key, status, household in sorted(placed[true], key=lambda p: truth[p[0]]["sent_on"]):
            say(_show(cells, key, status, household))
    say("\n== Dossiers mêlant deux ménages réels")
    for pk in sorted(mixed)[: args.explain]:
        held = "" if pk in applied_mixed else " (une ligne retenue en revue)"
        say(f"  dossier {pk}{held} : {[(t, family_of[t]) for t in mixed[pk]]}")
        for true in mixed[pk]:
            for key, status, household in placed[true]:
                say(_show(cells, key, status, household))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
