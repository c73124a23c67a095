"""Write the holdout corpus for household matching: partners' files and the truth.

    python bench/holdout/generate.py --out DIR --households N --seed S

Standard library only; same seed and size give byte-identical files. See
docs/holdout-corpus.md.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import families  # noqa: E402
import senders as S  # noqa: E402


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=";", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        w.writerow(header)
        w.writerows(rows)


def generate(out: Path, n_households: int, seed: int) -> dict:
    rng = random.Random(seed)
    households = families.build(rng, n_households)
    senders = {k: S.Sender(k, seed) for k in S.SENDERS}
    pending: dict[str, list[tuple]] = {k: [] for k in S.SENDERS}
    for hh in households:
        for i, ev in enumerate(hh.events):
            sender = senders[ev.sender]
            if ev.act not in sender.h["acts"]:
                raise AssertionError(f"{ev.sender} may not send {ev.act}")
            rrng = random.Random(f"{seed}|row|{hh.hid}|{i}")
            pending[ev.sender].append((ev.date, hh.hid, i, hh, ev, rrng))

    truth: list[list[str]] = []
    counts: dict[str, int] = {}
    out.mkdir(parents=True, exist_ok=True)
    for key, items in pending.items():
        sender = senders[key]
        # rows are written in the order the sender's extractions went out
        items.sort(key=lambda t: (t[0], t[1], t[2]))
        dated = []
        for date, hid, i, hh, ev, rrng in items:
            row = sender.row(ev, hh, rrng)
            sent = sender.sent_on(date, rrng)
            batch_key = random.Random(f"{seed}|order|{key}|{hid}|{i}").random()
            dated.append((sent, batch_key, row, hh, ev))
        dated.sort(key=lambda t: (t[0], t[1]))
        rows = []
        fname = f"{key}.csv"
        for line, (sent, _, row, hh, ev) in enumerate(dated, start=2):
            rows.append([row[c] for c in S.COLUMNS])
            truth.append([fname, str(line), key, sent.isoformat(), hh.hid, hh.family, ev.phase])
        if rows:  # a file of only its header would be refused: not written
            write_csv(out / fname, S.COLUMNS, rows)
        counts[key] = len(rows)

    write_csv(
        out / "truth.csv",
        ["file", "line", "sender", "sent_on", "household", "family", "phase"],
        truth,
    )
    write_csv(
        out / "households.csv",
        ["household", "family", "partner", "rows"],
        [[h.hid, h.family, h.partner, str(len(h.events))] for h in households],
    )
    pairs = sorted(
        {(min(h.hid, h.partner), max(h.hid, h.partner), h.family) for h in households if h.partner}
    )
    write_csv(
        out / "critical_pairs.csv",
        ["household_a", "household_b", "family"],
        [list(p) for p in pairs],
    )
    return counts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--households", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    counts = generate(args.out, args.households, args.seed)
    total = sum(counts.values())
    for k, v in counts.items():
        print(f"{k:18s} {v:6d}")
    print(f"{'total':18s} {total:6d}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
