"""Check: a row copied from every household of the demo département lands on its file.

What issue 8's acceptance asks on ``make demo`` (« importing a row copied from any demo
household attaches to it »), at full size and in two forms:

- ``exact``: the holder, the co-tenant, the birth date and the dwelling as the file
  stores them;
- ``styled``: the same people written as partners write them (seeded, reproducible):
  upper case without accents, a civility before the surname (30 %), the street type
  abbreviated (« R. », « AV », « BD »), the birth date in ISO form (30 %), the holder and
  the co-tenant swapped (30 % of couples), the birth date left out (10 %).

    python bench/demo_copies.py [--forms exact,styled] [--seed 7]

A fresh SQLite database (``var/bench/demo-copies.sqlite3``) gets ``manage.py
demo_setup``; each form is imported, as the demo CAF (which may send a « Signalement »),
into a copy of that database with ``prevex.intake.services.file_import``. The report
counts, for each form, the rows that landed on their own file (imported, or held for the
secretariat to open the file to the CAF: « Nouvel intervenant »), the rows held as an
uncertain match, and — what must never happen — the rows attached to another file or
that opened a new one. Exit status 1 when any row of the ``exact`` form is not on its
file.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import shutil
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.matching import setup_django  # noqa: E402

DB_PATH = ROOT / "var" / "bench" / "demo-copies.sqlite3"
COLUMNS = [
    "type_acte", "date_acte", "reference_acte", "locataire_nom", "locataire_prenom",
    "locataire_date_naissance", "cotitulaire_nom", "cotitulaire_prenom", "adresse",
    "code_postal", "commune", "code_commune",
]  # fmt: skip
STREET_TYPES = (
    ("boulevard", "BD"), ("avenue", "AV"), ("rue", "R."), ("allée", "ALL"),
    ("place", "PL"), ("chemin", "CHE"), ("impasse", "IMP"),
)  # fmt: skip


def say(message: str = "") -> None:
    print(message, flush=True)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().upper()


def _abbreviated(address: str) -> str:
    lower = address.lower()
    for word, short in STREET_TYPES:
        at = lower.find(f" {word} ")
        if at >= 0:
            return address[: at + 1] + short + address[at + 1 + len(word) :]
    return address


def _person(member, styled: bool, rng: random.Random) -> tuple[str, str, str]:
    last, first = member.last_name, member.first_name
    born = member.birth_date.strftime("%d/%m/%Y") if member.birth_date else ""
    if styled:
        last, first = _fold(last), _fold(first)
        if rng.random() < 0.3:
            last = rng.choice(("M. ", "MME ", "Monsieur ", "Madame ")) + last
        if member.birth_date and rng.random() < 0.3:
            born = member.birth_date.isoformat()
        if rng.random() < 0.1:
            born = ""
    return last, first, born


def rows_of(households, holders, styled: bool, seed: int) -> bytes:
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(COLUMNS)
    for household in households:
        people = holders.get(household.pk)
        if not people:
            continue
        if styled and len(people) > 1 and rng.random() < 0.3:
            people = [people[1], people[0], *people[2:]]
        last, first, born = _person(people[0], styled, rng)
        co = people[1] if len(people) > 1 else None
        address, commune = household.address, household.commune.name
        if styled:
            address, commune = _fold(_abbreviated(address)), _fold(commune)
        writer.writerow([
            "SIGNALEMENT", "01/06/2026", f"COPIE-{household.pk}", last, first, born,
            co.last_name if co else "", co.first_name if co else "", address,
            household.postal_code, commune, household.commune_id,
        ])  # fmt: skip
    return out.getvalue().encode("utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forms", default="exact,styled")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    say("Base de démonstration (manage.py demo_setup)…")
    setup_django(DB_PATH)
    from django.core.management import call_command
    from django.db import connections

    call_command("demo_setup", verbosity=0)
    connections.close_all()
    misplaced_exact = 0
    for form in args.forms.split(","):
        copy = DB_PATH.with_name(f"demo-copies-{form}.sqlite3")
        shutil.copy(DB_PATH, copy)
        connections["default"].settings_dict["NAME"] = str(copy)
        connections.close_all()
        misplaced = _import_form(form, args.seed)
        connections.close_all()
        if form == "exact":
            misplaced_exact = misplaced
    return 1 if misplaced_exact else 0


def _import_form(form: str, seed: int) -> int:
    from prevex.accounts.models import Membership
    from prevex.households.models import Household, Member, MemberRole
    from prevex.intake.models import ImportRow
    from prevex.intake.services import file_import

    caf = Membership.objects.select_related("organisation").get(user__username="demo-caf")
    households = list(
        Household.objects.filter(departement_id="93").select_related("commune").order_by("pk")
    )
    holders: dict[int, list] = {}
    for member in Member.objects.filter(role=MemberRole.TITULAIRE).order_by("id"):
        holders.setdefault(member.household_id, []).append(member)
    content = rows_of(households, holders, styled=form == "styled", seed=seed)
    before = Household.objects.count()
    started = time.perf_counter()
    batch = file_import(
        source=caf.organisation, content=content, filename=f"copies-{form}.csv", by=caf
    )
    seconds = time.perf_counter() - started
    outcomes, misplaced, uncertain = Counter(), [], []
    for row in ImportRow.objects.filter(batch=batch).order_by("line"):
        own = int(row.reference_acte.split("-")[1])
        if row.household_id == own:
            outcomes[f"sur son dossier ({row.get_status_display()})"] += 1
        elif row.household_id is None and row.status == "REVUE":
            outcomes["en revue, dossier à confirmer"] += 1
            uncertain.append(row)
        else:
            outcomes["AUTRE DOSSIER ou NOUVEAU"] += 1
            misplaced.append(row)
    say(
        f"\n== {form} : {batch.lus} lignes en {seconds:.0f} s ; ménages {before} → "
        f"{Household.objects.count()}"
    )
    for outcome, count in outcomes.most_common():
        say(f"  {count:6d}  {outcome}")
    for row in [*misplaced[:20], *uncertain[:5]]:
        raw = row.raw
        say(
            f"    ligne {row.line} ({row.status}) : {raw.get('locataire_nom')} "
            f"{raw.get('locataire_prenom')} ({raw.get('locataire_date_naissance')}), "
            f"{raw.get('adresse')} → dossier {row.household_id}"
        )
    return len(misplaced)


if __name__ == "__main__":
    sys.exit(main())
