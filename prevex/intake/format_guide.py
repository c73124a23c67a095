"""The import format as a sender reads it in the application: one line per column (its
label, whether it is required, what it accepts), the acts this organisation may send,
and a template file with the header. Built from the same lists the import checks
(``columns``, the closed lists of the procedure, the act matrix), so it cannot drift."""

from __future__ import annotations

from dataclasses import dataclass

from prevex.access.policy import allowed_acts
from prevex.accounts.models import Organisation
from prevex.core.spreadsheet import safe_cell
from prevex.households.models import LandlordType, Parc
from prevex.procedures.models import CfpDecision, Decision, Ground, Stage

from .columns import ACT_TYPES, COLUMNS, REQUIRED_COLUMNS
from .parsing import MAX_BYTES

# Closed lists: code → French label (the import accepts either spelling of the code).
CLOSED_LISTS: dict[str, dict[str, str]] = {
    "type_acte": {code: Stage(code).label for code in ACT_TYPES},
    "motif": dict(Ground.choices),
    "decision": dict(Decision.choices),
    "cfp_decision": dict(CfpDecision.choices),
    "bailleur_type": dict(LandlordType.choices),
    "parc": dict(Parc.choices),
}

# Columns required for one act type only.
REQUIRED_FOR = {
    "date_audience": "ASSIGNATION",
    "decision": "JUGEMENT",
    "contradictoire": "JUGEMENT",
    "cfp_decision": "CFP",
}

_DATE = "date JJ/MM/AAAA (14/03/2025), AAAA-MM-JJ ou « 14 mars 2025 »"
_AMOUNT = "montant en euros : 1234,56 ou 1 234,56 € ; jamais négatif"
HINTS: dict[str, str] = {
    "type_acte": "un des types d'acte que votre organisation peut transmettre (ci-dessus)",
    "date_acte": f"{_DATE} ; pas dans le futur",
    "reference_acte": "votre propre référence de l'acte : un acte renvoyé avec la même "
    "référence met à jour le premier, sans doublon",
    "locataire_nom": "lettres, espaces, traits d'union, apostrophes",
    "locataire_date_naissance": f"{_DATE} ; aide à reconnaître le ménage",
    "cotitulaire_nom": "avec le prénom, ou aucun des deux",
    "cotitulaire_prenom": "avec le nom, ou aucun des deux",
    "adresse": "numéro et voie du logement (bâtiment, escalier, appartement acceptés)",
    "code_postal": "5 chiffres, d'une commune du département",
    "commune": "nécessaire quand le code postal couvre plusieurs communes",
    "code_commune": "code INSEE à 5 caractères (93066, 2A004)",
    "telephone": "06 12 34 56 78 ou +33 6 12 34 56 78",
    "email": "adresse électronique",
    "loyer_mensuel": _AMOUNT,
    "charges_mensuelles": _AMOUNT,
    "montant_dette": f"{_AMOUNT} ; la dette à la date de l'acte",
    "date_audience": f"{_DATE} ; après la date de l'assignation",
    "contradictoire": "OUI ou NON",
    "observations": "texte libre, lu par tous les partenaires qui suivent la procédure",
    "bailleur_type": "aide à distinguer parc social et parc privé",
    "parc": "déduit du type de bailleur s'il manque ; SOCIAL seulement avec BAILLEUR_SOCIAL",
    "date_bail": f"{_DATE} ; choisit le délai du commandement de payer",
    "date_signification": f"{_DATE} ; seulement sur un jugement, pas avant sa date : les "
    "délais accordés par un jugement non contradictoire courent de sa signification",
}


@dataclass(frozen=True)
class ColumnHelp:
    name: str
    label: str
    required: str  # « oui », « pour JUGEMENT », « non »
    hint: str
    values: list[tuple[str, str]]  # closed list: (code, label)


def columns_help(acts: list[tuple[str, str]] | None = None) -> list[ColumnHelp]:
    """``acts``: the (code, label) the reader's organisation may send; the ``type_acte``
    line lists those only (every act type when None)."""
    out = []
    for name, label in COLUMNS.items():
        if name in REQUIRED_COLUMNS:
            required = "oui"
        elif name in REQUIRED_FOR:
            required = f"pour {Stage(REQUIRED_FOR[name]).label.lower()}"
        else:
            required = "non"
        values = list(CLOSED_LISTS.get(name, {}).items())
        if name == "type_acte" and acts is not None:
            values = list(acts)
        out.append(ColumnHelp(name, label, required, HINTS.get(name, ""), values))
    return out


def acts_for(organisation: Organisation) -> list[tuple[str, str]]:
    """(code, label) of the act types this organisation may send, in procedure order."""
    allowed = allowed_acts(organisation)
    return [(code, Stage(code).label) for code in ACT_TYPES if code in allowed]


def max_size_label() -> str:
    return f"{MAX_BYTES // (1024 * 1024)} Mo"


def template_csv() -> bytes:
    """The header row in the expected order (UTF-8 with BOM, « ; »: opens as columns in a
    French spreadsheet)."""
    return ("\ufeff" + ";".join(safe_cell(name) for name in COLUMNS) + "\r\n").encode("utf-8")
