"""The words of French address lines: street types and their abbreviations (the
vocabulary of La Poste and of the national address base), complement words, and the
fixes applied to single words before parsing (letters read for digits, a number glued to
a street type or a complement glued to its value, mistyped complement words and street
types). Used by ``prevex.core.addresses``; see
docs/decisions/2026-12-01-names-and-addresses.md.
"""

from __future__ import annotations

import re

from prevex.core.text import STREET_ABBREVIATIONS

EXTRA_STREET_ABBREVIATIONS = {
    "bvd": "boulevard",
    "boul": "boulevard",
    "blvd": "boulevard",
    "avn": "avenue",
    "fg": "faubourg",
    "fbg": "faubourg",
    "qu": "quai",
    "q": "quai",  # « 140 Q. de la Marine » (a lone letter before a street type is quater)
    "prom": "promenade",
    "sent": "sentier",
    # The national standard's own abbreviations (AFNOR NF Z 10-011, La Poste), as
    # landlords' and CAF's tools print them: « SEN DES ECOLES », « PAS E VAILLANT ».
    "sen": "sentier",
    "pas": "passage",
    "chs": "chaussee",
    "tra": "traverse",
    "car": "carrefour",
    "prv": "parvis",
    "mte": "montee",
    "vla": "villa",
    "rpt": "rond point",
    "gal": "general",
    "gen": "general",
    "mal": "marechal",
    "pdt": "president",
    "pres": "president",
    "prof": "professeur",
    "dr": "docteur",
    "lot": "lotissement",
    "chem": "chemin",
    "crs": "cours",
    "esp": "esplanade",
    "hab": "hameau",
    "ham": "hameau",
    "pass": "passage",
    "psg": "passage",
    "rle": "ruelle",
    "sq": "square",
    "zac": "zac",
    "za": "za",
    "zi": "zi",
}
ABBREVIATIONS = {
    **{k: v for k, v in STREET_ABBREVIATIONS.items() if k not in {"res", "cite", "st", "ste"}},
    **EXTRA_STREET_ABBREVIATIONS,
}
# Abbreviations of given names and titles inside a street name (« St » → saint).
NAME_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
# Inside a street name, after its type, « Ch. » is the given name (« av. Ch. de Gaulle »).
IN_NAME_ABBREVIATIONS = {"ch": "charles"}

STREET_TYPES = frozenset(
    {
        "rue",
        "avenue",
        "boulevard",
        "place",
        "allee",
        "impasse",
        "chemin",
        "route",
        "square",
        "cours",
        "passage",
        "quai",
        "villa",
        "sentier",
        "voie",
        "promenade",
        "faubourg",
        "lotissement",
        "hameau",
        "sente",
        "ruelle",
        "mail",
        "parvis",
        "esplanade",
        "rond",
        "chaussee",
        "cheminement",
        "clos",
        "cour",
        "carrefour",
        "traverse",
        "montee",
        "venelle",
        "zac",
        "za",
        "zi",
    }
)
ESTATE_WORDS = frozenset(
    {"residence", "res", "resid", "cite", "ensemble", "domaine", "quartier", "foyer", "hlm"}
)
# Words that announce the dwelling in a bailiff's or a court's prose (« demeurant 44,
# cité Aristide Briand », « domiciliée au 3 rue X »): not part of the address.
DWELLING_VERBS = frozenset(
    {"demeurant", "demeurante", "domicilie", "domiciliee", "residant", "residante", "sis",
     "sise", "habitant", "habitante"}
)  # fmt: skip
_BUILDING = frozenset({"bat", "batiment", "bt", "bloc", "immeuble", "imm", "tour", "batt"})
_STAIRCASE = frozenset({"esc", "escalier", "cage", "entree", "hall", "ent"})
_FLOOR = frozenset({"etage", "etg", "et"})
_FLAT = frozenset(
    {"appt", "appart", "appartement", "apt", "app", "ap", "porte", "pte", "pt", "logement",
     "lgt", "logt", "lgmt", "log", "studio", "chambre", "chbre"}
)  # fmt: skip
# Short words that are a complement only when a value follows (« Pt 21 », « Et 3 »).
_NEEDS_VALUE = frozenset({"et", "pt", "ap", "app", "log", "ent", "hall", "cage", "chambre"})
# Building names that are words (« Tour Essor », « Immeuble Le Ponant »).
_NAMED_BUILDINGS = frozenset({"tour", "immeuble", "imm", "bloc"})
_MONTHS = frozenset(
    {"janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre",
     "octobre", "novembre", "decembre"}
)  # fmt: skip
_SIDES = frozenset({"gauche", "droite", "dte", "gche", "gau", "dr", "face", "fond", "milieu"})
_BOXES = frozenset({"bp", "cs", "tsa", "cedex"})
_LIEU_DIT = frozenset({"lieudit", "ld"})
STOPWORDS = frozenset({"de", "du", "des", "la", "le", "les", "l", "d", "a", "au", "aux", "en"})
NUMBER_SUFFIXES = {"bis": "b", "b": "b", "ter": "t", "t": "t", "quater": "q", "q": "q"}
# The other repetition indices of the national address base (« 84A », « 84 A rue X »):
# a suffix when glued to the number, or standing alone right before a street type.
LETTER_SUFFIXES = {"a": "a", "c": "c", "d": "d"}
_NUMBER = re.compile(r"^(\d{1,4})([a-z]*)$")


def _slips(word: str) -> set[str]:
    """A keyboard slip that keeps the word's letters: one letter doubled (« baat »,
    « escallier ») or two neighbours swapped (« bta », « apartement » → « appratement »);
    for words of six letters or more, one letter dropped too (« batimnt »)."""
    out = {word[:i] + word[i] + word[i:] for i in range(1, len(word))}
    out |= {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(1, len(word) - 1)}
    if len(word) >= 6:
        out |= {word[:i] + word[i + 1 :] for i in range(1, len(word))}
    return out


_SLIPPABLE = {
    "bat": "building", "batiment": "building", "escalier": "staircase", "etage": "floor",
    "appt": "flat", "appart": "flat", "appartement": "flat", "porte": "flat",
    "logement": "flat",
}  # fmt: skip
_KNOWN_WORDS = (
    STREET_TYPES | ESTATE_WORDS | STOPWORDS | _BUILDING | _STAIRCASE | _FLOOR | _FLAT | _SIDES
)
# Mistyped complement words, read only when a value follows (« baat G », « porrte 12 »).
_SLIPPED = {
    slip: kind
    for word, kind in _SLIPPABLE.items()
    for slip in _slips(word)
    if slip not in _KNOWN_WORDS and slip != word
}
# Mistyped street types (« rrue », « avneue », « boulevrad »: ``_slips``, and the first
# letter doubled), read only right after a house number, where a street type is expected.
_STREET_SLIPS = {
    slip: street
    for street in ("rue", "avenue", "boulevard", "allee", "impasse", "chemin", "place", "quai")
    for slip in _slips(street) | {street[0] + street}  # « rrue »: the first letter doubled
    if slip not in _KNOWN_WORDS and slip not in ABBREVIATIONS and slip != street
}


_OCR_NUMBER = re.compile(r"^(?=[0-9oil]*[0-9])[0-9oil]{2,4}$")
_OCR_DIGITS = str.maketrans("oil", "011")


def _ocr_digits(word: str) -> str:
    """« l4 », « I4 » → ``14``, « 1O » → ``10``: letters read or typed for digits in a
    number (a word of 2–4 characters with at least one digit, the others o, i or l)."""
    return word.translate(_OCR_DIGITS) if _OCR_NUMBER.match(word) else word


_GLUED = re.compile(r"^(\d{1,4})([a-z]{1,10})$")
# A complement word glued to its value (« app12 », « bat2 », « esc3 », « pte0807 »).
_GLUED_COMPLEMENT = re.compile(
    r"^(appt|appart|apt|app|pte|porte|logt|lgt|log|bat|batiment|esc|etg)(\d{1,5}[a-z]?)$"
)


def _unglue(word: str) -> list[str]:
    """« 14r », « 3bd », « 12rue » → the number and the street type, split; « 8mai » →
    the day and the month (« rue du 8mai 1945 »); « app12 », « bat2 » → the complement
    and its value; « 14b », « 2eme », « 14bis » are left whole (a suffix, an ordinal)."""
    complement = _GLUED_COMPLEMENT.match(word)
    if complement:
        return list(complement.groups())
    found = _GLUED.match(word)
    if not found or found.group(2) in NUMBER_SUFFIXES:
        return [word]
    tail = found.group(2)
    if tail in _MONTHS or ABBREVIATIONS.get(tail, tail) in STREET_TYPES:
        return list(found.groups())
    return [word]


def _street_slips(words: list[str]) -> list[str]:
    """A mistyped street type right after the house number (and its « bis »), read as
    the street type (« 18 rrue Jean Jaurès »)."""
    for index in range(1, len(words)):
        before = words[index - 1]
        if words[index] in _STREET_SLIPS and (
            _NUMBER.match(before)
            or (before in NUMBER_SUFFIXES and index > 1 and _NUMBER.match(words[index - 2]))
        ):
            words[index] = _STREET_SLIPS[words[index]]
    return words
