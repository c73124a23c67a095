"""The columns of a notification row (docs/import-format.md) and header matching."""

from __future__ import annotations

import functools

from prevex.core.text import fold

ACT_TYPES = (
    "IMPAYE",
    "SIGNALEMENT",
    "CDP",
    "SAISINE_BAILLEUR_SOCIAL",
    "ASSIGNATION",
    "JUGEMENT",
    "CQL",
    "RFP",
    "CFP",
    "EXPULSION",
)

# The act types as their French names are written (prevex's own labels, their plural,
# and the words of the forms), read as the codes above; a name that could be two acts
# (« Saisine de la CCAPEX »: the landlord's, or a partner's signalement?) is not here.
ACT_NAMES: dict[str, tuple[str, ...]] = {
    "IMPAYE": ("Impayé", "Impayés", "Impayé de loyer", "Impayés de loyer", "Dette locative"),
    "SIGNALEMENT": ("Signalement", "Signalement à la CCAPEX"),
    "CDP": ("Commandement de payer",),
    "SAISINE_BAILLEUR_SOCIAL": ("Saisine de la CCAPEX par le bailleur",),
    "ASSIGNATION": ("Assignation", "Assignation en résiliation du bail"),
    "JUGEMENT": ("Jugement",),
    "CQL": ("Commandement de quitter les lieux",),
    "RFP": ("Réquisition de la force publique", "Demande de concours de la force publique"),
    "CFP": ("Décision sur le concours de la force publique",),
    "EXPULSION": ("Expulsion", "Expulsion réalisée"),
}

# Column name → French label used in messages and in the correction form.
COLUMNS: dict[str, str] = {
    "type_acte": "Type d'acte",
    "date_acte": "Date de l'acte",
    "reference_acte": "Référence de l'acte",
    "motif": "Motif",
    "locataire_nom": "Nom du locataire",
    "locataire_prenom": "Prénom du locataire",
    "locataire_date_naissance": "Date de naissance du locataire",
    "cotitulaire_nom": "Nom du cotitulaire",
    "cotitulaire_prenom": "Prénom du cotitulaire",
    "adresse": "Adresse",
    "code_postal": "Code postal",
    "commune": "Commune",
    "code_commune": "Code commune (INSEE)",
    "telephone": "Téléphone",
    "email": "Courriel",
    "bailleur_nom": "Nom du bailleur",
    "bailleur_type": "Type de bailleur",
    "parc": "Parc",
    "loyer_mensuel": "Loyer mensuel hors charges",
    "charges_mensuelles": "Charges mensuelles",
    "montant_dette": "Montant de la dette",
    "date_audience": "Date d'audience",
    "decision": "Décision",
    "contradictoire": "Contradictoire",
    "cfp_decision": "Décision sur le concours de la force publique",
    "observations": "Observations",
    # Optional, last: files written in this order by older senders stay valid.
    "date_bail": "Date du bail (conclusion ou dernier renouvellement)",
    "date_signification": "Date de signification du jugement",
}
COLUMN_NAMES = tuple(COLUMNS)
REQUIRED_COLUMNS = (
    "type_acte",
    "date_acte",
    "locataire_nom",
    "locataire_prenom",
    "adresse",
    "code_postal",
)

# A few spellings partners use for the same column (folded form → column).
_ALIASES = {
    "cp": "code_postal",
    "code_insee": "code_commune",
    "insee": "code_commune",
    "courriel": "email",
    "mail": "email",
    "tel": "telephone",
    "reference": "reference_acte",
    "date_du_bail": "date_bail",
    # the judgment's signification (« jugement signifié le », as on the file page)
    "date_de_signification": "date_signification",
    "date_de_signification_du_jugement": "date_signification",
    "signification": "date_signification",
    "signifie_le": "date_signification",
    "jugement_signifie_le": "date_signification",
    "date_signification_jugement": "date_signification",
}


def header_key(value: str) -> str:
    """Comparable form of a header cell: case, accents, spaces, hyphens ignored."""
    return "_".join(fold(value).split())


_BY_KEY = {header_key(name): name for name in COLUMN_NAMES}
_BY_KEY.update(_ALIASES)


@functools.lru_cache(maxsize=4096)
def _column_for_key(value: str) -> str | None:
    return _BY_KEY.get(header_key(value))


def column_for_header(value: str) -> str | None:
    """The column a header cell names, or None when unknown."""
    if value in COLUMNS:
        return value
    return _column_for_key(value or "")


# Key of a CSV row's non-empty cells beyond the header's last column (parsing.py): the
# row's columns are shifted (a separator inside an unquoted value), so the row goes to
# quarantine (validation.py) instead of being read with wrong values.
EXTRA_CELLS = "cellules_en_trop"
EXTRA_CELLS_LABEL = "Cellules en trop"
# Keys of a workbook row's odd cells (parsing.py, workbook.py), each a JSON object
# {column: French message}: a cell with no readable value (quarantine, validation.py) and
# a formula never computed (read empty; its message given if the row is refused for it).
# Not columns: only the workbook reader writes them (a CSV header naming them is an
# unknown column, the API takes its schema's fields); kept by canonical_row.
UNREADABLE_CELLS = "cellules_illisibles"
UNCOMPUTED_CELLS = "formules_sans_valeur"


_NOT_COLUMNS = frozenset({EXTRA_CELLS, UNREADABLE_CELLS, UNCOMPUTED_CELLS})


def canonical_row(raw: dict) -> tuple[dict[str, str], list[str]]:
    """Map the keys of ``raw`` to column names; returns (row, unknown keys)."""
    row: dict[str, str] = {}
    unknown: list[str] = []
    for key, value in raw.items():
        if key in _NOT_COLUMNS:
            row[key] = "" if value is None else str(value)
            continue
        column = key if key in COLUMNS else column_for_header(str(key))
        if column is None:
            unknown.append(str(key))
        elif column not in row or not row[column]:
            row[column] = "" if value is None else str(value)
    return row, unknown
