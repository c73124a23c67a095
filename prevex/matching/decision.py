"""The decision on a record from its scored candidates: MATCH, REVIEW or NEW, and why
(rules in the docstring of ``scoring.py`` and docs/decisions/2026-12-01-matching-rules*.md)."""

from __future__ import annotations

from .lookalikes import HOMONYM
from .scored import AMBIGUITY, HIGH, LOW, NAME_GATE, Scored


def _warned(reason: str, scored: Scored) -> str:
    if not scored.warnings:
        return reason
    return f"{reason} Attention : {', '.join(scored.warnings)}."


def _told_apart(best: Scored, other: Scored) -> bool:
    """What tells the best file from another bearing the tenant's name, when the birth
    date alone cannot: the row's very birth date known to the best file only; the flat,
    when the row names the best file's flat and the other file names another flat or
    none (a lease is one flat); the first name, when the other file's is another name
    (Samir / Samia), or is not the row's while the best file's is, letter for letter
    (Emra / Emre); the couple, when both holders of the best file are the row's, at the
    row's dwelling, and the other file is not that couple there (a namesake's, or the
    couple's old file: a duplicate for the secretariat); the row's mobile number, when
    the best file knows it and the other does not (phones.py)."""
    return (
        (best.birth == "same" and other.birth != "same")
        or (best.dwelling == "flat" and (other.flat_conflict or not other.file_flat))
        or other.given_distinct
        or (best.given_exact and other.given_same is False)
        or (best.couple and not best.elsewhere and (other.elsewhere or not other.couple))
        or (best.phone and not other.phone)
    )


def _told_apart_from_all(scored: list[tuple[int, Scored]]) -> tuple[int, Scored] | None:
    """The one file of automatic level that ``_told_apart`` tells from every other file
    bearing the tenant's name — whichever scored first (two files of one name score alike
    when the row gives no birth date: the flat the row names may be the second one's).
    None when there is not exactly one."""
    close = [(pk, s) for pk, s in scored if s.score >= LOW and s.tenant_names >= NAME_GATE]
    apart = [
        (pk, s)
        for pk, s in close
        if s.score >= HIGH and all(_told_apart(s, o) for other, o in close if other != pk)
    ]
    return apart[0] if len(apart) == 1 else None


def decide(scored: list[tuple[int, Scored]]) -> tuple[str, int | None, float, str]:
    """(outcome, household id, score, reason) from candidates sorted best first; the
    reason names the rule that kept a row from an automatic match, and the look-alike
    warnings."""
    if not scored:
        return "NEW", None, 0.0, "Aucun ménage candidat (clés de rapprochement sans résultat)."
    best_id, best = scored[0]
    if best.score >= HIGH and best.birth != "same":
        # The file that knows the person's birth date, and it is the row's, beats a file
        # of the same name that never knew it (a homonym's, or a duplicate): that person.
        dated = next(
            ((pk, s) for pk, s in scored[1:] if s.score >= HIGH and s.birth == "same"), None
        )
        if dated is not None:
            return "MATCH", dated[0], dated[1].score, _warned(f"{dated[1].reason}.", dated[1])
    if best.score >= HIGH:
        if best.birth != "same" and any(
            other.score >= LOW and other.tenant_names >= NAME_GATE and not _told_apart(best, other)
            for _, other in scored[1:]
        ):  # father and son, two files: only the birth date could tell them apart
            apart = _told_apart_from_all(scored)
            if apart is not None:  # another file than the top one, told from all others
                return "MATCH", apart[0], apart[1].score, _warned(f"{apart[1].reason}.", apart[1])
            return (
                "REVIEW",
                None,
                best.score,
                f"Plusieurs dossiers au même nom, dates de naissance non comparables : "
                f"{best.reason}. Attention : {HOMONYM}.",
            )
        if len(scored) > 1 and best.moved != scored[1][1].moved and scored[1][1].score >= HIGH:
            # The same holders in two files, one at the row's address, one at an older
            # address: the file where they live now is the household (the other is a
            # duplicate for the secretariat).
            best_id, best = next((pk, s) for pk, s in scored[:2] if not s.moved)
        elif (
            len(scored) > 1
            and scored[1][1].score >= best.score - AMBIGUITY
            and not _told_apart(best, scored[1][1])
        ):
            return (
                "REVIEW",
                None,
                best.score,
                _warned(f"Plusieurs ménages possibles : {best.reason}.", best),
            )
        return "MATCH", best_id, best.score, _warned(f"{best.reason}.", best)
    why = f" ({best.rule})" if best.rule else ""
    if best.score >= LOW:
        return (
            "REVIEW",
            None,
            best.score,
            _warned(f"Rapprochement incertain{why} : {best.reason}.", best),
        )
    return (
        "NEW",
        None,
        best.score,
        _warned(f"Aucun ménage assez proche{why} (meilleur : {best.reason}).", best),
    )
