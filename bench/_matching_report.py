"""Report of bench/matching.py: pairwise metrics, the Markdown table, docs/benchmarks.md."""

from __future__ import annotations

import datetime
from collections import Counter
from pathlib import Path

from bench._batch import batch_line

DOC = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
SPLINK_THRESHOLD = 0.9
TARGET_F1, TARGET_REVIEW = 0.98, 0.03


# --------------------------------------------------------------------------- metrics


def pairwise(predicted: list, truth: list) -> tuple[float, float, float]:
    """Pairwise precision, recall, F1 of a clustering against the true one."""

    def pairs(counter) -> int:
        return sum(n * (n - 1) // 2 for n in counter.values())

    both = pairs(Counter(zip(predicted, truth, strict=True)))
    predicted_pairs, true_pairs = pairs(Counter(predicted)), pairs(Counter(truth))
    precision = both / predicted_pairs if predicted_pairs else 1.0
    recall = both / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


# --------------------------------------------------------------------------- report


def show(record) -> str:
    co = f" + {record.co_last_name} {record.co_first_name}" if record.co_last_name else ""
    return (
        f"{record.last_name} {record.first_name} ({record.birth_date}){co}, {record.address}, "
        f"{record.postal_code} {record.commune_insee}"
    )


def fmt(metrics) -> str:
    p, r, f = metrics
    return f"précision {p:.4f}, rappel {r:.4f}, F1 {f:.4f}"


def report(description: str, rows: list, prevex: dict, splink: dict | None) -> str:
    n = len(rows)
    true_households = len({t for t, _ in rows})
    lines = [
        f"Corpus : {description} — {n} lignes, {true_households} ménages réels.",
        "",
        "| moteur | précision | rappel | F1 | revues | temps | lignes/s |",
        "|---|---|---|---|---|---|---|",
    ]
    p, r, f = prevex["metrics"]
    lines.append(
        f"| prevex (revues tranchées) | {p:.4f} | {r:.4f} | **{f:.4f}** | "
        f"{prevex['review_rate']:.2%} | {prevex['seconds']:.1f} s (dont rapprochement "
        f"{prevex['matching_seconds']:.1f} s) | {n / prevex['seconds']:.0f} |"
    )
    p, r, f = prevex["metrics_unsettled"]
    lines.append(f"| prevex (revues non tranchées) | {p:.4f} | {r:.4f} | {f:.4f} | – | – | – |")
    if splink:
        p, r, f = splink["metrics"]
        lines.append(
            f"| Splink 5 + DuckDB (seuil {SPLINK_THRESHOLD}) | {p:.4f} | {r:.4f} | **{f:.4f}** "
            f"| – | {splink['seconds']:.1f} s | {n / splink['seconds']:.0f} |"
        )
        threshold, (p, r, f) = splink["best"]
        lines.append(
            f"| Splink 5, meilleur seuil a posteriori ({threshold}) | {p:.4f} | {r:.4f} | "
            f"{f:.4f} | – | – | – |"
        )
    outcomes = prevex["outcomes"]
    lines += [
        "",
        f"Décisions prevex : {outcomes['MATCH']} rattachements, {outcomes['REVIEW']} revues, "
        f"{outcomes['NEW']} nouveaux ménages ; {prevex['households']} ménages créés.",
        batch_line(prevex, "interface de l'import, `match_records`"),
    ]
    f1 = prevex["metrics"][2]
    checks = [
        f"F1 prevex ≥ {TARGET_F1} : {'atteint' if f1 >= TARGET_F1 else 'NON atteint'}",
        f"taux de revue ≤ {TARGET_REVIEW:.0%} : "
        f"{'atteint' if prevex['review_rate'] <= TARGET_REVIEW else 'NON atteint'}",
    ]
    if splink:
        ok = f1 >= splink["metrics"][2]
        checks.append(f"F1 prevex ≥ F1 Splink : {'atteint' if ok else 'NON atteint'}")
    lines += ["", "Cibles : " + " ; ".join(checks) + "."]
    return "\n".join(lines)


def write_doc(text: str, block_name: str) -> None:
    start, end = f"<!-- {block_name}:start -->", f"<!-- {block_name}:end -->"
    content = DOC.read_text(encoding="utf-8")
    stamp = datetime.date.today().isoformat()
    block = f"{start}\n_Dernière exécution : {stamp}._\n\n{text}\n{end}"
    if start in content and end in content:
        before = content.split(start)[0]
        after = content.split(end, 1)[1]
        content = before + block + after
    else:
        content = content.rstrip("\n") + "\n\n" + block + "\n"
    DOC.write_text(content, encoding="utf-8")
