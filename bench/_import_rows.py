"""The notification files of bench/import.py: the generator's (``manage.py generate
--preset 93``, split by month sent) or, when it is unavailable, bench's own row generator
(same columns, same kinds of noise), written under ``var/bench/import/``."""

from __future__ import annotations

import csv
import datetime
import os
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
WORK = ROOT / "var" / "bench" / "import"
SENDERS = {  # file → (organisation type, slug, acts it sends in bench's own rows)
    "caf": ("CAF", "bench-caf-93", ("IMPAYE", "SIGNALEMENT")),
    "commissaires_justice": ("COMMISSAIRE_JUSTICE", "bench-cj-93", ("CDP", "ASSIGNATION", "CQL")),
    "bailleurs_sociaux": ("BAILLEUR_SOCIAL", "bench-bs-93", ()),
    "tribunal": ("TRIBUNAL", "bench-tj-93", ("JUGEMENT",)),
    "prefecture": ("PREFECTURE", "bench-pref-93", ("RFP", "CFP", "EXPULSION")),
}
COLUMNS = [
    "type_acte", "date_acte", "reference_acte", "motif", "locataire_nom", "locataire_prenom",
    "locataire_date_naissance", "cotitulaire_nom", "cotitulaire_prenom", "adresse",
    "code_postal", "commune", "code_commune", "telephone", "email", "bailleur_nom",
    "bailleur_type", "parc", "loyer_mensuel", "charges_mensuelles", "montant_dette",
    "date_audience", "decision", "contradictoire", "cfp_decision", "observations",
]  # fmt: skip


def say(message: str) -> None:
    print(message, flush=True)


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 4:
        return text
    i = rng.randrange(1, len(text) - 2)
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def _fold(text: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


ABBREVIATIONS = {"rue": "r", "avenue": "av", "boulevard": "bd", "place": "pl", "allée": "all"}


def _noisy(rng: random.Random, person: dict, rate: float) -> dict:
    p = dict(person)
    if rng.random() < rate:
        p["last"] = p["last"].upper()
    if rng.random() < rate:
        p["last"], p["first"] = _fold(p["last"]), _fold(p["first"])
    if rng.random() < rate / 2:
        p["last"] = _typo(rng, p["last"])
    if rng.random() < rate / 3:
        p["last"], p["first"] = p["first"], p["last"]
    if rng.random() < rate:
        p["birth"] = ""
    if rng.random() < rate:
        street = p["street"].split(" ", 1)
        p["street"] = f"{ABBREVIATIONS.get(street[0], street[0])} {street[1]}"
    return p


def own_rows(total: int, seed: int, communes: list[tuple[str, str, str]], today) -> dict:
    """Notification rows of ≈ total/2.5 households, one file per sender and per month
    (as partners send their monthly lists), with noise on names and addresses and
    ≈ 1 % of bad rows. Files are named ``AAAA-MM-sender`` and imported in that order."""
    from faker import Faker

    rng = random.Random(seed)
    fake = Faker("fr_FR")
    fake.seed_instance(seed)
    last_names = sorted({fake.last_name() for _ in range(6000)})  # sorted: the same run each time
    first_names = sorted({fake.first_name() for _ in range(3000)})
    streets = sorted({fake.street_name() for _ in range(1500)})
    streets = [s for s in streets if s.split(" ", 1)[0].lower() in ABBREVIATIONS] or streets
    plan = ["IMPAYE", "CDP", "ASSIGNATION", "JUGEMENT", "CQL", "RFP", "CFP", "EXPULSION"]
    files: dict[str, list[dict]] = {}
    sender_of = {act: name for name, (_, _, acts) in SENDERS.items() for act in acts}
    count, household = 0, 0
    while count < total:
        household += 1
        insee, name, postcode = rng.choice(communes)
        person = {
            "last": rng.choice(last_names),
            "first": rng.choice(first_names),
            "birth": f"{rng.randint(1945, 2002)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "street": f"{rng.randint(1, 180)} {rng.choice(streets).lower()}",
        }
        rent = rng.randint(350, 1100)
        day = today - datetime.timedelta(days=rng.randint(400, 2400))
        start = rng.choice([0, 0, 1, 2])
        length = min(len(plan) - start, rng.choice([1, 2, 2, 3, 3, 4, 5]))
        debt = rent * rng.randint(2, 6)
        for act in plan[start : start + length]:
            if day >= today:
                break
            p = _noisy(rng, person, 0.08)
            row = dict.fromkeys(COLUMNS, "")
            row.update(
                type_acte=act,
                date_acte=day.strftime("%d/%m/%Y") if rng.random() < 0.5 else day.isoformat(),
                reference_acte=f"{sender_of[act][:3].upper()}-{household}-{act}",
                locataire_nom=p["last"],
                locataire_prenom=p["first"],
                locataire_date_naissance=p["birth"],
                adresse=p["street"],
                code_postal=postcode,
                commune=name,
                loyer_mensuel=str(rent),
                montant_dette=f"{debt:,}".replace(",", " ") + ",00 €",
                bailleur_type="PERSONNE_PHYSIQUE",
            )
            if act == "ASSIGNATION":
                row["date_audience"] = (day + datetime.timedelta(days=150)).isoformat()
            if act == "JUGEMENT":
                row.update(decision="FERME", contradictoire=rng.choice(["OUI", "NON"]))
            if act == "CFP":
                row["cfp_decision"] = "ACCORDE"
            if rng.random() < 0.01:  # a bad row: impossible date, negative amount…
                row.update(rng.choice([{"date_acte": "31/02/2023"}, {"montant_dette": "-12"}]))
            order = list(SENDERS).index(sender_of[act])
            files.setdefault(f"{day:%Y-%m}-{order}-{sender_of[act]}", []).append(row)
            count += 1
            debt += rent * rng.randint(0, 2)
            day += datetime.timedelta(days=rng.randint(45, 200))
            if act == "EXPULSION" and rng.random() < 0.5:
                break
    for rows in files.values():
        rows.sort(key=lambda r: _iso(r["date_acte"]))
    return dict(sorted(files.items()))


def _iso(value: str) -> str:
    if "/" in value:
        d, m, y = value.split("/")
        return f"{y}-{m}-{d}"
    return value


def write_files(files: dict[str, list[dict]]) -> list[tuple[str, Path, int]]:
    WORK.mkdir(parents=True, exist_ok=True)
    for old in WORK.glob("*.csv"):
        old.unlink()
    out = []
    for name, rows in files.items():
        path = WORK / f"{name}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, COLUMNS, delimiter=";", extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
        out.append((name, path, len(rows)))
    return out


def _generate(out: Path, scale: float, seed: int) -> int:
    """Run the generator (2019, preset 93); returns the number of notification rows."""
    for old in out.glob("*"):
        old.unlink()
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="prevex.settings.test")
    done = subprocess.run(
        [PYTHON, "manage.py", "generate", "--preset", "93", "--years", "2019", "--seed",
         str(seed), "--format", "csv", "--out", str(out), "--scale", f"{scale:.3f}"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=30 * 60,
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError((done.stderr or done.stdout).strip().splitlines()[-1:])
    with (out / "truth.csv").open(encoding="utf-8") as handle:
        return sum(1 for _ in handle) - 1


def generator_files(total: int, seed: int) -> list[tuple[str, Path, int]] | None:
    """The generator's noisy files (about ``total`` rows), split by month of sending
    (``sent_on`` in truth.csv), as partners send monthly lists; None when the
    generator is not installed or fails."""
    command = ROOT / "prevex" / "synth" / "management" / "commands" / "generate.py"
    if not command.exists():
        return None
    out = WORK / "synth"
    out.mkdir(parents=True, exist_ok=True)
    try:
        sample = _generate(out, 0.05, seed)
        _generate(out, 0.05 * total / max(sample, 1) * 1.01, seed)
    except (RuntimeError, subprocess.TimeoutExpired) as error:
        say(f"  générateur indisponible ({error})")
        return None
    sent = {}
    with (out / "truth.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            sent[(row["file"], int(row["line"]))] = row["sent_on"][:7]
    months: dict[str, list[list[str]]] = {}
    header = None
    for order, sender in enumerate(SENDERS):
        path = out / f"{sender}.csv"
        if not path.exists():
            continue
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle, delimiter=";")
            header = next(reader)
            for line, cells in enumerate(reader, start=2):
                month = sent.get((path.name, line), "0000-00")
                months.setdefault(f"{month}-{order}-{sender}", []).append(cells)
    split = WORK / "synth-par-mois"
    split.mkdir(parents=True, exist_ok=True)
    for old in split.glob("*.csv"):
        old.unlink()
    files = []
    for name in sorted(months):
        path = split / f"{name}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter=";", lineterminator="\n")
            writer.writerow(header)
            writer.writerows(months[name])
        files.append((name, path, len(months[name])))
    return files
