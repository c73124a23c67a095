"""Write the independent matching corpus: one CSV per sender, and its truth.

    python bench/adversarial/generate.py --out DIR --households N --seed S

Deterministic for a seed and a size. Standard library only (no Django, nothing of
prevex): the noise here was written without looking at prevex's generator or matcher.

Files written in DIR:
- ``<sender>.csv``: the rows of one sender in prevex's import format
  (docs/import-format.md), ``;``-separated, UTF-8, in the order the sender sent them;
- ``truth.csv``: ``file;line;sender;sent_on;household;family;phase`` for every row;
- ``households.csv``: ``household;family;partner;rows``;
- ``critical_pairs.csv``: ``household_a;household_b;family``, the look-alike households
  that must never be merged.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections import defaultdict
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``bench.adversarial`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.adversarial import rows as rows_module  # noqa: E402
from bench.adversarial import senders  # noqa: E402
from bench.adversarial.world import World  # noqa: E402

HEADER = [
    "type_acte",
    "date_acte",
    "reference_acte",
    "motif",
    "locataire_nom",
    "locataire_prenom",
    "locataire_date_naissance",
    "cotitulaire_nom",
    "cotitulaire_prenom",
    "adresse",
    "code_postal",
    "commune",
    "code_commune",
    "telephone",
    "email",
    "bailleur_nom",
    "bailleur_type",
    "parc",
    "loyer_mensuel",
    "charges_mensuelles",
    "montant_dette",
    "date_audience",
    "decision",
    "contradictoire",
    "cfp_decision",
    "observations",
]


def build(households: int, seed: int) -> tuple[World, list[rows_module.Row]]:
    """The world and every row, in no particular order."""
    world = World(seed)
    world.build(households)
    rng = random.Random(seed * 7919 + 1)
    out, number = [], 0
    for household in world.households:
        for act in rows_module.household_acts(rng, household):
            number += 1
            out.append(rows_module.render(rng, seed, household, act, number))
    return world, out


def write(out: Path, households: int, seed: int) -> dict[str, int]:
    """Write the corpus into ``out``; returns the number of rows per file."""
    out.mkdir(parents=True, exist_ok=True)
    world, rows = build(households, seed)
    by_sender: dict[str, list] = defaultdict(list)
    for row in rows:
        by_sender[row.sender].append(row)
    truth, counts, per_household = [], {}, defaultdict(int)
    for sender in senders.SENDERS:
        sent = sorted(
            by_sender.get(sender.key, []), key=lambda r: (r.sent_on, r.cells["reference_acte"])
        )
        if not sent:
            continue
        name = f"{sender.key}.csv"
        with open(out / name, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
            writer.writerow(HEADER)
            for line, row in enumerate(sent, start=2):
                writer.writerow([row.cells.get(column, "") for column in HEADER])
                truth.append(
                    [
                        name,
                        line,
                        sender.key,
                        row.sent_on.isoformat(),
                        row.household,
                        row.family,
                        row.phase,
                    ]
                )
                per_household[row.household] += 1
        counts[name] = len(sent)
    _table(
        out / "truth.csv",
        ["file", "line", "sender", "sent_on", "household", "family", "phase"],
        truth,
    )
    _table(
        out / "households.csv",
        ["household", "family", "partner", "rows"],
        [[h.hid, h.family, h.partner, per_household[h.hid]] for h in world.households],
    )
    _table(out / "critical_pairs.csv", ["household_a", "household_b", "family"], world.critical)
    return counts


def _table(path: Path, header: list[str], rows: list) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--households", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    counts = write(args.out, args.households, args.seed)
    total = sum(counts.values())
    print(f"{total} lignes, {args.households} ménages, {len(counts)} fichiers dans {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
