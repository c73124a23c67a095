"""The generator's corpus of bench/matching.py (``manage.py generate --preset 93``, rows in
the order partners sent them) and its fallback, prevex's own noisy corpus
(prevex.synth.corpus.py)."""

from __future__ import annotations

import csv
import datetime
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEPARTEMENT = "93"


def say(message: str = "") -> None:
    print(message, flush=True)


def _date(value: str) -> datetime.date | None:
    value = (value or "").strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


def synth_corpus(scale: float, seed: int, noise: float | None = None) -> tuple[list, str] | None:
    """(rows, description) from the generator's files, or None when it is unavailable.

    Rows come in the order partners sent them: ``sent_on`` of truth.csv, file, line."""
    from prevex.matching.records import PersonRecord

    out = Path(tempfile.mkdtemp(prefix="prevex-matching-bench-"))
    command = [sys.executable, str(ROOT / "manage.py"), "generate", "--preset", DEPARTEMENT]
    command += ["--years", "2019", "--seed", str(seed), "--format", "csv", "--out", str(out)]
    command += ["--scale", str(scale), *(["--noise", str(noise)] if noise is not None else [])]
    try:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=1800)
        if done.returncode != 0 or not (out / "truth.csv").exists():
            last = (done.stderr or done.stdout).strip().splitlines()[-1:] or [""]
            say(f"  générateur indisponible ({last[0][:160]})")
            return None
        with open(out / "truth.csv", newline="", encoding="utf-8") as handle:
            truth = {
                (row["file"], int(row["line"])): (row["household"], row["sent_on"])
                for row in csv.DictReader(handle, delimiter=";")
            }
        rows = []
        for path in sorted(out.glob("*.csv")):
            if path.name.startswith("truth"):
                continue
            with open(path, newline="", encoding="utf-8-sig") as handle:
                for line, cell in enumerate(csv.DictReader(handle, delimiter=";"), start=2):
                    household, sent_on = truth[(path.name, line)]
                    record = PersonRecord(
                        last_name=cell["locataire_nom"],
                        first_name=cell["locataire_prenom"],
                        birth_date=_date(cell["locataire_date_naissance"]),
                        co_last_name=cell["cotitulaire_nom"],
                        co_first_name=cell["cotitulaire_prenom"],
                        address=cell["adresse"],
                        postal_code=cell["code_postal"].strip(),
                        commune_insee=cell["code_commune"].strip(),
                        commune_name=cell["commune"],
                        departement=DEPARTEMENT,
                        phone=cell.get("telephone") or "",
                    )
                    rows.append(((sent_on, path.name, line), household, record))
    except subprocess.TimeoutExpired:
        say("  le générateur n'a pas terminé en 30 minutes")
        return None
    finally:
        shutil.rmtree(out, ignore_errors=True)
    rows.sort(key=lambda row: row[0])
    amount = "par défaut" if noise is None else f"{noise:.0%} des lignes"
    return [(household, record) for _, household, record in rows], (
        f"fichiers bruités du générateur (preset 93, 2019, graine {seed}, échelle {scale}, "
        f"bruit {amount})"
    )


def own_corpus(households: int, seed: int) -> tuple[list, str]:
    from prevex.core.models import PostalCode
    from prevex.synth.corpus import noisy_corpus

    places = list(
        PostalCode.objects.filter(commune__departement_id=DEPARTEMENT)
        .order_by("code", "commune_id")
        .values_list("commune_id", "code", "commune__name")
    )
    rows = noisy_corpus(households=households, seed=seed, places=places)
    return [(row.truth, row.record) for row in rows], (
        f"corpus bruité de prevex (prevex.synth.corpus.py, {households} ménages, graine "
        f"{seed}) — le générateur du département synthétique n'était pas disponible"
    )
