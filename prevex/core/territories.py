"""French territories: loading the committed COG data and validating addresses.

The data file ``prevex/core/data/territories.json.gz`` is produced once by
``scripts/fetch_territories.py`` from pinned npm packages (see
docs/decisions/2026-11-23-territories-from-npm.md); nothing is fetched at run time.

* ``load_territories`` writes départements, communes and postcodes (bulk, idempotent);
* ``normalize_commune_name``, ``commune_names_agree``, ``communes_for_postcode`` and
  ``resolve_commune`` check a postcode / commune pair typed by a user and answer in
  French: the name is compared with the official name and with La Poste's libellés
  d'acheminement of that postcode (« ST OUEN » with 93400 is Saint-Ouen-sur-Seine,
  « LA PLAINE SAINT-DENIS » with 93210 is Saint-Denis).
"""

from __future__ import annotations

import functools
import gzip
import json
import re
import unicodedata
from pathlib import Path

from django.db import transaction
from rapidfuzz import fuzz

from prevex.core.errors import BusinessError
from prevex.core.models import Commune, Departement, PostalCode

DATA_FILE = Path(__file__).resolve().parent / "data" / "territories.json.gz"
BATCH_SIZE = 1000
# Above this many keys, read the whole table instead of a huge ``IN (...)`` clause.
_MAX_IN_CLAUSE = 2000
# rapidfuzz ratio (0–100) accepted for a typo in a commune name.
_FUZZY_THRESHOLD = 88

_POSTCODE_RE = re.compile(r"^\d{5}$")
_LIGATURES = str.maketrans({"Œ": "OE", "œ": "oe", "Æ": "AE", "æ": "ae", "ß": "ss"})
_ABBREVIATIONS = {"ST": "SAINT", "STE": "SAINTE", "STS": "SAINTS", "STES": "SAINTES"}
# "16E", "1ER", "3EME", "ARRONDISSEMENT": Paris/Lyon/Marseille districts are one commune.
_DISTRICT_WORD = re.compile(r"^(\d+(E|ER|EME|ND)?|ARRONDISSEMENT|ARR)$")


# --------------------------------------------------------------------------- data file


@functools.cache
def read_dataset() -> dict:
    """The committed data file, parsed once per process (treat it as read-only)."""
    with gzip.open(DATA_FILE, "rt", encoding="utf-8") as handle:
        return json.load(handle)


def _normalize_departement_code(code: str) -> str:
    code = code.strip().upper()
    return code.zfill(2) if code.isdigit() and len(code) < 2 else code


def _existing(queryset, field: str, keys: set[str]):
    """Rows of ``queryset`` whose ``field`` is in ``keys`` (whole table when keys is huge)."""
    if len(keys) > _MAX_IN_CLAUSE:
        return queryset
    return queryset.filter(**{f"{field}__in": keys})


def load_territories(*, departements: list[str] | None = None) -> dict[str, dict[str, int]]:
    """Create or update départements, communes and postcodes from the data file.

    ``departements`` restricts the load (e.g. ``["93"]`` for tests and the demo); None
    loads all 101. Idempotent: a second run creates and changes nothing. Existing
    départements (a migration may have created '93') and communes are updated in place;
    nothing is deleted (households may point to a commune that has since merged).

    Returns counts: ``{"departements": {"created", "updated", "unchanged"}, "communes":
    {...}, "postal_codes": {"created", "unchanged"}}``.
    """
    data = read_dataset()
    known = {row[0] for row in data["departements"]}
    if departements is None:
        wanted = known
    else:
        wanted = {_normalize_departement_code(code) for code in departements if code.strip()}
        unknown = sorted(wanted - known)
        if unknown:
            raise BusinessError(
                f"Département(s) inconnu(s) : {', '.join(unknown)}.", code="unknown_departement"
            )
        if not wanted:
            raise BusinessError("Aucun département demandé.", code="no_departement")

    dep_rows = [row for row in data["departements"] if row[0] in wanted]
    commune_rows = [row for row in data["communes"] if row[2] in wanted]
    insee_codes = {row[0] for row in commune_rows}
    postcode_rows = [row for row in data["postal_codes"] if row[1] in insee_codes]

    with transaction.atomic():
        return {
            "departements": _load_departements(dep_rows),
            "communes": _load_communes(commune_rows, insee_codes),
            "postal_codes": _load_postal_codes(postcode_rows, insee_codes),
        }


def _load_departements(rows: list[list]) -> dict[str, int]:
    existing = {d.code: d for d in Departement.objects.filter(code__in=[r[0] for r in rows])}
    to_create, to_update = [], []
    for code, name, region_code in rows:
        current = existing.get(code)
        if current is None:
            to_create.append(Departement(code=code, name=name, region_code=region_code))
        elif (current.name, current.region_code) != (name, region_code):
            current.name, current.region_code = name, region_code
            to_update.append(current)
    Departement.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    Departement.objects.bulk_update(to_update, ["name", "region_code"], batch_size=BATCH_SIZE)
    return _counts(rows, to_create, to_update)


def _load_communes(rows: list[list], insee_codes: set[str]) -> dict[str, int]:
    existing = {
        insee: (insee, name, departement_id, population)
        for insee, name, departement_id, population in _existing(
            Commune.objects.all(), "insee", insee_codes
        ).values_list("insee", "name", "departement_id", "population")
    }
    to_create, to_update = [], []
    for insee, name, departement_id, population in rows:
        current = existing.get(insee)
        commune = Commune(
            insee=insee, name=name, departement_id=departement_id, population=population
        )
        if current is None:
            to_create.append(commune)
        elif current != (insee, name, departement_id, population):
            to_update.append(commune)  # zone_apl is not in the update list: kept as is
    Commune.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    Commune.objects.bulk_update(
        to_update, ["name", "departement", "population"], batch_size=BATCH_SIZE
    )
    return _counts(rows, to_create, to_update)


def _load_postal_codes(rows: list[list], insee_codes: set[str]) -> dict[str, int]:
    existing = set(
        _existing(PostalCode.objects.all(), "commune_id", insee_codes).values_list(
            "code", "commune_id", "locality"
        )
    )
    to_create = [
        PostalCode(code=code, commune_id=insee, locality=locality)
        for code, insee, locality in rows
        if (code, insee, locality) not in existing
    ]
    PostalCode.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    return {"created": len(to_create), "unchanged": len(rows) - len(to_create)}


def _counts(rows: list, created: list, updated: list) -> dict[str, int]:
    return {
        "created": len(created),
        "updated": len(updated),
        "unchanged": len(rows) - len(created) - len(updated),
    }


# --------------------------------------------------------------------------- addresses


def normalize_commune_name(value: str) -> str:
    """Comparable form of a commune name or libellé d'acheminement.

    Capitals without accents, punctuation and hyphens turned into single spaces,
    « ST »/« STE » spelt out, « CEDEX … » and Paris/Lyon/Marseille district numbers
    dropped: ``"St-Denis Cedex 08"`` and ``"SAINT DENIS"`` both give ``"SAINT DENIS"``.
    """
    text = unicodedata.normalize("NFKD", (value or "").translate(_LIGATURES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).upper()
    words = re.sub(r"[^A-Z0-9]+", " ", text).split()
    if "CEDEX" in words:
        words = words[: words.index("CEDEX")]
    words = [_ABBREVIATIONS.get(word, word) for word in words]
    while len(words) > 1 and _DISTRICT_WORD.match(words[-1]):
        words.pop()
    return " ".join(words)


# Words that join a commune's name to its qualifier (« Aulnay-sous-Bois »,
# « Saint-Ouen-sur-Seine », « Saint-Ouen-l'Aumône »): everyday spellings drop the rest.
_QUALIFIER_WORDS = frozenset(
    {"SUR", "SOUS", "LES", "LEZ", "LE", "LA", "L", "EN", "DE", "DU", "DES", "D", "AUX", "AU"}
)
_ARTICLES = frozenset({"LE", "LA", "LES", "L"})


def commune_names_agree(typed: str, official: str) -> bool:
    """Whether a commune name as typed may designate ``official`` (a commune name or a
    La Poste libellé d'acheminement), both given through ``normalize_commune_name``.

    Besides equality: the same words in another order (« LA PLAINE SAINT DENIS » and
    the libellé « ST DENIS LA PLAINE »), a leading article dropped (« ILE SAINT DENIS »),
    or one name cut before its qualifier (« ST OUEN » for « SAINT OUEN SUR SEINE »,
    « AULNAY » for « AULNAY SOUS BOIS »), or the joining words abbreviated or left out
    (« EPINAY/SEINE », « PAVILLONS S/BOIS »). Callers only compare the communes that the
    postcode serves, so the postcode must agree for any of these to count.
    """
    if not typed or not official:
        return False
    if typed == official:
        return True
    a, b = typed.split(), official.split()
    if sorted(a) == sorted(b):
        return True
    if a[0] in _ARTICLES and len(a) > 1:
        a = a[1:]
    if b[0] in _ARTICLES and len(b) > 1:
        b = b[1:]
    if a == b:
        return True
    short, long = (a, b) if len(a) < len(b) else (b, a)
    if long[: len(short)] == short and long[len(short)] in _QUALIFIER_WORDS:
        return True
    # The joining words abbreviated or left out: « EPINAY/SEINE », « NEUILLY S MARNE »,
    # « PAVILLONS S/BOIS » (« S/ » stands for « sur » and « sous » alike).
    core = _core(a)
    return bool(core) and core == _core(b)


def _core(words: list[str]) -> list[str]:
    """The words of a name without its joining words and their « S » abbreviation."""
    return [w for w in words if w not in _QUALIFIER_WORDS and w != "S"]


def _head(name: str) -> str:
    """The name cut before its qualifier (« PIERREFITTE » for « PIERREFITTE SUR SEINE »),
    for the typo path: a typo in a name typed without its qualifier."""
    words = name.split()
    start = 1 if len(words) > 1 and words[0] in _ARTICLES else 0
    for index in range(start + 1, len(words)):
        if words[index] in _QUALIFIER_WORDS:
            return " ".join(words[start:index])
    return " ".join(words[start:])


def _clean_postcode(postal_code: str) -> str:
    return re.sub(r"\s+", "", postal_code or "")


def communes_for_postcode(code: str) -> list[Commune]:
    """Communes served by a postcode, by name then INSEE code ([] when unknown)."""
    code = _clean_postcode(code)
    if not _POSTCODE_RE.match(code):
        return []
    return list(
        Commune.objects.filter(postal_codes__code=code)
        .select_related("departement")
        .distinct()
        .order_by("name", "insee")
    )


def _describe(communes: list[Commune], *, with_insee: bool = False) -> str:
    if with_insee:
        return ", ".join(f"{c.name} ({c.insee})" for c in communes)
    return ", ".join(c.name for c in communes)


def _match_by_name(postal_code: str, name: str, candidates: list[Commune]) -> list[Commune]:
    """Candidates matching ``name``: by commune name first, then by libellé
    d'acheminement (old names of merged communes, « PARIS » for Boulogne's 75016),
    then tolerating a typo."""
    wanted = normalize_commune_name(name)
    if not wanted:
        return []
    names = {c.insee: normalize_commune_name(c.name) for c in candidates}
    by_name = [c for c in candidates if names[c.insee] == wanted]
    if by_name:
        return by_name
    localities: dict[str, set[str]] = {c.insee: set() for c in candidates}
    for insee, locality in PostalCode.objects.filter(
        code=postal_code, commune__in=candidates
    ).values_list("commune_id", "locality"):
        if locality:
            localities[insee].add(normalize_commune_name(locality))
    by_locality = [c for c in candidates if wanted in localities[c.insee]]
    if by_locality:
        return by_locality
    by_alias = [
        c
        for c in candidates
        if any(commune_names_agree(wanted, n) for n in {names[c.insee], *localities[c.insee]})
    ]
    if by_alias:
        return by_alias
    scores = {
        c.insee: max(
            max(fuzz.ratio(wanted, s), fuzz.ratio(wanted, _head(s)))
            for s in {names[c.insee], *localities[c.insee]}
        )
        for c in candidates
    }
    best = max(scores.values())
    if best < _FUZZY_THRESHOLD:
        return []
    return [c for c in candidates if scores[c.insee] == best]


def resolve_commune(
    *, postal_code: str, name: str | None = None, insee: str | None = None
) -> Commune:
    """The commune meant by a postcode plus, when given, an INSEE code or a name.

    Raises a BusinessError (a ValidationError) with a French message when the postcode
    is malformed or unknown, when the INSEE code or the name does not belong to the
    postcode, or when the postcode serves several communes and nothing says which one.
    """
    code = _clean_postcode(postal_code)
    if not _POSTCODE_RE.match(code):
        raise BusinessError(
            f"Code postal « {postal_code} » invalide : il doit comporter 5 chiffres.",
            code="invalid_postcode",
        )
    candidates = communes_for_postcode(code)
    if not candidates:
        raise BusinessError(f"Code postal {code} inconnu.", code="unknown_postcode")

    if insee:
        insee_code = insee.strip().upper()
        for commune in candidates:
            if commune.insee == insee_code:
                return commune
        raise BusinessError(
            f"Le code commune {insee_code} ne correspond pas au code postal {code} "
            f"({_describe(candidates)}).",
            code="insee_mismatch",
        )

    if name and name.strip():
        matches = _match_by_name(code, name, candidates)
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise BusinessError(
                f"La commune « {name.strip()} » ne correspond pas au code postal {code} "
                f"({_describe(candidates)}).",
                code="name_mismatch",
            )
        candidates = matches

    if len(candidates) == 1:
        return candidates[0]
    raise BusinessError(
        f"Le code postal {code} dessert plusieurs communes : "
        f"{_describe(candidates, with_insee=True)}. Précisez la commune.",
        code="ambiguous_postcode",
    )
