"""Senders: each partner writes a row with its own habits.

- the CAF: upper case without accents, usage names, address lines concatenated with the
  complement first (« BAT G PTE 01211 - 14 RTE DE NOISY »), La Poste routing names for
  the commune (« ST OUEN », « AULNAY », « LA PLAINE SAINT-DENIS »);
- social landlords: civility in the surname field (« M. », « MME », « Monsieur »),
  « X épouse Y », the estate and building before the street or instead of it, flat numbers;
- a private letting agency: « Madame », bis/ter written « 33B », birth dates often absent;
- a bailiff (commissaire de justice): formal, full names with accents, « née » and
  « épouse », complements after the street, every birth date;
- the court: birth names, plain street line;
- an association: lower case, typos, birth dates missing or written month first
  (09/17/1984), co-tenant often left out, names sometimes in the wrong columns.
"""

from __future__ import annotations

import dataclasses
import datetime
import random
import unicodedata

from .people import Name, Person, typo, variant
from .places import ABBREVIATIONS, TITLES, Dwelling


def fold(text: str) -> str:
    """Upper case without accents, the way old information systems write."""
    text = text.replace("ı", "i").replace("İ", "I").replace("æ", "ae").replace("œ", "oe")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).upper()


@dataclasses.dataclass
class Sender:
    key: str  # file name without extension
    organisation_type: str  # prevex's OrganisationType value
    name: str
    acts: tuple[str, ...]
    landlord: str = ""  # "SOCIAL" / "PRIVE": sends only about its own tenants


SENDERS = [
    Sender("caf-93", "CAF", "CAF de la Seine-Saint-Denis", ("IMPAYE",)),
    Sender(
        "bailleur-social-habitat93",
        "BAILLEUR_SOCIAL",
        "Habitat Public 93",
        ("IMPAYE", "SAISINE_BAILLEUR_SOCIAL"),
        landlord="SOCIAL",
    ),
    Sender(
        "bailleur-social-plaine",
        "BAILLEUR_SOCIAL",
        "Plaine Logement",
        ("IMPAYE", "SAISINE_BAILLEUR_SOCIAL"),
        landlord="SOCIAL",
    ),
    Sender(
        "agence-immobiliere",
        "BAILLEUR_PRIVE",
        "Agence du Canal, gestion locative",
        ("IMPAYE",),
        landlord="PRIVE",
    ),
    Sender(
        "commissaire-justice",
        "COMMISSAIRE_JUSTICE",
        "Étude Roussel et associés",
        ("CDP", "ASSIGNATION", "CQL"),
    ),
    Sender("tribunal", "TRIBUNAL", "Tribunal de proximité", ("JUGEMENT",)),
    Sender("association", "ASSOCIATION", "Association Droit au Toit 93", ("SIGNALEMENT",)),
]
BY_KEY = {s.key: s for s in SENDERS}


def _rng_for(seed: int, sender: str, person: Person) -> random.Random:
    return random.Random(f"{seed}|{sender}|{person.key}")


# --------------------------------------------------------------------------- names


def surname_field(rng: random.Random, sender: str, person: Person, habit: random.Random) -> str:
    """The surname cell as ``sender`` writes it for ``person``."""
    birth = variant(habit, person.birth_last, 0.6)
    usage = variant(habit, person.usage_last, 0.6) if person.usage_last else ""
    civility = ""
    if sender == "caf-93":
        text = fold(usage or birth)
        if usage and rng.random() < 0.15:
            text = fold(f"{usage} NEE {birth}")
    elif sender.startswith("bailleur-social"):
        if usage:
            text = rng.choice(
                [
                    f"{birth} épouse {usage}",
                    f"{usage} née {birth}",
                    f"{usage}",
                    f"{birth} ép. {usage}",
                ]
            )
        else:
            text = birth
        text = text.upper() if rng.random() < 0.6 else text
        if rng.random() < 0.55:
            civility = rng.choice(
                ["M.", "MR", "Monsieur", "M"] if person.sex == "M" else ["Mme", "MME", "Madame"]
            )
    elif sender == "agence-immobiliere":
        text = usage or birth
        if rng.random() < 0.7:
            civility = "Monsieur" if person.sex == "M" else rng.choice(["Madame", "Mme", "MLLE"])
        if usage and rng.random() < 0.2:
            text = f"{birth} veuve {usage}" if rng.random() < 0.3 else f"{usage} ép {birth}"
    elif sender == "commissaire-justice":
        text = (
            f"{person.birth_last.canonical} épouse {person.usage_last.canonical}"
            if usage
            else (person.birth_last.canonical)
        )
        text = text.upper() if rng.random() < 0.5 else text
    elif sender == "tribunal":
        text = person.birth_last.canonical.upper()
        if usage and rng.random() < 0.3:
            text = (
                f"{person.birth_last.canonical.upper()} ép. {person.usage_last.canonical.upper()}"
            )
    else:  # association
        text = rng.choice([usage or birth, birth]) if usage else birth
        text = text.lower() if rng.random() < 0.3 else text
        if rng.random() < 0.2:
            text = typo(rng, text)
    return f"{civility} {text}".strip() if civility else text


def first_name_field(rng: random.Random, sender: str, person: Person, habit: random.Random) -> str:
    if sender == "commissaire-justice":
        return person.first.canonical
    text = variant(habit, person.first, 0.55)
    if sender == "caf-93":
        return fold(text)
    if sender == "tribunal":
        return text.upper() if rng.random() < 0.3 else text
    if sender == "association":
        if rng.random() < 0.15:
            text = typo(rng, text)
        return text.lower() if rng.random() < 0.3 else text
    return text


def person_cells(rng: random.Random, seed: int, sender: str, person: Person) -> tuple[str, str]:
    habit = _rng_for(seed, sender, person)
    return (
        surname_field(rng, sender, person, habit),
        first_name_field(rng, sender, person, habit),
    )


# --------------------------------------------------------------------------- dates

MISSING_BIRTH_DATE = {
    "caf-93": 0.02,
    "bailleur-social-habitat93": 0.12,
    "bailleur-social-plaine": 0.2,
    "agence-immobiliere": 0.45,
    "commissaire-justice": 0.04,
    "tribunal": 0.1,
    "association": 0.4,
}


def date_cell(rng: random.Random, sender: str, value: datetime.date | None) -> str:
    if value is None:
        return ""
    if sender.startswith("bailleur-social-plaine"):
        return value.isoformat()
    if sender == "association" and rng.random() < 0.3:  # month first, as a US spreadsheet
        return f"{value.month:02d}/{value.day:02d}/{value.year}"
    if sender == "agence-immobiliere" and rng.random() < 0.5:
        return f"{value.day}/{value.month}/{value.year}"
    return value.strftime("%d/%m/%Y")


# --------------------------------------------------------------------------- addresses


def _street(rng: random.Random, dwelling: Dwelling, *, abbreviate: float) -> str:
    street_type = dwelling.street_type
    if rng.random() < abbreviate:
        street_type = rng.choice(ABBREVIATIONS.get(street_type, [street_type]))
    name = dwelling.street
    for long, shorts in TITLES.items():
        if long in name and rng.random() < abbreviate:
            name = name.replace(long, rng.choice(shorts))
    return f"{street_type} {name}"


def _number(rng: random.Random, dwelling: Dwelling, style: str) -> str:
    suffix = dwelling.suffix
    if not suffix:
        return str(dwelling.number)
    if style == "glued":  # 33B, 33BIS
        return f"{dwelling.number}{'B' if suffix in ('bis', 'B') else 'T'}"
    if style == "drop" and rng.random() < 0.5:  # the suffix forgotten
        return str(dwelling.number)
    word = {"B": "bis"}.get(suffix, suffix)
    return f"{dwelling.number} {word}"


def address_cell(rng: random.Random, sender: str, dwelling: Dwelling) -> str:
    d = dwelling
    flat = d.flat
    if sender == "caf-93":
        street = f"{_number(rng, d, 'drop')} {_street(rng, d, abbreviate=0.8)}"
        parts = []
        if d.building:
            parts.append(rng.choice([f"BAT {d.building}", f"Bâtiment {d.building}"]))
        if flat:
            parts.append(rng.choice([f"PTE {flat}", f"Pte 0{flat}", f"APPT {flat}"]))
        if d.estate and rng.random() < 0.4:
            parts.insert(0, d.estate)
        line = ", ".join(parts)
        text = f"{line} - {street}" if line else street
        if d.lieu_dit:
            text = f"{text} {d.lieu_dit}"
        return fold(text) if rng.random() < 0.8 else text
    if sender.startswith("bailleur-social"):
        complement = []
        if d.building:
            complement.append(f"Bât {d.building}")
        if d.staircase:
            complement.append(f"Esc {d.staircase}")
        if flat:
            complement.append(rng.choice([f"Appt {flat}", f"Logt {flat}", f"Porte {flat}"]))
        street = f"{_number(rng, d, 'words')} {_street(rng, d, abbreviate=0.3)}"
        if d.estate and rng.random() < 0.35:  # the estate instead of the street
            return ", ".join([d.estate, *complement])
        if d.estate and rng.random() < 0.5:
            return f"{d.estate} {' '.join(complement)} - {street}"
        return f"{' '.join(complement)} {street}".strip() if complement else street
    if sender == "agence-immobiliere":
        street = f"{_number(rng, d, 'glued')} {_street(rng, d, abbreviate=0.5)}"
        if flat and rng.random() < 0.5:
            street += f" appt {flat[-2:]}"
        return street
    if sender == "commissaire-justice":
        text = f"{_number(rng, d, 'words')}, {d.street_type} {d.street}"
        if d.building:
            text += f", bâtiment {d.building}"
        if d.staircase:
            text += f", escalier {d.staircase}"
        if d.flat:
            floor = {0: "rez-de-chaussée", 1: "1er étage"}.get(d.floor, f"{d.floor}e étage")
            text += f", {floor}, porte {d.flat}"
        if d.lieu_dit:
            text += f", {d.lieu_dit}"
        return text
    if sender == "tribunal":
        return f"{_number(rng, d, 'words')} {d.street_type} {d.street}"
    # association
    text = f"{_number(rng, d, 'drop')} {_street(rng, d, abbreviate=0.7)}"
    if d.building and rng.random() < 0.5:
        text += f" bat {d.building.lower()}"
    if rng.random() < 0.15:
        text = typo(rng, text)
    if rng.random() < 0.08 and d.estate:
        text = f"{d.estate} bat {d.building}"
    return text.lower() if rng.random() < 0.4 else text


def commune_cells(rng: random.Random, sender: str, dwelling: Dwelling) -> tuple[str, str]:
    """(commune, code_commune)."""
    c = dwelling.commune
    if sender == "caf-93":
        return fold(rng.choice(c.spellings)), ""
    if sender in ("commissaire-justice", "tribunal"):
        return c.name, c.insee if sender == "commissaire-justice" else ""
    if sender.startswith("bailleur-social"):
        return (c.name if rng.random() < 0.5 else rng.choice(c.spellings)), (
            c.insee if rng.random() < 0.5 else ""
        )
    if sender == "association" and rng.random() < 0.25:
        return "", ""
    return rng.choice([c.name, *c.spellings]), ""


def name_of(name: Name | None) -> str:
    return name.canonical if name else ""
