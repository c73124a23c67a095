"""Where prevex's errors on the independent corpus come from (``bench/matching.py
--breakdown``): every row that went to review, was split from its household or merged
into another one, counted by family and by the rule that decided it.

A row is *split* when its true household already had rows in prevex and the row was
not put with them (the true file among the candidates or not: « introuvable » when the
lookup did not even offer it); *merged* when it joined a file of another true household;
*review* when the engine asked an agent, counted by how the perfect agent settled it
(« 1er »: the top candidate, « autre »: another candidate, « nouveau »: a new household). Plain Python, on what ``run_prevex`` returns.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

EXAMPLES = 3  # rows shown for each cause


def show(record) -> str:
    from bench._matching_report import show as shown

    return shown(record)


def _rule(result) -> str:
    """The rule behind a decision, without the row's own values."""
    reason = result.reason
    if reason.startswith("Plusieurs dossiers au même nom"):
        return "plusieurs dossiers au même nom (décision)"
    if reason.startswith("Plusieurs ménages possibles"):
        return "plusieurs ménages possibles (décision)"
    if reason.startswith("Aucun ménage candidat"):
        return "aucun candidat"
    best = result.candidates[0] if result.candidates else None
    if best is None:
        return "aucun candidat montré"
    rule = best.rule or "(score sans règle)"
    return re.sub(r"\([^)]*\)", "", rule).strip()


def breakdown(corpus, prevex: dict) -> str:
    """Markdown-ish text: counts of review / split / merged rows by family and rule."""
    counts: Counter = Counter()
    examples: dict = defaultdict(list)
    kinds: Counter = Counter()
    for (household, _), label, trace in zip(
        corpus.rows, corpus.labels, prevex["trace"], strict=True
    ):
        result, kind, found, record, first, settled = trace
        del household
        if kind == "ok" and result.outcome != "REVIEW":
            continue
        if kind == "ok":
            kind = f"revue ({settled})"
        elif kind == "séparé" and not found:
            kind = "séparé (dossier non proposé)"
        family, phase = label[0], label[1]
        where = f"{family}{'/' + phase if phase else ''}"
        key = (kind, _rule(result), where)
        counts[key] += 1
        kinds[kind] += 1
        if len(examples[key]) < EXAMPLES:
            examples[key].append((record, first, result))
    lines = ["Erreurs et revues par cause :", ""]
    for kind, total in kinds.most_common():
        lines.append(f"## {kind} : {total}")
        for (k, rule, where), n in counts.most_common():
            if k == kind and (n >= 2 or kind == "confondu"):
                lines.append(f"  {n:5d}  {rule}  [{where}]")
                for record, first, result in examples[(k, rule, where)]:
                    lines.append(f"           {show(record)}")
                    lines.append(f"             1re ligne du ménage : {show(first)}")
                    lines.append(
                        f"             → {result.outcome} {result.score:.3f} {result.reason}"
                    )
    lines += _doubts(corpus, prevex.get("doubt_log", []))
    return "\n".join(lines)


def _doubts(corpus, log: list) -> list[str]:
    """The attachments put in doubt when a file of the same name opened in the building,
    by family and by whether the perfect agent moved them."""
    counts: Counter = Counter()
    examples: dict = defaultdict(list)
    for j, record, attached_first, opened_first, reason, moved in log:
        family, phase = corpus.labels[j][0], corpus.labels[j][1]
        key = ("déplacé" if moved else "laissé", f"{family}{'/' + phase if phase else ''}")
        counts[key] += 1
        if len(examples[key]) < EXAMPLES:
            examples[key].append((record, attached_first, opened_first, reason))
    lines = ["", f"## rattachements à revoir : {len(log)}"]
    for (verdict, where), n in counts.most_common():
        lines.append(f"  {n:5d}  {verdict}  [{where}]")
        for record, attached_first, opened_first, reason in examples[(verdict, where)]:
            lines.append(f"           {show(record)}")
            lines.append(
                f"             ménage du dossier rattaché, sa 1re ligne : {show(attached_first) if attached_first else '–'}"
            )
            lines.append(
                f"             ménage du dossier ouvert, sa 1re ligne : {show(opened_first) if opened_first else '–'}"
            )
            lines.append(f"             → {reason}")
    return lines
