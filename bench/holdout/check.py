"""Sanity checks of a generated holdout corpus (standard library only).

    python bench/holdout/check.py DIR

Counts rows per sender, family and phase; checks that every truth line points at a data
row of its file and every data row has a truth line, that households and critical pairs
agree, and that each household's row count matches. Exits 1 on any inconsistency.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=";"))


def main(argv: list[str]) -> int:
    out = Path(argv[0])
    truth = read(out / "truth.csv")
    households = {h["household"]: h for h in read(out / "households.csv")}
    pairs = read(out / "critical_pairs.csv")
    problems: list[str] = []

    lines: dict[str, int] = {}
    for f in sorted({t["file"] for t in truth}):
        with (out / f).open(encoding="utf-8", newline="") as fh:
            lines[f] = sum(1 for _ in csv.reader(fh, delimiter=";")) - 1
    seen = Counter((t["file"], int(t["line"])) for t in truth)
    for (f, line), n in seen.items():
        if n > 1:
            problems.append(f"{f}:{line} has {n} truth lines")
        if not 2 <= line <= lines[f] + 1:
            problems.append(f"{f}:{line} is not a data row")
    for f, n in lines.items():
        if sum(1 for k in seen if k[0] == f) != n:
            problems.append(f"{f}: {n} rows, truth covers {sum(1 for k in seen if k[0] == f)}")

    per_hh = Counter(t["household"] for t in truth)
    for hid, h in households.items():
        if int(h["rows"]) != per_hh[hid]:
            problems.append(f"{hid}: households.csv says {h['rows']} rows, truth {per_hh[hid]}")
        if h["partner"] and households.get(h["partner"], {}).get("partner") != hid:
            problems.append(f"{hid}: partner {h['partner']} does not point back")
    for t in truth:
        if t["household"] not in households:
            problems.append(f"{t['file']}:{t['line']}: unknown household {t['household']}")
        elif households[t["household"]]["family"] != t["family"]:
            problems.append(f"{t['file']}:{t['line']}: family differs from households.csv")
    for p in pairs:
        for k in ("household_a", "household_b"):
            if p[k] not in households:
                problems.append(f"critical pair names unknown household {p[k]}")
        if households.get(p["household_a"], {}).get("partner") != p["household_b"]:
            problems.append(f"critical pair {p['household_a']}/{p['household_b']} not partners")

    for fam in ("demenagement", "cotitulaire_parti"):
        want = {"demenagement": ("avant", "apres"), "cotitulaire_parti": ("avec_co", "sans_co")}[
            fam
        ]
        by = {}
        for t in truth:
            if t["family"] == fam:
                by.setdefault(t["household"], set()).add(t["phase"])
        both = sum(1 for s in by.values() if set(want) <= s)
        print(f"{fam}: {len(by)} households, {both} with rows in both phases")

    fam_hh = Counter(h["family"] for h in households.values())
    fam_rows = Counter(t["family"] for t in truth)
    print(f"\n{'family':22s} {'households':>10s} {'share':>6s} {'rows':>6s}")
    for fam, n in sorted(fam_hh.items(), key=lambda x: -x[1]):
        print(f"{fam:22s} {n:10d} {100 * n / len(households):5.1f}% {fam_rows[fam]:6d}")
    print(f"\n{'sender':22s} {'rows':>6s}")
    for s, n in sorted(Counter(t["sender"] for t in truth).items(), key=lambda x: -x[1]):
        print(f"{s:22s} {n:6d}")
    print(f"\n{len(truth)} rows, {len(households)} households, {len(pairs)} critical pairs")
    print("rows per household:", dict(sorted(Counter(per_hh.values()).items())))
    for p in problems[:20]:
        print("PROBLEM", p)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
