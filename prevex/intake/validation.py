"""Row validation: every cell of a notification row checked, French messages per cell.

``validate_row`` is the one judge of a row, for files and for the API. It is pure
Python except for the commune lookup, which goes through a ``Territories`` cache
(one query per batch of postcodes instead of one per row).
"""

from __future__ import annotations

import datetime
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from prevex.core import clock
from prevex.core.errors import BusinessError, forget_traceback
from prevex.core.phones import mobile_number
from prevex.core.text import clean_text, fold

from .births import read_birth_date
from .cells import (  # noqa: F401
    _d,
    _shown,
    parse_amount,
    parse_birth_date,
    parse_date,
)
from .checker import MAX_LENGTHS, FieldError, _Checker, _choice, _marked  # noqa: F401
from .columns import (
    ACT_NAMES,
    ACT_TYPES,
    COLUMNS,
    EXTRA_CELLS,
    UNREADABLE_CELLS,
    canonical_row,
)
from .communes import Territories
from .storage import (  # noqa: F401 — re-exported: the API and the engine import them from here
    AMOUNT_FIELDS,
    fingerprint,
    from_json,
    raw_fingerprint,
    row_fingerprint,
    to_json,
)

CELL_LIMIT = 10_000  # characters per cell
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
# The judgment's own words (folded by ``_choice``). The column says whether the tenant
# was present or represented, which decides when the judge's delays run (code de
# procédure civile, art. 511): « contradictoire » is yes; a judgment « réputé
# contradictoire » (art. 473) or « par défaut » was rendered in the tenant's absence: no.
PRESENT = {"CONTRADICTOIRE"}
ABSENT = {"REPUTE_CONTRADICTOIRE", "PAR_DEFAUT", "DEFAUT", "NON_CONTRADICTOIRE"}
EARLIEST_ACT = datetime.date(1990, 1, 1)
EARLIEST_BIRTH = datetime.date(1900, 1, 1)

_PHONE_JUNK = re.compile(r"[\s.\-/()]")
_PHONE_LABEL = re.compile(
    r"^\s*(?:t[ée]l[ée]?(?:phone)?|portable|mobile|fixe|domicile|dom|gsm|port)\b[\s.:°n]*",
    re.IGNORECASE,
)
_TRUNK_ZERO = re.compile(r"^(\+|00)330(?=\d{9}$)")
# ASCII digits only: « \d » alone would take ９ or ٣ as digits.
_PHONE = re.compile(r"^(?:(?:\+|00)33[1-9]\d{8}|0[1-9]\d{8}|(?:\+|00)\d{8,15})$", re.ASCII)
_POSTCODE = re.compile(r"^\d{5}$")
_INSEE = re.compile(r"^(?:\d{5}|2[AB]\d{3})$")
_NAME_EXTRA = set(" -'’.,")


_ACT_NAMES = {_choice(name): code for code, names in ACT_NAMES.items() for name in names}


def _is_name(value: str) -> bool:
    """Letters, spaces, hyphens, apostrophes, dots and commas; a letter may carry up to two
    combining accents that no precomposed letter holds (« i̇smail »: « İsmail »
    lower-cased, i + U+0307; Vietnamese « ệ » decomposed), never a pile of them."""
    marks = None  # combining marks after the last letter; None: no letter just before
    for c in value:
        if _combining(c):
            if marks is None or marks == 2:
                return False
            marks += 1
        elif c.isalpha():
            marks = 0
        elif c in _NAME_EXTRA:
            marks = None
        else:
            return False
    return any(c.isalpha() for c in value)


def _combining(c: str) -> bool:
    return unicodedata.category(c) in ("Mn", "Mc")


# --------------------------------------------------------------------------- row


def act_refusal_text(sender_label: str, act: str) -> str:
    """Why a sender may not transmit this act type (the act matrix)."""
    who = f"Votre organisation ({sender_label})" if sender_label else "Votre organisation"
    return (
        f"{who} ne peut pas transmettre l'acte {act} : seuls les intervenants qui le "
        "délivrent ou le reçoivent l'enregistrent (un jugement : le tribunal ou le "
        "secrétariat de la CCAPEX). Aucune donnée de cette ligne n'a été enregistrée."
    )


def _check_cells(c: _Checker) -> None:
    for column in _marked(c.row, UNREADABLE_CELLS):
        c.error(column, "")  # the cell's message (``_Checker.marked``)
    extra = c.row.get(EXTRA_CELLS, "")
    if extra:
        count = extra.count(" | ") + 1
        c.error(
            EXTRA_CELLS,
            f"La ligne compte {count} cellule{'s' if count > 1 else ''} de plus que "
            "l'en-tête : une valeur contient sans doute le séparateur du fichier sans être "
            "entre guillemets (par exemple « 1950,00 » dans un fichier séparé par des "
            "virgules), et les colonnes qui suivent sont décalées. Remettez chaque valeur dans "
            "sa colonne (les cellules en trop sont alors oubliées), ou entourez cette valeur "
            "de guillemets dans le fichier.",
        )
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
    out["type_acte"] = c.choice("type_acte", ACT_TYPES, required=True, names=_ACT_NAMES)
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
        if value in YES or value in PRESENT:
            contradictoire = True
        elif value in NO or value in ABSENT:
            contradictoire = False
        else:
            c.error(
                "contradictoire", f"Contradictoire : répondez OUI ou NON (reçu « {_shown(raw)} »)."
            )
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
            c.error(
                "contradictoire", "Le caractère contradictoire ne s'indique que pour un jugement."
            )
    if act == "CFP" and not cfp and not c.row.get("cfp_decision", "").strip():
        c.error(
            "cfp_decision", "Indiquez si le concours de la force publique est ACCORDE ou REFUSE."
        )
    elif act and act != "CFP" and cfp:
        c.error("cfp_decision", "La décision sur le concours ne s'indique que pour l'acte CFP.")
    out.update(
        date_audience=hearing, decision=decision, contradictoire=contradictoire, cfp_decision=cfp
    )
    _check_served(c)


def _check_served(c: _Checker) -> None:
    """The judgment's signification (optional, only stored when given: the fingerprints
    of rows without it are unchanged): only on a judgment, not before it, not in the
    future (docs/decisions/2026-12-06-signification-in-imports.md)."""
    served = c.date("date_signification")
    if served is None:
        return
    act, day = c.out["type_acte"], c.out["date_acte"]
    if act and act != "JUGEMENT":
        c.error(
            "date_signification",
            "La date de signification ne s'indique que pour un jugement (type d'acte "
            f"JUGEMENT), pas pour l'acte {act}.",
        )
    elif served > c.today:
        c.error(
            "date_signification",
            f"La date de signification ({_d(served)}) est dans le futur : seules les "
            "significations déjà faites s'enregistrent.",
        )
    elif day is not None and served < day:
        c.error(
            "date_signification",
            f"Le jugement ne peut avoir été signifié ({_d(served)}) avant d'être rendu "
            f"({_d(day)}).",
        )
    else:
        c.out["date_signification"] = served


def _dialled(cell: str) -> str:
    """The number without spaces, dots, dashes or brackets; « +33 (0)1 48 … »: the trunk 0
    written after the country code is not dialled."""
    return _TRUNK_ZERO.sub(r"\g<1>33", _PHONE_JUNK.sub("", cell))


def _check_people(c: _Checker) -> None:
    out = c.out
    for column in ("locataire_nom", "locataire_prenom", "cotitulaire_nom", "cotitulaire_prenom"):
        value = c.text(column, required=column.startswith("locataire"))
        if value and not _is_name(value):
            c.error(
                column,
                f"{COLUMNS[column]} invalide : lettres, espaces, tirets, apostrophes, points et virgules.",
            )
        out[column] = value
    if bool(out["cotitulaire_nom"]) != bool(out["cotitulaire_prenom"]):
        missing = "cotitulaire_prenom" if out["cotitulaire_nom"] else "cotitulaire_nom"
        c.error(
            missing, f"{COLUMNS[missing]} manquant : indiquez le nom et le prénom du cotitulaire."
        )
    out["locataire_date_naissance"] = read_birth_date(c, EARLIEST_BIRTH)
    phone = c.text("telephone")
    if phone:
        digits = _dialled(phone)
        if not _PHONE.match(digits):
            # As spreadsheets and partners' tools write a mobile number: « +33 (0)6 … »,
            # the leading 0 lost, a label, a landline beside it (prevex/core/phones.py).
            digits = mobile_number(phone) or digits
        if not _PHONE.match(digits):  # « Tél. : 01 48 … », « Fixe 01 … »: a label
            digits = _dialled(_PHONE_LABEL.sub("", phone))
        if not _PHONE.match(digits):
            c.error("telephone", "Numéro de téléphone invalide (exemple : 06 12 34 56 78).")
        phone = digits
    out["telephone"] = phone
    email = c.text("email")
    if email:
        try:
            validate_email(email)
        except ValidationError as error:
            forget_traceback(error)
            c.error("email", "Adresse de courriel invalide.")
    out["email"] = email.lower()


# A postcode before other words (« F-93200 Saint-Denis », « 93 200 CEDEX 9 »).
_CODE_FIRST = re.compile(
    r"^(?:FR?[\s\-]*)?(\d{2})\s?(\d{3})(?:[\s,\-]+([^\W\d_].*))?$", re.IGNORECASE
)
_CEDEX = re.compile(r"^(?:cedex(?: \d{1,2})?)?$")


def _code_and_name(cell: str) -> tuple[str, str]:
    """(postcode, rest) of a cell that begins with a postcode; ("", "") otherwise."""
    match = _CODE_FIRST.match(cell.strip())
    if not match:
        return "", ""
    return match.group(1) + match.group(2), (match.group(3) or "").strip()


def _same_commune(c: _Checker, code: str, first: str, second: str) -> bool:
    """Both names are the commune of ``code`` (the postcode cell's and the column's)."""
    try:
        return (
            c.territories.resolve(code, first, "")[0] == c.territories.resolve(code, second, "")[0]
        )
    except BusinessError:
        return False


def _check_dwelling(c: _Checker) -> None:
    out = c.out
    out["adresse"] = c.text("adresse", required=True)
    name = c.text("commune")
    written_code = c.text("code_postal")
    # « 93200 SAINT-DENIS », « F-93200 », « 93200 CEDEX » in the postcode cell; the
    # postcode written before the name in the commune cell (an address's last line).
    code_part, code_rest = _code_and_name(written_code)
    name_code, name_rest = _code_and_name(name)
    if name_code and name_rest:
        name = name_rest
        if not code_part:
            code_part = name_code
        elif name_code != code_part:
            c.error(
                "commune",
                f"La commune « {_shown(c.row.get('commune', ''))} » porte le code postal "
                f"{name_code}, différent de celui de la ligne ({code_part}).",
            )
            return
    if code_part and code_rest and not _CEDEX.match(fold(code_rest)):
        if not name:
            name = code_rest
        elif not _same_commune(c, code_part, code_rest, name):
            c.error(
                "code_postal",
                f"Code postal « {_shown(written_code)} » : la commune qu'il nomme diffère "
                f"de la colonne commune (« {_shown(name)} »).",
            )
            return
    raw_code = "".join((code_part or written_code).split())  # NBSP too
    if not raw_code:
        c.error("code_postal", f"{COLUMNS['code_postal']} : valeur obligatoire manquante.")
        return
    if raw_code.endswith(".0"):  # a spreadsheet turned it into a number
        raw_code = raw_code[:-2]
    code = raw_code.zfill(5) if raw_code.isdigit() and len(raw_code) == 4 else raw_code
    insee = c.row.get("code_commune", "").strip().upper()
    if insee.isdigit() and len(insee) == 4:
        insee = insee.zfill(5)
    out.update(code_postal=code, commune=name, code_commune=insee, departement="")
    if insee and not _INSEE.match(insee):
        c.error(
            "code_commune",
            f"Code commune « {_shown(insee)} » invalide : 5 caractères (93066, 2A004).",
        )
        return
    if raw_code and not _POSTCODE.match(code):
        c.error("code_postal", f"Code postal « {_shown(raw_code)} » invalide : 5 chiffres.")
        return
    if code:
        try:
            if insee and not c.territories.known_insee(insee):
                # A commune merged since (Pierrefitte-sur-Seine, 93059, into Saint-Denis
                # in 2025): its old code is read from the postcode and the name.
                given, insee = insee, ""
                resolved = c.territories.resolve(code, name, "")
                c.corrections.append(
                    FieldError(
                        "code_commune",
                        given,
                        f"Code commune {given} inconnu (ancien code d'une commune fusionnée ?) : "
                        f"commune retenue d'après le code postal et le nom, {resolved[1]} "
                        f"({resolved[0]}) — à vérifier.",
                    )
                )
            insee, commune_name, departement = c.territories.resolve(code, name, insee)
        except BusinessError as error:
            messages = forget_traceback(error).messages
            column = "code_commune" if insee and "code commune" in str(messages) else "code_postal"
            c.error(column, " ".join(messages))
        else:
            out.update(code_commune=insee, commune=commune_name, departement=departement)
    out["bailleur_nom"] = c.text("bailleur_nom")
    landlord_type = c.choice("bailleur_type", LANDLORD_TYPES)
    parc = c.choice("parc", PARCS)
    if not parc:
        parc = (
            "SOCIAL" if landlord_type == "BAILLEUR_SOCIAL" else ("PRIVE" if landlord_type else "")
        )
    elif landlord_type and (parc == "SOCIAL") != (landlord_type == "BAILLEUR_SOCIAL"):
        c.error("parc", f"Parc {parc} incohérent avec le type de bailleur {landlord_type}.")
    out.update(bailleur_type=landlord_type, parc=parc)
    lease = c.date("date_bail")  # optional; only stored when given (fingerprints unchanged)
    if lease is not None and lease > c.today:
        c.error("date_bail", f"Date du bail dans le futur ({_d(lease)}) : indiquez sa date de "
                "conclusion ou de dernier renouvellement.")  # fmt: skip
    elif lease is not None and lease < EARLIEST_BIRTH:
        c.error("date_bail", f"Date du bail invraisemblable ({_d(lease)}).")
    elif lease is not None:
        out["date_bail"] = lease


def validate_row(
    raw: dict[str, str],
    *,
    territories: Territories | None = None,
    today: datetime.date | None = None,
    departement: str | None = None,
    allowed_acts: frozenset[str] | None = None,
    sender_label: str = "",
) -> tuple[dict | None, list[FieldError]]:
    """Check one row; returns (normalised row, []) or (None, errors in French).

    ``raw`` maps column names (or header spellings: case, accents and spaces are
    ignored) to text. Unknown keys are ignored. The normalised row holds Python values
    (dates, ``Decimal``, booleans) plus ``departement``; see ``to_json``. A value
    corrected at intake (a birth date with day and month swapped) is accepted and
    listed under ``corrections`` (column, value received, French message). With
    ``departement`` (the sender's), a commune of another département is refused too;
    with ``allowed_acts`` (the act matrix for the sender, prevex/access/policy.py), an
    act type the sender may not record is refused.
    """
    row, _ = canonical_row(raw)
    cleaned = {k: clean_text(v) for k, v in row.items()}
    return validate_clean(
        cleaned,
        territories,
        today,
        departement=departement,
        allowed_acts=allowed_acts,
        sender_label=sender_label,
    )


def validate_clean(
    row: dict[str, str],
    territories: Territories | None,
    today: datetime.date | None,
    *,
    departement: str | None = None,
    allowed_acts: frozenset[str] | None = None,
    sender_label: str = "",
) -> tuple[dict | None, list[FieldError]]:
    """``validate_row`` for a row already keyed by column and cleaned (``clean_text``)."""
    row = dict(row)
    checker = _Checker(row, territories or Territories(), today or clock.today())
    _check_cells(checker)
    _check_act(checker)
    _check_judicial(checker)
    _check_people(checker)
    _check_dwelling(checker)
    out = checker.out
    act = out.get("type_acte")
    if allowed_acts is not None and act and act not in allowed_acts:
        checker.error("type_acte", act_refusal_text(sender_label, act))
    if not checker.errors and departement and out["departement"] != departement:
        checker.error(
            "code_postal",
            f"La commune {out['commune']} ({out['code_commune']}) n'est pas dans le "
            f"département de l'organisation émettrice ({departement}).",
        )
    if checker.errors:
        return None, checker.errors
    if checker.corrections:
        # Kept with the row (ImportRow.normalised) and listed in the import report.
        out["corrections"] = [c.as_dict() for c in checker.corrections]
    return out, []
