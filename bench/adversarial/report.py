"""The report of bench/matching.py on the independent corpus (Markdown, in French)."""

from __future__ import annotations

from collections import Counter

from bench._batch import batch_line
from bench.adversarial import score

TARGETS = {
    "f1": 0.98,
    "f1_unsettled": 0.95,
    "review": 0.03,
    "critical": 0.02,
    "moves": 0.90,
    "rows_per_second": 2000,
}
LABELS = {
    "ordinaire": "ordinaires (orthographe propre à chaque émetteur)",
    "nom_usage": "nom d'usage / de naissance (« épouse », « née », « veuve »)",
    "jumeaux": "jumeaux à la même adresse",
    "pere_fils": "père et fils homonymes à la même adresse",
    "homonymes_immeuble": "homonymes dans le même immeuble",
    "parents_bail_propre": "parents ayant leur propre bail",
    "demenagement": "ménages ayant déménagé dans le département",
    "cotitulaire_parti": "cotitulaire parti",
}


def _met(ok: bool) -> str:
    return "atteint" if ok else "NON atteint"


def measure(corpus: score.Corpus, assigned: list) -> dict:
    """Every figure of one engine's clustering (``assigned``: one cluster per row)."""
    from bench._matching_report import pairwise

    predicted, truth = score.with_quarantine(assigned, corpus)
    merged = score.critical_merged(assigned, corpus)
    return {
        "metrics": pairwise(predicted, truth),
        "families": score.per_family(assigned, corpus),
        "critical": merged,
        "critical_total": tuple(map(sum, zip(*merged.values(), strict=True))),
        "moves": score.moves_joined(assigned, corpus),
    }


def render(corpus: score.Corpus, prevex: dict, splink: dict | None) -> str:
    settled = measure(corpus, prevex["assigned"])
    unsettled = measure(corpus, prevex["unsettled"])
    other = measure(corpus, splink["assigned"]) if splink else None
    n = len(corpus.rows) + len(corpus.quarantined)
    lines = [
        f"Corpus : {corpus.description}. Ménages réels : "
        f"{len({h for h, _ in corpus.rows} | {h for h, *_ in corpus.quarantined})}.",
        "",
        "| moteur | précision | rappel | F1 | revues | paires critiques fusionnées "
        "| déménagements rejoints |",
        "|---|---|---|---|---|---|---|",
    ]

    def line(name: str, figures: dict, review: str) -> str:
        p, r, f = figures["metrics"]
        merged, total = figures["critical_total"]
        joined, moves = figures["moves"]
        return (
            f"| {name} | {p:.4f} | {r:.4f} | **{f:.4f}** | {review} | {merged}/{total} "
            f"({merged / max(total, 1):.1%}) | {joined}/{moves} ({joined / max(moves, 1):.0%}) |"
        )

    lines.append(line("prevex (revues tranchées)", settled, f"{prevex['review_rate']:.2%}"))
    lines.append(line("prevex (revues non tranchées)", unsettled, "–"))
    if other:
        lines.append(line(f"Splink 5 (seuil {splink['threshold']})", other, "–"))
    lines += [
        "",
        "Par famille (revues tranchées) — précision / rappel des paires de lignes, et "
        "paires fusionnées à tort (une ligne de la famille avec celle d'un autre ménage) :",
        "",
        "| famille | lignes | prevex précision | prevex rappel | prevex fusions à tort "
        "| Splink précision | Splink rappel | Splink fusions à tort |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for family in corpus.families:
        a = settled["families"][family]
        b = other["families"][family] if other else None
        tail = (
            f"{b['precision']:.4f} | {b['recall']:.4f} | {b['false_pairs']}" if b else "– | – | –"
        )
        lines.append(
            f"| {LABELS.get(family, family)} | {a['rows']} | {a['precision']:.4f} | {a['recall']:.4f} | "
            f"{a['false_pairs']} | {tail} |"
        )
    lines += ["", "Paires critiques (ménages sosies qui ne doivent jamais être fusionnés) :", ""]
    for family in corpus.paired:
        merged, total = settled["critical"][family]
        theirs = other["critical"][family] if other else None
        lines.append(
            f"- {LABELS.get(family, family)} : prevex {merged}/{total}"
            + (f", Splink {theirs[0]}/{theirs[1]}" if theirs else "")
        )
    outcomes: Counter = prevex["outcomes"]
    refused = Counter(sender for *_, sender, _ in corpus.quarantined)
    lines += [
        "",
        f"Décisions prevex : {outcomes['MATCH']} rattachements, {outcomes['REVIEW']} revues, "
        f"{outcomes['NEW']} nouveaux ménages ; {prevex['households']} ménages créés. "
        f"Lignes refusées à la validation : {len(corpus.quarantined)} sur {n} "
        f"({len(corpus.quarantined) / n:.1%}"
        + (", " + ", ".join(f"{s} {c}" for s, c in refused.most_common()) if refused else "")
        + ").",
        batch_line(prevex, "`match_records`"),
    ]
    lines += ["", "Cibles (issue 9) :", ""] + [
        f"- {text} : {_met(ok)}" for text, ok in targets(settled, unsettled, other, prevex)
    ]
    return "\n".join(lines)


def targets(settled: dict, unsettled: dict, other: dict | None, prevex: dict) -> list:
    merged, total = settled["critical_total"]
    joined, moves = settled["moves"]
    out = [
        (f"F1 revues tranchées ≥ {TARGETS['f1']}", settled["metrics"][2] >= TARGETS["f1"]),
        (
            f"F1 revues non tranchées ≥ {TARGETS['f1_unsettled']}",
            unsettled["metrics"][2] >= TARGETS["f1_unsettled"],
        ),
        (f"taux de revue ≤ {TARGETS['review']:.0%}", prevex["review_rate"] <= TARGETS["review"]),
        (
            f"paires critiques fusionnées ≤ {TARGETS['critical']:.0%}",
            merged <= TARGETS["critical"] * total,
        ),
        (f"déménagements rejoints ≥ {TARGETS['moves']:.0%}", joined >= TARGETS["moves"] * moves),
        (
            f"`match_records` ≥ {TARGETS['rows_per_second']} lignes/s",
            prevex["batch_rate"] >= TARGETS["rows_per_second"],
        ),
    ]
    if other:
        out.append(("F1 prevex > F1 Splink", settled["metrics"][2] > other["metrics"][2]))
        behind = [
            f
            for f in settled["families"]
            if settled["families"][f]["false_pairs"] > 0
            and settled["families"][f]["false_pairs"] >= other["families"][f]["false_pairs"]
        ]
        out.append(
            (
                "moins de fusions à tort que Splink dans chaque famille"
                + (f" (en retard : {', '.join(behind)})" if behind else ""),
                not behind,
            )
        )
    return out
