"""Row validation: every cell of a notification row checked, French messages per cell.

``validate_row`` is the one judge of a row, for files and for the API. It is pure
Python except for the commune lookup, which goes through a ``Territories`` cache
(one query per batch of postcodes instead of one per row).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from prevex.core import clock
from prevex.core.errors import BusinessError
from prevex.core.forms import AmountField
from prevex.core.models import PostalCode
from prevex.core.territories import normalize_commune_name, resolve_commune

from .columns import ACT_TYPES, COLUMNS, canonical_row, clean_text, header_key

CELL_LIMIT = 10_000  # characters per cell
MAX_LENGTHS = {
    "reference_acte": 80,
    "locataire_nom": 120,
    "locataire_prenom": 120,
    "cotitulaire_nom": 120,
    "cotitulaire_prenom": 120,
    "adresse": 250,
    "commune": 120,
    "telephone": 40,
    "email": 250,
    "bailleur_nom": 200,
}
MOTIFS = (
    "IMPAYES",
    "CONGE_VENTE",
    "CONGE_REPRISE",
    "TROUBLES",
    "DEFAUT_ASSURANCE",
    "SANS_DROIT_NI_TITRE",
)
LANDLORD_TYPES = ("PERSONNE_PHYSIQUE", "SCI_FAMILIALE", "PERSONNE_MORALE", "BAILLEUR_SOCIAL")
PARCS = ("PRIVE", "SOCIAL")
DECISIONS = ("FERME", "CONDITIONNELLE", "REJET", "RADIATION")
CFP_DECISIONS = ("ACCORDE", "REFUSE")
YES = {"OUI", "O", "VRAI", "TRUE", "1", "X"}
NO = {"NON", "N", "FAUX", "FALSE", "0"}
EARLIEST_ACT = datetime.date(1990, 1, 1)
EARLIEST_BIRTH = datetime.date(1900, 1, 1)
DATE_FIELDS = ("date_acte", "locataire_date_naissance", "date_audience")
AMOUNT_FIELDS = ("loyer_mensuel", "charges_mensuelles", "montant_dette")

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
_FR = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?: 00:00(?::00)?)?$")
_PHONE_JUNK = re.compile(r"[\s.\-/()]")
_PHONE = re.compile(r"^(?:(?:\+|00)33[1-9]\d{8}|0[1-9]\d{8}|(?:\+|00)\d{8,15})$")
_POSTCODE = re.compile(r"^\d{5}$")
_INSEE = re.compile(r"^(?:\d{5}|2[AB]\d{3})$")
_NAME_EXTRA = set(" -'’.")


@dataclass(frozen=True)
class FieldError:
    """One refusal: which column, the value received, and why (in French)."""

    column: str
    value: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)

    @property
    def label(self) -> str:
        return COLUMNS.get(self.column, self.column)


def _shown(value: str) -> str:
    value = value or ""
    return value if len(value) <= 200 else value[:199] + "…"


def _d(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


# --------------------------------------------------------------------------- territories


class Territories:
    """Postcode → communes, loaded for many postcodes at once and kept for one batch."""

    def __init__(self):
        self._by_code: dict[str, list[tuple[str, str, str, str]]] = {}

    def preload(self, codes) -> None:
        wanted = {c for c in codes if c and _POSTCODE.match(c) and c not in self._by_code}
        if not wanted:
            return
        for code in wanted:
            self._by_code[code] = []
        rows = (
            PostalCode.objects.filter(code__in=wanted)
            .order_by("code", "commune_id", "locality")
            .values_list("code", "commune_id", "commune__name", "commune__departement_id", "locality")
        )
        for code, insee, name, departement, locality in rows:
            self._by_code[code].append((insee, name, departement, locality))

    def resolve(self, postal_code: str, name: str, insee: str) -> tuple[str, str, str]:
        """(INSEE code, name, département) of the commune, or a BusinessError in French."""
        self.preload([postal_code])
        rows = self._by_code.get(postal_code, [])
        if not rows:
            raise BusinessError(f"Code postal {postal_code} inconnu.")
        communes = {insee_: (insee_, name_, dep) for insee_, name_, dep, _ in rows}
        if insee:
            if insee in communes:
                return communes[insee]
            raise BusinessError(
                f"Le code commune {insee} ne correspond pas au code postal {postal_code} "
                f"({', '.join(sorted(c[1] for c in communes.values()))})."
            )
        if name:
            wanted = normalize_commune_name(name)
            exact = {c for c, n, _, _ in rows if normalize_commune_name(n) == wanted}
            if not exact:
                exact = {c for c, _, _, loc in rows if loc and normalize_commune_name(loc) == wanted}
            if len(exact) == 1:
                return communes[exact.pop()]
            if not exact:  # a typo, an old name: the slow and thorough path
                commune = resolve_commune(postal_code=postal_code, name=name)
                return commune.insee, commune.name, commune.departement_id
            communes = {c: communes[c] for c in exact}
        if len(communes) == 1:
            return next(iter(communes.values()))
        listed = ", ".join(f"{n} ({c})" for c, n, _ in sorted(communes.values()))
        raise BusinessError(
            f"Le code postal {postal_code} dessert plusieurs communes : {listed}. "
            "Précisez la commune (colonne commune ou code_commune)."
        )


# --------------------------------------------------------------------------- cells


def parse_date(value: str) -> datetime.date:
    """A date written AAAA-MM-JJ or JJ/MM/AAAA; ValueError with a French message."""
    text = value.strip()
    match = _ISO.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = _FR.match(text)
        if not match:
            raise ValueError(
                f"Date invalide « {_shown(text)} » : utilisez le format JJ/MM/AAAA ou AAAA-MM-JJ."
            )
        day, month, year = (int(g) for g in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValueError(
            f"« {text} » n'est pas une date valide : ce jour n'existe pas au calendrier."
        ) from None


_AMOUNTS = {
    "loyer_mensuel": AmountField(required=False, max_digits=9),
    "charges_mensuelles": AmountField(required=False, max_digits=9),
    "montant_dette": AmountField(required=False, max_digits=10),
}


def parse_amount(column: str, value: str) -> Decimal | None:
    try:
        return _AMOUNTS[column].clean(value)
    except ValidationError as error:
        raise ValueError(" ".join(error.messages)) from None


def _choice(value: str) -> str:
    return header_key(value).upper()


def _is_name(value: str) -> bool:
    return any(c.isalpha() for c in value) and all(c.isalpha() or c in _NAME_EXTRA for c in value)


# --------------------------------------------------------------------------- row


class _Checker:
    def __init__(self, row: dict[str, str], territories: Territories, today: datetime.date):
        self.row = row
        self.territories = territories
        self.today = today
        self.errors: list[FieldError] = []
        self.out: dict = {}

    def error(self, column: str, message: str) -> None:
        self.errors.append(FieldError(column, _shown(self.row.get(column, "")), message))

    def text(self, column: str, *, required: bool = False) -> str:
        value = " ".join(self.row.get(column, "").split())
        if required and not value:
            self.error(column, f"{COLUMNS[column]} : valeur obligatoire manquante.")
        limit = MAX_LENGTHS.get(column)
        if limit and len(value) > limit:
            self.error(column, f"{COLUMNS[column]} : {limit} caractères au plus ({len(value)}).")
        return value

    def choice(self, column: str, values, *, required: bool = False, default: str = "") -> str:
        raw = self.row.get(column, "").strip()
        if not raw:
            if required:
                self.error(column, f"{COLUMNS[column]} : valeur obligatoire manquante.")
            return default
        value = _choice(raw)
        if value not in values:
            self.error(
                column,
                f"{COLUMNS[column]} inconnu(e) : « {_shown(raw)} ». "
                f"Valeurs admises : {', '.join(values)}.",
            )
            return default
        return value

    def date(self, column: str, *, required: bool = False) -> datetime.date | None:
        raw = self.row.get(column, "").strip()
        if not raw:
            if required:
                self.error(column, f"{COLUMNS[column]} : valeur obligatoire manquante.")
            return None
        try:
            return parse_date(raw)
        except ValueError as error:
            self.error(column, f"{COLUMNS[column]} : {error}")
            return None

    def amount(self, column: str) -> Decimal | None:
        raw = self.row.get(column, "").strip()
        if not raw:
            return None
        try:
            return parse_amount(column, raw)
        except ValueError as error:
            self.error(column, f"{COLUMNS[column]} : {error}")
            return None


def _check_cells(c: _Checker) -> None:
    for column in COLUMNS:
        value = c.row.get(column, "")
        if len(value) > CELL_LIMIT:
            c.error(
                column,
                f"Cellule trop longue ({len(value)} caractères) : {CELL_LIMIT} caractères au plus.",
            )
            c.row[column] = ""


def _check_act(c: _Checker) -> None:
    out = c.out
    out["type_acte"] = c.choice("type_acte", ACT_TYPES, required=True)
    out["motif"] = c.choice("motif", MOTIFS, default="IMPAYES")
    out["reference_acte"] = c.text("reference_acte")
    day = c.date("date_acte", required=True)
    if day is not None and day > c.today:
        c.error(
            "date_acte",
            f"La date de l'acte ({_d(day)}) est dans le futur : seuls les actes déjà délivrés "
            "s'enregistrent.",
        )
    elif day is not None and day < EARLIEST_ACT:
        c.error("date_acte", f"Date de l'acte invraisemblable ({_d(day)}) : antérieure à 1990.")
    out["date_acte"] = day
    for column in AMOUNT_FIELDS:
        out[column] = c.amount(column)
    out["observations"] = c.row.get("observations", "").strip()


def _check_judicial(c: _Checker) -> None:
    out, act = c.out, c.out["type_acte"]
    hearing = c.date("date_audience")
    decision = c.choice("decision", DECISIONS)
    contradictoire = None
    raw = c.row.get("contradictoire", "").strip()
    if raw:
        value = _choice(raw)
        if value in YES:
            contradictoire = True
        elif value in NO:
            contradictoire = False
        else:
            c.error("contradictoire", f"Contradictoire : répondez OUI ou NON (reçu « {_shown(raw)} »).")
    cfp = c.choice("cfp_decision", CFP_DECISIONS)
    day = out["date_acte"]
    if act == "ASSIGNATION" and hearing is None and not c.row.get("date_audience", "").strip():
        c.error("date_audience", "La date d'audience est obligatoire pour une assignation.")
    if hearing is not None and act and act != "ASSIGNATION":
        c.error("date_audience", "La date d'audience ne s'indique que pour une assignation.")
    elif hearing is not None and day is not None and hearing <= day:
        c.error(
            "date_audience",
            f"La date d'audience ({_d(hearing)}) doit être postérieure à la date de "
            f"l'assignation ({_d(day)}).",
        )
    if act == "JUGEMENT":
        if not decision and not c.row.get("decision", "").strip():
            c.error("decision", "La décision est obligatoire pour un jugement.")
        if contradictoire is None and not raw:
            c.error("contradictoire", "Indiquez si le jugement est contradictoire (OUI ou NON).")
    elif act:
        if decision:
            c.error("decision", "La décision ne s'indique que pour un jugement.")
        if contradictoire is not None:
            c.error("contradictoire", "Le caractère contradictoire ne s'indique que pour un jugement.")
    if act == "CFP" and not cfp and not c.row.get("cfp_decision", "").strip():
        c.error("cfp_decision", "Indiquez si le concours de la force publique est ACCORDE ou REFUSE.")
    elif act and act != "CFP" and cfp:
        c.error("cfp_decision", "La décision sur le concours ne s'indique que pour l'acte CFP.")
    out.update(
        date_audience=hearing, decision=decision, contradictoire=contradictoire, cfp_decision=cfp
    )


def _check_people(c: _Checker) -> None:
    out = c.out
    for column in ("locataire_nom", "locataire_prenom", "cotitulaire_nom", "cotitulaire_prenom"):
        value = c.text(column, required=column.startswith("locataire"))
        if value and not _is_name(value):
            c.error(column, f"{COLUMNS[column]} invalide : lettres, espaces, tirets et apostrophes.")
        out[column] = value
    if bool(out["cotitulaire_nom"]) != bool(out["cotitulaire_prenom"]):
        missing = "cotitulaire_prenom" if out["cotitulaire_nom"] else "cotitulaire_nom"
        c.error(missing, f"{COLUMNS[missing]} manquant : indiquez le nom et le prénom du cotitulaire.")
    birth = c.date("locataire_date_naissance")
    if birth is not None and not EARLIEST_BIRTH <= birth <= c.today:
        c.error("locataire_date_naissance", f"Date de naissance impossible : {_d(birth)}.")
        birth = None
    out["locataire_date_naissance"] = birth
    phone = c.text("telephone")
    if phone:
        digits = _PHONE_JUNK.sub("", phone)
        if not _PHONE.match(digits):
            c.error("telephone", "Numéro de téléphone invalide (exemple : 06 12 34 56 78).")
        phone = digits
    out["telephone"] = phone
    email = c.text("email")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            c.error("email", "Adresse de courriel invalide.")
    out["email"] = email.lower()


def _check_dwelling(c: _Checker) -> None:
    out = c.out
    out["adresse"] = c.text("adresse", required=True)
    raw_code = c.text("code_postal", required=True).replace(" ", "")
    if raw_code.endswith(".0"):  # a spreadsheet turned it into a number
        raw_code = raw_code[:-2]
    code = raw_code.zfill(5) if raw_code.isdigit() and len(raw_code) == 4 else raw_code
    name = c.text("commune")
    insee = c.row.get("code_commune", "").strip().upper()
    if insee.isdigit() and len(insee) == 4:
        insee = insee.zfill(5)
    out.update(code_postal=code, commune=name, code_commune=insee, departement="")
    if insee and not _INSEE.match(insee):
        c.error("code_commune", f"Code commune « {_shown(insee)} » invalide : 5 caractères (93066, 2A004).")
        return
    if raw_code and not _POSTCODE.match(code):
        c.error("code_postal", f"Code postal « {_shown(raw_code)} » invalide : 5 chiffres.")
        return
    if code:
        try:
            insee, commune_name, departement = c.territories.resolve(code, name, insee)
        except BusinessError as error:
            column = "code_commune" if insee and "code commune" in str(error.messages) else "code_postal"
            c.error(column, " ".join(error.messages))
        else:
            out.update(code_commune=insee, commune=commune_name, departement=departement)
    out["bailleur_nom"] = c.text("bailleur_nom")
    landlord_type = c.choice("bailleur_type", LANDLORD_TYPES)
    parc = c.choice("parc", PARCS)
    if not parc:
        parc = "SOCIAL" if landlord_type == "BAILLEUR_SOCIAL" else ("PRIVE" if landlord_type else "")
    elif landlord_type and (parc == "SOCIAL") != (landlord_type == "BAILLEUR_SOCIAL"):
        c.error("parc", f"Parc {parc} incohérent avec le type de bailleur {landlord_type}.")
    out.update(bailleur_type=landlord_type, parc=parc)


def validate_row(
    raw: dict[str, str],
    *,
    territories: Territories | None = None,
    today: datetime.date | None = None,
) -> tuple[dict | None, list[FieldError]]:
    """Check one row; returns (normalised row, []) or (None, errors in French).

    ``raw`` maps column names (or header spellings: case, accents and spaces are
    ignored) to text. Unknown keys are ignored. The normalised row holds Python values
    (dates, ``Decimal``, booleans) plus ``departement``; see ``to_json``.
    """
    row, _ = canonical_row(raw)
    row = {k: clean_text(v) for k, v in row.items()}
    checker = _Checker(row, territories or Territories(), today or clock.today())
    _check_cells(checker)
    _check_act(checker)
    _check_judicial(checker)
    _check_people(checker)
    _check_dwelling(checker)
    if checker.errors:
        return None, checker.errors
    return checker.out, []


# --------------------------------------------------------------------------- storage


def to_json(normalised: dict) -> dict:
    """The normalised row as JSON values (ISO dates, amounts as text)."""
    out = {}
    for key, value in normalised.items():
        if isinstance(value, datetime.date):
            out[key] = value.isoformat()
        elif isinstance(value, Decimal):
            out[key] = str(value)
        else:
            out[key] = value
    return out


def from_json(data: dict) -> dict:
    out = dict(data)
    for key in DATE_FIELDS:
        out[key] = datetime.date.fromisoformat(data[key]) if data.get(key) else None
    for key in AMOUNT_FIELDS:
        out[key] = Decimal(data[key]) if data.get(key) not in (None, "") else None
    return out


def fingerprint(data: dict) -> str:
    """SHA-256 of a row's content, independent of key order."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def raw_fingerprint(raw: dict[str, str]) -> str:
    """Fingerprint of a row as received: known columns, surrounding spaces ignored."""
    row, _ = canonical_row(raw)
    return fingerprint({k: " ".join(clean_text(v).split()) for k, v in row.items() if v.strip()})

