"""Benchmark: household matching quality and speed, prevex's engine against Splink 5.

Corpus: the synthetic département generator's noisy ``93`` notification files and their
truth file (``manage.py generate --preset 93 --years 2019 --seed 1 --format csv --scale
S``, written to a temporary directory). When the generator is not available, prevex's
own noisy corpus (prevex.synth.corpus.py) is used instead, and the output says so.
Second corpus (``--corpus adversarial``): the independent one of bench/adversarial/
(docs/adversarial-corpus.md), its rows validated as the import does, scored per family,
with the critical look-alike pairs merged and the moves joined (bench/adversarial/
report.py). Third (``--corpus holdout``): the holdout corpus of bench/holdout/
(docs/holdout-corpus.md), written without reading the matcher nor the other corpora,
scored the same way; ``--corpus-dir DIR`` scores any corpus written in these files.
Without ``--corpus``, all run, each in a fresh process.

prevex: the rows are imported one by one, in the order they were sent (the truth file's
day sent, then file and line), into a fresh SQLite database
(``var/bench/matching.sqlite3``): ``match_record`` → MATCH attaches the row (and, as
the import does, stores its claims and records the move: ``matches_follow_up``), NEW
creates a household, REVIEW is settled by a perfect agent (the truth; as the review
queue does, a row attached at a dwelling the file does not know records the move, and
its way of writing the holder's name is recognised for the next rows) — the review rate
says how much work that is; the F1 with reviews left unsettled is printed too. Splink 5 (DuckDB backend) deduplicates
the same records in the same run: same standardisation (folded names, expanded street
types), u by random sampling, m by EM, clusters at a match probability of 0.9 (and at its
best threshold, for information). Pairwise precision, recall and F1 against the true
household of every row. ``--write-doc`` records the results in docs/benchmarks.md.

Splink and DuckDB are benchmark-only dependencies (uv group ``bench``); prevex never
imports them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench._batch import batch_pass  # noqa: E402
from bench._matching_corpus import DEPARTEMENT, own_corpus, say, synth_corpus  # noqa: E402
from bench._matching_report import (  # noqa: E402
    DOC,
    fmt,
    pairwise,
    report,
    show,
    write_doc,
)
from bench._matching_splink import run_splink  # noqa: E402

DB_PATH = ROOT / "var" / "bench" / "matching.sqlite3"
# <!-- name:start/end --> blocks in DOC
BLOCKS = {
    "main": "matching",
    "stress": "matching-stress",
    "adversarial": "matching-adversarial",
    "holdout": "matching-holdout",
}
STRESS_ARGS = ["--corpus", "generator", "--scale", "0.1", "--noise", "0.4"]
STRESS_ARGS += ["--doc-block", "stress"]
ADVERSARIAL_ARGS = ["--corpus", "adversarial", "--doc-block", "adversarial"]
HOLDOUT_ARGS = ["--corpus", "holdout", "--doc-block", "holdout"]


def setup_django(db_path: Path = DB_PATH) -> None:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    os.environ["PREVEX_DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "prevex.settings.bench"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from prevex.core.territories import load_territories

    load_territories(departements=[DEPARTEMENT])


# --------------------------------------------------------------------------- prevex


def run_prevex(rows: list) -> dict:
    from decimal import Decimal

    from prevex.core.models import Commune, PostalCode
    from prevex.households.models import Household, MemberRole, Parc
    from prevex.households.services import household_create, household_derived_refresh
    from prevex.matching.follow_up import matches_follow_up, review_same_household_follow_up
    from prevex.matching.phones import phones_learn
    from prevex.matching.services import match_decision_record, match_record

    communes = {c.insee: c for c in Commune.objects.filter(departement_id=DEPARTEMENT)}
    by_postcode = {}
    for code, insee in PostalCode.objects.order_by("code", "commune_id").values_list(
        "code", "commune_id"
    ):
        by_postcode.setdefault(code, insee)

    def create(record):
        commune = communes.get(record.commune_insee) or communes.get(
            by_postcode.get(record.postal_code, ""), next(iter(communes.values()))
        )
        members = [
            {
                "role": MemberRole.TITULAIRE,
                "last_name": record.last_name or "?",
                "first_name": record.first_name or "?",
                "birth_date": record.birth_date,
            }
        ]
        if record.co_last_name.strip() and record.co_first_name.strip():
            members.append(
                {
                    "role": MemberRole.COTITULAIRE,
                    "last_name": record.co_last_name,
                    "first_name": record.co_first_name,
                }
            )
        household = household_create(
            by=None,
            departement=DEPARTEMENT,
            composition="AUTRE",
            address=record.address or "?",
            postal_code=record.postal_code or "00000",
            commune=commune,
            parc=Parc.PRIVE,
            rent=Decimal("500"),
            members=members,
        )
        household_derived_refresh(household_ids=[household.pk])
        # as the import does for the row that opens a file (prevex/matching/phones.py)
        phones_learn([(household.pk, DEPARTEMENT, record.phone, "bench", 0)])
        return household

    assigned, reviews, outcomes, errors, trace = [], [], Counter(), [], []
    automatic: dict[int, dict[int, object]] = defaultdict(dict)  # file → {row: record}
    doubts, corrected = 0, 0  # attachments put in doubt, and moved by the agent
    doubt_log: list = []  # (row, file attached to, file opened, reason, moved) for --breakdown
    prevex_of_truth: dict[str, set[int]] = defaultdict(set)
    truth_of_prevex: dict[int, str] = {}
    first_record: dict[str, object] = {}
    matching_seconds = 0.0
    started = time.perf_counter()
    for index, (true_household, record) in enumerate(rows):
        tick = time.perf_counter()
        result = match_record(record=record, departement=DEPARTEMENT)
        matching_seconds += time.perf_counter() - tick
        outcomes[result.outcome] += 1
        if result.outcome == "MATCH":
            household_id = result.household_id
            household = Household.objects.select_related("commune").get(pk=household_id)
            # as the import does: the row's claims, and the move (prevex/matching/claims.py)
            matches_follow_up(matches=[(household_id, record, result, "bench", index, None)])
        else:
            household_id = None
            if result.outcome == "REVIEW":  # a perfect agent settles it
                known = prevex_of_truth.get(true_household, set())
                household_id = next(
                    (c.household_id for c in result.candidates if c.household_id in known), None
                )
            opened = household_id is None
            if opened:
                household = create(record)
            else:  # as the review queue does when the agent says « même ménage »
                household = Household.objects.select_related("commune").get(pk=household_id)
                review_same_household_follow_up(
                    household=household, record=record, on=None, by=None, source_id=index
                )
            household_id = household.pk
            if opened:
                truth_of_prevex.setdefault(household_id, true_household)
                found, moved = _doubts_settled(
                    household_id, result, rows, automatic, prevex_of_truth, truth_of_prevex,
                    assigned, reviews, create, doubt_log,
                )  # fmt: skip
                doubts, corrected = doubts + found, corrected + moved
        match_decision_record(
            result=result, source_kind="bench", source_id=index, household=household
        )
        known = prevex_of_truth.get(true_household)
        kind = "ok"
        if known and household_id not in known:
            kind = "séparé"
            errors.append(("séparé", record, first_record[true_household], result))
        elif truth_of_prevex.get(household_id, true_household) != true_household:
            kind = "confondu"
            errors.append(("confondu", record, first_record[truth_of_prevex[household_id]], result))
        offered = bool(known) and any(c.household_id in known for c in result.candidates)
        # how a review was settled: the top candidate, another one, or a new household
        top = result.candidates[0].household_id if result.candidates else None
        settled = "1er" if known and top in known else ("autre" if offered else "nouveau")
        reference = (
            truth_of_prevex.get(household_id, true_household)
            if kind == "confondu"
            else true_household
        )
        trace.append((result, kind, offered, record, first_record.get(reference, record), settled))
        first_record.setdefault(true_household, record)
        truth_of_prevex.setdefault(household_id, true_household)
        prevex_of_truth[true_household].add(household_id)
        assigned.append(household_id)
        reviews.append(result.outcome == "REVIEW")
        if result.outcome == "MATCH":
            automatic[household_id][index] = record
    elapsed = time.perf_counter() - started
    # The batch interface the import uses, on the full base, and its reference.
    batch = batch_pass([record for _, record in rows], DEPARTEMENT)
    truth = [t for t, _ in rows]
    metrics = pairwise(assigned, truth)
    unsettled = [
        ("review", i) if r else a for i, (a, r) in enumerate(zip(assigned, reviews, strict=True))
    ]
    return {
        "metrics": metrics,
        "metrics_unsettled": pairwise(unsettled, truth),
        "outcomes": outcomes,
        "review_rate": (outcomes["REVIEW"] + doubts) / len(rows),
        "doubts": doubts,
        "doubts_corrected": corrected,
        "doubt_log": [
            (
                j,
                record,
                first_record.get(truth_of_prevex.get(old)),
                first_record.get(truth_of_prevex.get(new)),
                reason,
                moved,
            )
            for j, record, old, new, reason, moved in doubt_log
        ],  # fmt: skip
        "seconds": elapsed,
        "matching_seconds": matching_seconds,
        **batch,
        "households": Household.objects.count(),
        "errors": errors,
        "trace": trace,
        "assigned": assigned,
        "unsettled": unsettled,
    }


def _doubts_settled(
    opened, result, rows, automatic, prevex_of_truth, truth_of_prevex, assigned, reviews,
    create, doubt_log,
) -> tuple[int, int]:  # fmt: skip
    """As the import does when a file opens (prevex/matching/doubts.py): the earlier rows
    attached automatically to a file of the same name, without their birth date being
    compared, that the engine would no longer attach there go to review — settled by the
    perfect agent (the file of their true household among the two, else a new one).
    Returns (rows put in doubt, rows the agent moved)."""
    from prevex.matching import claims, doubts

    olds = doubts.compared_files(opened, result.candidates)
    attached = [(j, old, rec) for old in olds for j, rec in automatic.get(old, {}).items()]
    own = claims.claimed_births_of(source_kind="bench", source_ids=[j for j, _, _ in attached])
    attached = [(j, old, rec, own.get(j, ())) for j, old, rec in attached]
    found = doubts.attachments_in_doubt(opened={opened: olds}, attached=attached)
    if found:
        claims.claims_withdraw(source_kind="bench", source_ids=[d.ref for d in found])
    moved = 0
    for doubt in found:
        j = doubt.ref
        del automatic[doubt.attached_to][j]
        true_household = rows[j][0]
        if truth_of_prevex.get(doubt.attached_to) == true_household:
            choice = doubt.attached_to
        elif truth_of_prevex.get(doubt.opened) == true_household:
            choice = doubt.opened
        else:
            choice = create(rows[j][1]).pk
        assigned[j], reviews[j] = choice, True
        moved += choice != doubt.attached_to
        doubt_log.append(
            (
                j,
                rows[j][1],
                doubt.attached_to,
                doubt.opened,
                doubt.reason,
                choice != doubt.attached_to,
            )
        )
    return len(found), moved


def main(argv: list[str] | None = None, *, stress: bool = True) -> int:
    """From bench/run_all.py (``argv`` given), or from the command line without
    ``--corpus``: each run in a fresh process (so this benchmark's database and settings
    never mix with another's): the generator's corpus, a stress corpus (scale 0.1, 40 %
    of rows noisy; from run_all only), then the independent corpus (bench/adversarial)
    and the holdout corpus (bench/holdout)."""
    if argv is None:
        argv = sys.argv[1:]
    status = 0
    generator = ["--corpus", "generator"]
    runs = (generator, ADVERSARIAL_ARGS, HOLDOUT_ARGS)
    if stress:
        runs = (generator, STRESS_ARGS, ADVERSARIAL_ARGS, HOLDOUT_ARGS)
    for extra in runs:
        command = [sys.executable, str(Path(__file__).resolve()), *argv, *extra]
        status = max(status, subprocess.call(command, cwd=ROOT))
    return status


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.3, help="échelle du générateur")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--noise", type=float, default=None, help="bruit du générateur")
    parser.add_argument(
        "--corpus-households", type=int, default=4000, help="ménages du corpus de secours"
    )
    parser.add_argument("--own-corpus", action="store_true", help="ne pas appeler le générateur")
    parser.add_argument("--no-splink", action="store_true")
    parser.add_argument(
        "--database", type=Path, default=DB_PATH, help="base SQLite (recréée) de ce passage"
    )
    parser.add_argument("--write-doc", action="store_true")
    parser.add_argument("--explain", type=int, default=0, help="montrer N erreurs de prevex")
    parser.add_argument(
        "--breakdown", action="store_true", help="erreurs et revues par famille et par règle"
    )
    parser.add_argument(
        "--doc-block", choices=sorted(BLOCKS), default=None, help="défaut : celui du corpus"
    )
    parser.add_argument(
        "--corpus",
        choices=["generator", "adversarial", "holdout"],
        default=None,
        help="un seul corpus (sans cette option : les deux, chacun dans son processus)",
    )
    parser.add_argument(
        "--households", type=int, default=3000, help="ménages du corpus indépendant"
    )
    parser.add_argument(
        "--corpus-dir",
        type=Path,
        default=None,
        help="un corpus déjà écrit, aux fichiers du corpus indépendant (truth.csv, "
        "households.csv, critical_pairs.csv, un CSV par émetteur), noté de même",
    )
    args, _ = parser.parse_known_args(argv)
    if args.corpus is None and args.corpus_dir is None:
        return main(argv, stress=False)
    if args.doc_block is None:
        args.doc_block = {"adversarial": "adversarial", "holdout": "holdout"}.get(
            args.corpus, "main"
        )
    holdout_dir = None
    if args.corpus == "holdout":
        from bench.holdout.generate import generate

        holdout_dir = Path(tempfile.mkdtemp(prefix="prevex-holdout-"))
        generate(holdout_dir, args.households, args.seed)
        args.corpus_dir = holdout_dir
    if args.corpus_dir is not None:
        args.corpus = "adversarial"

    say("Préparation de la base (SQLite neuve, territoires du 93)…")
    setup_django(args.database)
    adversarial = None
    if args.corpus == "adversarial":
        from bench.adversarial import score

        adversarial = score.load(args.households, args.seed, DEPARTEMENT, args.corpus_dir)
        if holdout_dir is not None:
            shutil.rmtree(holdout_dir, ignore_errors=True)
            adversarial.description = adversarial.description.replace(
                f"corpus lu dans {holdout_dir.name}/",
                f"corpus de contrôle (bench/holdout, graine {args.seed})",
            )
        rows, description = adversarial.rows, adversarial.description
    else:
        source = None if args.own_corpus else synth_corpus(args.scale, args.seed, args.noise)
        if source is None:
            source = own_corpus(args.corpus_households, args.seed)
        rows, description = source
    say(f"Corpus : {description} ({len(rows)} lignes)")
    say("prevex : import ligne à ligne (rapprochement → rattachement ou création)…")
    prevex = run_prevex(rows)
    say(
        f"  {fmt(prevex['metrics'])}, revues {prevex['review_rate']:.2%} (dont "
        f"{prevex['doubts']} rattachements à revoir, dont {prevex['doubts_corrected']} "
        f"corrigés), {prevex['seconds']:.1f} s"
    )
    for kind, record, reference, result in prevex["errors"][: args.explain]:
        say(f"  [{kind}] {show(record)}")
        say(f"       vrai ménage : {show(reference)}")
        say(f"       → {result.outcome} {result.score:.3f} {result.reason}")
    splink = None
    if not args.no_splink:
        say("Splink 5 (DuckDB) : apprentissage, prédiction, regroupement…")
        splink = run_splink(rows)
        say(f"  {fmt(splink['metrics'])}, {splink['seconds']:.1f} s")
    if adversarial is not None and args.breakdown:
        from bench.adversarial.breakdown import breakdown

        say(breakdown(adversarial, prevex))
    if adversarial is not None:
        from bench.adversarial.report import render

        text = render(adversarial, prevex, splink)
    else:
        text = report(description, rows, prevex, splink)
    say("")
    say(text)
    if args.write_doc:
        write_doc(text, BLOCKS[args.doc_block])
        say(f"\nRésultats écrits dans {DOC.relative_to(ROOT)}.")
    return 0


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
