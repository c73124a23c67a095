"""Communes of the 93 (official reference data) and invented streets and buildings.

The communes, postcodes and INSEE codes are those of the COG / La Poste reference that
prevex vendors (Pierrefitte-sur-Seine is part of Saint-Denis since 2025: postcode 93380,
INSEE 93066). Street names are generic French ones, picked per commune by the seed.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

# postcode, INSEE, official name, La Poste libellé, population weight, other accepted forms
COMMUNES: list[tuple[str, str, str, str, int, tuple[str, ...]]] = [
    ("93300", "93001", "Aubervilliers", "AUBERVILLIERS", 88, ()),
    ("93600", "93005", "Aulnay-sous-Bois", "AULNAY SOUS BOIS", 88, ("AULNAY",)),
    ("93170", "93006", "Bagnolet", "BAGNOLET", 43, ()),
    ("93150", "93007", "Le Blanc-Mesnil", "LE BLANC MESNIL", 62, ("BLANC MESNIL",)),
    ("93000", "93008", "Bobigny", "BOBIGNY", 57, ()),
    ("93140", "93010", "Bondy", "BONDY", 51, ()),
    ("93350", "93013", "Le Bourget", "LE BOURGET", 16, ()),
    ("93390", "93014", "Clichy-sous-Bois", "CLICHY SOUS BOIS", 29, ("CLICHY S/BOIS",)),
    ("93470", "93015", "Coubron", "COUBRON", 5, ()),
    ("93120", "93027", "La Courneuve", "LA COURNEUVE", 47, ("COURNEUVE",)),
    ("93700", "93029", "Drancy", "DRANCY", 72, ()),
    ("93440", "93030", "Dugny", "DUGNY", 12, ()),
    ("93800", "93031", "Épinay-sur-Seine", "EPINAY SUR SEINE", 53, ("EPINAY", "EPINAY/SEINE")),
    ("93220", "93032", "Gagny", "GAGNY", 42, ()),
    ("93460", "93033", "Gournay-sur-Marne", "GOURNAY SUR MARNE", 7, ()),
    ("93450", "93039", "L'Île-Saint-Denis", "L ILE SAINT DENIS", 9, ("L'ILE ST DENIS",)),
    ("93260", "93045", "Les Lilas", "LES LILAS", 24, ()),
    ("93190", "93046", "Livry-Gargan", "LIVRY GARGAN", 47, ()),
    ("93370", "93047", "Montfermeil", "MONTFERMEIL", 29, ()),
    ("93100", "93048", "Montreuil", "MONTREUIL", 112, ("MONTREUIL SOUS BOIS",)),
    ("93360", "93049", "Neuilly-Plaisance", "NEUILLY PLAISANCE", 22, ()),
    ("93330", "93050", "Neuilly-sur-Marne", "NEUILLY SUR MARNE", 40, ("NEUILLY S/MARNE",)),
    ("93160", "93051", "Noisy-le-Grand", "NOISY LE GRAND", 73, ()),
    ("93130", "93053", "Noisy-le-Sec", "NOISY LE SEC", 46, ()),
    ("93500", "93055", "Pantin", "PANTIN", 62, ()),
    (
        "93320",
        "93057",
        "Les Pavillons-sous-Bois",
        "LES PAVILLONS SOUS BOIS",
        26,
        ("PAVILLONS S/BOIS", "PAVILLONS SOUS BOIS"),
    ),
    ("93310", "93061", "Le Pré-Saint-Gervais", "LE PRE SAINT GERVAIS", 17, ("PRE ST GERVAIS",)),
    ("93340", "93062", "Le Raincy", "LE RAINCY", 15, ()),
    ("93230", "93063", "Romainville", "ROMAINVILLE", 37, ()),
    ("93110", "93064", "Rosny-sous-Bois", "ROSNY SOUS BOIS", 47, ("ROSNY",)),
    ("93200", "93066", "Saint-Denis", "SAINT DENIS", 110, ("ST DENIS",)),
    ("93210", "93066", "Saint-Denis", "ST DENIS LA PLAINE", 20, ("LA PLAINE SAINT-DENIS",)),
    ("93380", "93066", "Saint-Denis", "PIERREFITTE SUR SEINE", 30, ("PIERREFITTE",)),
    ("93400", "93070", "Saint-Ouen-sur-Seine", "SAINT-OUEN-SUR-SEINE", 54, ("ST OUEN",)),
    ("93270", "93071", "Sevran", "SEVRAN", 53, ()),
    ("93240", "93072", "Stains", "STAINS", 41, ()),
    ("93290", "93073", "Tremblay-en-France", "TREMBLAY-EN-FRANCE", 38, ("TREMBLAY",)),
    ("93410", "93074", "Vaujours", "VAUJOURS", 8, ()),
    ("93250", "93077", "Villemomble", "VILLEMOMBLE", 30, ()),
    ("93420", "93078", "Villepinte", "VILLEPINTE", 41, ()),
    ("93430", "93079", "Villetaneuse", "VILLETANEUSE", 13, ()),
]

# A postcode people mix up with another (adjacent communes, or districts of one town).
NEIGHBOUR_POSTCODE: dict[str, tuple[str, ...]] = {
    "93200": ("93210", "93400", "93300", "93380"),
    "93210": ("93200", "93300"),
    "93380": ("93200", "93240", "93430"),
    "93300": ("93120", "93200", "93500"),
    "93120": ("93300", "93240", "93700"),
    "93400": ("93200",),
    "93800": ("93430", "93200", "93450"),
    "93240": ("93380", "93120"),
    "93700": ("93000", "93150", "93350"),
    "93000": ("93700", "93130", "93230"),
    "93500": ("93300", "93310", "93000"),
    "93100": ("93170", "93230", "93110"),
    "93170": ("93100", "93260"),
    "93600": ("93270", "93420", "93150"),
    "93270": ("93600", "93420", "93290"),
    "93140": ("93130", "93320", "93250"),
    "93160": ("93360", "93330"),
    "93390": ("93370", "93190"),
}

# Pierrefitte-sur-Seine's INSEE code before it joined Saint-Denis (old systems keep it).
OLD_INSEE = {"93380": "93059"}

STREET_TYPES: list[tuple[str, int]] = [
    ("rue", 50),
    ("avenue", 14),
    ("boulevard", 6),
    ("allée", 7),
    ("place", 3),
    ("impasse", 4),
    ("chemin", 3),
    ("square", 2),
    ("cours", 1),
    ("quai", 1),
    ("sentier", 1),
    ("villa", 2),
    ("passage", 2),
    ("cité", 2),
]

STREET_NAMES = [
    "de la République",
    "Jean Jaurès",
    "du Général de Gaulle",
    "Gabriel Péri",
    "Paul Vaillant-Couturier",
    "du Maréchal Foch",
    "du Maréchal Leclerc",
    "du Général Leclerc",
    "Anatole France",
    "Victor Hugo",
    "Jules Ferry",
    "Pasteur",
    "de Paris",
    "Louise Michel",
    "Pierre et Marie Curie",
    "Henri Barbusse",
    "des Tilleuls",
    "des Lilas",
    "des Acacias",
    "des Peupliers",
    "des Fauvettes",
    "des Marronniers",
    "du Moulin",
    "de la Gare",
    "de l'Église",
    "de la Mairie",
    "Saint-Just",
    "Sainte-Marguerite",
    "Saint-Exupéry",
    "du Docteur Roux",
    "du Président Wilson",
    "Émile Zola",
    "Marcel Cachin",
    "Maurice Thorez",
    "Romain Rolland",
    "Danielle Casanova",
    "Edouard Vaillant",
    "Lucie Aubrac",
    "Jean Moulin",
    "Salvador Allende",
    "Nelson Mandela",
    "Rosa Parks",
    "du 8 Mai 1945",
    "du 19 Mars 1962",
    "de la Paix",
    "de la Liberté",
    "des Frères Lumière",
    "Honoré de Balzac",
    "Georges Brassens",
    "Jacques Prévert",
    "Albert Camus",
    "Aristide Briand",
    "Jules Guesde",
    "Marx Dormoy",
    "de Stalingrad",
    "du Colonel Fabien",
    "des Rosiers",
    "des Glycines",
    "du Stade",
    "des Écoles",
    "Vincent Van Gogh",
    "Gustave Courbet",
    "du Docteur Schweitzer",
    "Saint-Rémy",
    "Sainte-Anne",
    "de la Convention",
    "Roger Salengro",
    "Léon Blum",
    "Blaise Pascal",
    "Condorcet",
    "Voltaire",
    "du Chemin Vert",
    "des Vignes",
    "de la Résistance",
    "du Professeur Calmette",
]

RESIDENCES = [
    "Les Tilleuls",
    "Les Lilas",
    "Le Clos Fleuri",
    "Les Hauts de Seine",
    "La Source",
    "Les Bosquets",
    "Le Parc",
    "Les Jardins",
    "Les Cèdres",
    "Le Belvédère",
    "Les Érables",
    "Les Platanes",
    "La Roseraie",
    "Les Sablons",
    "Le Moulin",
    "Les Trois Rivières",
    "Les Floréal",
    "La Pépinière",
    "Les Glycines",
    "Le Village",
]

# Abbreviations of street types, by style.
TYPE_ABBR_AFNOR = {
    "rue": "RUE",
    "avenue": "AV",
    "boulevard": "BD",
    "allée": "ALL",
    "place": "PL",
    "impasse": "IMP",
    "chemin": "CHE",
    "square": "SQ",
    "cours": "CRS",
    "quai": "QUAI",
    "sentier": "SEN",
    "villa": "VLA",
    "passage": "PAS",
    "cité": "CITE",
}
TYPE_ABBR_LOOSE = {
    "rue": ("r.", "r", "Rue"),
    "avenue": ("Av.", "Ave", "av"),
    "boulevard": ("Bd", "Bvd", "bd"),
    "allée": ("All.", "Allee", "all"),
    "place": ("Pl.", "pl"),
    "impasse": ("Imp.", "imp"),
    "chemin": ("Che.", "ch.", "Chem."),
    "square": ("Sq.", "sq"),
    "cours": ("Crs",),
    "quai": ("Qu.",),
    "sentier": ("Sent.",),
    "villa": ("Vla",),
    "passage": ("Pass.",),
    "cité": ("Cite",),
}
WORD_ABBR = {
    "Général": "Gal",
    "Maréchal": "Mal",
    "Saint": "St",
    "Sainte": "Ste",
    "Président": "Pdt",
    "Docteur": "Dr",
    "Professeur": "Pr",
    "Colonel": "Col",
}
GIVEN_IN_STREETS = {
    "Jean",
    "Paul",
    "Gabriel",
    "Anatole",
    "Victor",
    "Jules",
    "Louise",
    "Pierre",
    "Henri",
    "Émile",
    "Marcel",
    "Maurice",
    "Romain",
    "Danielle",
    "Edouard",
    "Lucie",
    "Salvador",
    "Nelson",
    "Rosa",
    "Honoré",
    "Georges",
    "Jacques",
    "Albert",
    "Aristide",
    "Marx",
    "Vincent",
    "Gustave",
    "Roger",
    "Léon",
    "Blaise",
}


@dataclass
class Commune:
    postcode: str
    insee: str
    name: str
    laposte: str
    others: tuple[str, ...]


@dataclass
class Street:
    kind: str
    name: str
    commune: Commune


@dataclass
class Building:
    bid: str
    street: Street
    number: int | None
    suffix: str  # "", "bis", "ter", "A", "B"
    range_end: int | None
    residence: str | None
    social: bool
    landlord: str  # key into world.LANDLORDS or a private landlord id
    landlord_type: str
    landlord_name: str
    floors: int
    stairs: int
    rent_base: int
    used: set = field(default_factory=set)


@dataclass
class Flat:
    building: Building
    stair: str  # "A", "B", "1"...
    floor: int
    door: str  # "gauche", "droite", "face", ""
    apt: int  # landlord's flat number
    lgt: str  # landlord's internal code
    rent: int
    charges: int


def pick_commune(rng: random.Random, communes: list[Commune], weights: list[int]) -> Commune:
    return rng.choices(communes, weights=weights)[0]


def all_communes() -> tuple[list[Commune], list[int]]:
    cs = [Commune(c[0], c[1], c[2], c[3], c[5]) for c in COMMUNES]
    return cs, [c[4] for c in COMMUNES]


def make_streets(rng: random.Random, commune: Commune, n: int) -> list[Street]:
    names = rng.sample(STREET_NAMES, n)
    kinds = [k for k, _ in STREET_TYPES]
    weights = [w for _, w in STREET_TYPES]
    return [Street(rng.choices(kinds, weights)[0], nm, commune) for nm in names]


def new_flat(rng: random.Random, b: Building) -> Flat:
    for _ in range(200):
        stair = rng.choice("ABCDEFG"[: b.stairs]) if b.stairs > 1 else ("A" if b.social else "")
        floor = rng.randint(0, b.floors)
        door = rng.choice(("gauche", "droite", "face", "")) if not b.social else ""
        key = (stair, floor, door, rng.randint(1, 6) if b.social else 0)
        if key not in b.used:
            b.used.add(key)
            break
    unit = key[3] or ("gauche", "droite", "face", "").index(door) + 1
    apt = floor * 10 + unit + (100 * ("ABCDEFG".index(stair) if stair else 0))
    lgt = f"{rng.randint(1, 9)}{apt:04d}"
    rent = b.rent_base + rng.randint(-60, 90)
    charges = rng.randint(40, 190) if b.social else rng.randint(20, 140)
    return Flat(b, stair, floor, door, apt, lgt, rent, charges)


# ---------------------------------------------------------------- rendering helpers


def strip_accents(s: str) -> str:
    import unicodedata

    s = s.replace("ı", "i").replace("İ", "I").replace("œ", "oe").replace("Œ", "OE")
    s = s.replace("æ", "ae").replace("ß", "ss").replace("’", "'")
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def mojibake(s: str) -> str:
    """UTF-8 bytes read as Windows-1252 (« RÃ©publique »), as a mis-set export does."""
    try:
        return s.encode("utf-8").decode("cp1252")
    except UnicodeDecodeError:
        return s.encode("utf-8").decode("latin-1")


def street_words(
    street: Street,
    *,
    abbreviate_words: bool = False,
    initial_given: bool = False,
    hyphenate_people: bool = False,
) -> str:
    name = street.name
    if abbreviate_words:
        for full, short in WORD_ABBR.items():
            name = re.sub(rf"\b{full}\b", short, name)
    words = name.split(" ")
    if initial_given and len(words) >= 2 and words[0] in GIVEN_IN_STREETS:
        words[0] = words[0][0] + "."
        name = " ".join(words)
    elif hyphenate_people and len(words) == 2 and words[0] in GIVEN_IN_STREETS:
        name = "-".join(words)
    return name


def number_text(b: Building, style: str) -> str:
    """House number as a sender writes it: « 12 bis », « 12B », « 12 B », « 12-14 »…"""
    if b.number is None:
        return ""
    n = str(b.number)
    suf = b.suffix
    if suf:
        short = {"bis": "B", "ter": "T"}.get(suf, suf)
        if style == "afnor":
            n = f"{n} {short}"
        elif style == "tight":
            n = f"{n}{short}"
        elif style == "legal":
            n = f"{n} {suf}"
        else:
            n = f"{n}{suf}" if len(suf) == 1 else f"{n} {suf}"
    if b.range_end:
        if style == "afnor":
            pass
        elif style == "slash":
            n = f"{n}/{b.range_end}"
        else:
            n = f"{n}-{b.range_end}"
    return n
