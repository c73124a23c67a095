"""Scoring a clustering of the independent corpus: per family, critical pairs, moves.

Used by bench/matching.py. Loading needs Django (prevex's row validation turns each row
into the record the import would match); the metrics themselves are plain Python.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime
import shutil
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

from bench.adversarial import generate
from bench.adversarial.world import FAMILIES, PAIRED

TODAY = datetime.date(2025, 12, 1)  # after the corpus's last act


@dataclasses.dataclass
class Corpus:
    rows: list  # (true household, PersonRecord) of the rows the import accepts, sent order
    labels: list  # (family, phase, sender) for each of ``rows``
    quarantined: list  # (true household, family, sender, first error) of the refused rows
    critical: list  # (household a, household b, family)
    description: str
    families: tuple = tuple(FAMILIES)  # scored families, in the report's order
    paired: tuple = tuple(sorted(PAIRED))  # families made of critical pairs


def _read(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def load(
    households: int, seed: int, departement: str = "93", directory: Path | None = None
) -> Corpus:
    """Generate the corpus and validate every row as the import does (Django set up).

    ``directory``: an already written corpus in the same files (truth.csv,
    households.csv, critical_pairs.csv and one CSV per sender), scored as it is; its
    families are read from households.csv."""
    from prevex.intake.communes import Territories
    from prevex.intake.validation import validate_row
    from prevex.matching.records import PersonRecord

    out = directory or Path(tempfile.mkdtemp(prefix="prevex-adversarial-"))
    try:
        if directory is None:
            generate.write(out, households, seed)
        truth = {(t["file"], int(t["line"])): t for t in _read(out / "truth.csv")}
        critical = [
            (p["household_a"], p["household_b"], p["family"])
            for p in _read(out / "critical_pairs.csv")
        ]
        territories = Territories()
        staged = []
        for path in sorted(out.glob("*.csv")):
            if path.name in ("truth.csv", "households.csv", "critical_pairs.csv"):
                continue
            for line, raw in enumerate(_read(path), start=2):
                staged.append((truth[(path.name, line)], raw))
        families = [h["family"] for h in _read(out / "households.csv")]
    finally:
        if directory is None:
            shutil.rmtree(out, ignore_errors=True)
    staged.sort(key=lambda item: (item[0]["sent_on"], item[0]["file"], int(item[0]["line"])))
    known = [f for f in FAMILIES if f in families] + sorted(set(families) - set(FAMILIES))
    corpus = Corpus(
        [], [], [], critical, "", tuple(known), tuple(sorted({f for *_, f in critical}))
    )
    for t, raw in staged:
        data, errors = validate_row(
            raw, territories=territories, today=TODAY, departement=departement
        )
        if errors:
            corpus.quarantined.append((t["household"], t["family"], t["sender"], errors[0]))
            continue
        record = PersonRecord(
            last_name=data["locataire_nom"],
            first_name=data["locataire_prenom"],
            birth_date=data["locataire_date_naissance"],
            co_last_name=data["cotitulaire_nom"],
            co_first_name=data["cotitulaire_prenom"],
            address=data["adresse"],
            postal_code=data["code_postal"],
            commune_insee=data["code_commune"],
            commune_name=data["commune"],
            departement=departement,
            phone=data["telephone"],
        )
        corpus.rows.append((t["household"], record))
        corpus.labels.append((t["family"], t["phase"], t["sender"]))
    origin = (
        f"corpus lu dans {directory.name}/ ({len(families)} ménages)"
        if directory
        else f"corpus indépendant (bench/adversarial, {households} ménages, graine {seed})"
    )
    senders = len({t["sender"] for t, _ in staged})
    corpus.description = (
        f"{origin} : {len(staged)} lignes de {senders} émetteurs, dont {len(corpus.quarantined)} refusées "
        f"(quarantaine) à la validation de l'import"
    )
    return corpus


def _pairs(counter: Counter) -> int:
    return sum(n * (n - 1) // 2 for n in counter.values())


def per_family(assigned: list, corpus: Corpus) -> dict[str, dict]:
    """Precision, recall and false pairs for each family.

    Recall of F: true pairs of F's households found together. Precision of F: among the
    predicted pairs with at least one row of F, the true ones. False pairs: predicted
    pairs with a row of F that join two true households (« fusions à tort »).
    Quarantined rows are not in ``assigned`` and count as found with nobody."""
    truth = [household for household, _ in corpus.rows]
    family_of = {
        household: label[0]
        for (household, _), label in zip(corpus.rows, corpus.labels, strict=True)
    }
    true_pairs = Counter()
    for household, size in Counter(truth).items():
        true_pairs[family_of[household]] += size * (size - 1) // 2
    for household, family, *_ in corpus.quarantined:  # pairs the import can no longer find
        family_of.setdefault(household, family)
    quarantined = Counter(h for h, *_ in corpus.quarantined)
    accepted = Counter(truth)
    for household, lost in quarantined.items():
        size = accepted.get(household, 0) + lost
        true_pairs[family_of[household]] += size * (size - 1) // 2 - (
            accepted.get(household, 0) * (accepted.get(household, 0) - 1) // 2
        )
    clusters: dict = defaultdict(Counter)
    for cluster, household in zip(assigned, truth, strict=True):
        clusters[cluster][household] += 1
    found, predicted, correct = Counter(), Counter(), Counter()
    for members in clusters.values():
        size = sum(members.values())
        by_family = Counter()
        for household, n in members.items():
            by_family[family_of[household]] += n
            found[family_of[household]] += n * (n - 1) // 2
        for family, n in by_family.items():
            predicted[family] += size * (size - 1) // 2 - (size - n) * (size - n - 1) // 2
        for household, n in members.items():
            correct[family_of[household]] += n * (n - 1) // 2
    out = {}
    for family in corpus.families:
        p = correct[family] / predicted[family] if predicted[family] else 1.0
        r = found[family] / true_pairs[family] if true_pairs[family] else 1.0
        out[family] = {
            "precision": p,
            "recall": r,
            "false_pairs": predicted[family] - correct[family],
            "rows": sum(1 for label in corpus.labels if label[0] == family),
        }
    return out


def critical_merged(assigned: list, corpus: Corpus) -> dict[str, tuple[int, int]]:
    """Per family: (critical pairs merged, critical pairs whose both households have rows)."""
    clusters_of: dict = defaultdict(set)
    for cluster, (household, _) in zip(assigned, corpus.rows, strict=True):
        clusters_of[household].add(cluster)
    out: dict[str, list[int]] = {family: [0, 0] for family in corpus.paired}
    for a, b, family in corpus.critical:
        if not clusters_of.get(a) or not clusters_of.get(b):
            continue
        out[family][1] += 1
        out[family][0] += bool(clusters_of[a] & clusters_of[b])
    return {family: (merged, total) for family, (merged, total) in out.items()}


def moves_joined(assigned: list, corpus: Corpus) -> tuple[int, int]:
    """(moves joined, moves): a move is joined when every row sent after it lands in a
    household that holds a row sent before it."""
    before: dict = defaultdict(set)
    after: dict = defaultdict(list)
    for cluster, (household, _), label in zip(assigned, corpus.rows, corpus.labels, strict=True):
        if label[1] == "avant":
            before[household].add(cluster)
        elif label[1] == "apres":
            after[household].append(cluster)
    moves = [h for h in after if before.get(h)]
    joined = sum(all(c in before[h] for c in after[h]) for h in moves)
    return joined, len(moves)


def with_quarantine(assigned: list, corpus: Corpus) -> tuple[list, list]:
    """(predicted, truth) over every row sent: a quarantined row is a household of its own
    for the engines (nothing of it was matched)."""
    predicted = list(assigned) + [("quarantaine", i) for i in range(len(corpus.quarantined))]
    truth = [h for h, _ in corpus.rows] + [h for h, *_ in corpus.quarantined]
    return predicted, truth
