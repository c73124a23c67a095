"""Request and response schemas of the API (see docs/api.md and docs/import-format.md).

A notification carries the fields of one import row. Their JSON Schema is typed (dates,
amounts, closed lists), but every value is also accepted as text, exactly as in a file:
the one validation that judges them is the import's own (``validate_row``), so an API
client gets the same French messages as a file sender. The parsing layer only checks the
shape (an object, known field names, text or numbers).
"""

from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import ConfigDict, Discriminator, Field, StrictFloat, StrictInt, StrictStr, Tag
from pydantic.json_schema import WithJsonSchema

from prevex.intake.columns import ACT_TYPES
from prevex.intake.validation import CFP_DECISIONS, DECISIONS, LANDLORD_TYPES, MOTIFS, PARCS

MAX_BATCH = 1000

# The closed lists are the import's own (prevex/intake): one vocabulary, one validation.
TYPE_ACTE = list(ACT_TYPES)
MOTIF = list(MOTIFS)
BAILLEUR_TYPE = list(LANDLORD_TYPES)
PARC = list(PARCS)
DECISION = list(DECISIONS)
OUI_NON = ["OUI", "NON"]
CFP_DECISION = list(CFP_DECISIONS)

_NULL = {"type": "null"}
_DATE = [
    {"type": "string", "format": "date", "description": "AAAA-MM-JJ"},
    {"type": "string", "pattern": r"^\d{2}/\d{2}/\d{4}$", "description": "JJ/MM/AAAA"},
]
_AMOUNT = [
    {"type": "number", "minimum": 0},
    {"type": "string", "description": "montant en texte : 1234.56, 1234,56 ou 1 234,56 €"},
]


def _text(schema: dict[str, Any], *, required: bool) -> Any:
    variants = schema.get("anyOf", [schema])
    if not required:
        variants = [*variants, _NULL]
    json_schema = {"anyOf": variants} if len(variants) > 1 else variants[0]
    base = StrictStr if required else StrictStr | None
    return Annotated[base, WithJsonSchema(json_schema)]


def _amount() -> Any:
    return Annotated[
        StrictStr | StrictInt | StrictFloat | None, WithJsonSchema({"anyOf": [*_AMOUNT, _NULL]})
    ]


def _choice(values: list[str], *, required: bool = False) -> Any:
    return _text({"type": "string", "enum": values}, required=required)


def _date(*, required: bool = False) -> Any:
    return _text({"anyOf": _DATE}, required=required)


def _free(*, required: bool = False, **extra: Any) -> Any:
    return _text({"type": "string", **extra}, required=required)


class NotificationIn(Schema):
    """Une notification : les colonnes d'une ligne du format d'import (tout champ inconnu
    est refusé). Chaque valeur peut aussi être envoyée sous forme de texte, comme dans un
    fichier."""

    model_config = ConfigDict(extra="forbid")

    type_acte: _choice(TYPE_ACTE, required=True) = Field(description="Type d'acte.")
    date_acte: _date(required=True) = Field(description="Date de l'acte.")
    reference_acte: _free() = Field(
        None, description="Référence de l'acte chez l'expéditeur (rend un renvoi reconnaissable)."
    )
    motif: _choice(MOTIF) = Field(None, description="Motif de la procédure (IMPAYES par défaut).")
    locataire_nom: _free(required=True) = Field(description="Nom du locataire en titre.")
    locataire_prenom: _free(required=True) = Field(description="Prénom du locataire en titre.")
    locataire_date_naissance: _date() = Field(None, description="Date de naissance du locataire.")
    cotitulaire_nom: _free() = Field(None, description="Nom du cotitulaire du bail.")
    cotitulaire_prenom: _free() = Field(None, description="Prénom du cotitulaire du bail.")
    adresse: _free(required=True) = Field(description="Adresse du logement (numéro et voie).")
    code_postal: _free(required=True, pattern=r"^\d{5}$") = Field(description="Code postal.")
    commune: _free() = Field(None, description="Nom de la commune.")
    code_commune: _free(pattern=r"^[0-9][0-9AB][0-9]{3}$") = Field(
        None, description="Code INSEE de la commune (déduit du code postal et du nom si absent)."
    )
    telephone: _free() = Field(None, description="Téléphone du ménage.")
    email: _free() = Field(None, description="Adresse électronique du ménage.")
    bailleur_nom: _free() = Field(None, description="Nom du bailleur.")
    bailleur_type: _choice(BAILLEUR_TYPE) = Field(None, description="Type de bailleur.")
    parc: _choice(PARC) = Field(None, description="Parc (déduit du type de bailleur si absent).")
    loyer_mensuel: _amount() = Field(None, description="Loyer mensuel hors charges, en euros.")
    charges_mensuelles: _amount() = Field(None, description="Charges mensuelles, en euros.")
    date_bail: _date() = Field(
        None,
        description="Date de conclusion ou du dernier renouvellement du bail (choisit le délai "
        "de la clause résolutoire).",
    )
    montant_dette: _amount() = Field(
        None,
        description="Montant de la dette locative, en euros (attendu pour IMPAYE, CDP, ASSIGNATION).",
    )
    date_audience: _date() = Field(None, description="Date d'audience (pour ASSIGNATION).")
    decision: _choice(DECISION) = Field(None, description="Décision (pour JUGEMENT).")
    contradictoire: _choice(OUI_NON) = Field(
        None, description="Jugement contradictoire (pour JUGEMENT)."
    )
    date_signification: _date() = Field(
        None,
        description="Date de signification du jugement (pour JUGEMENT seulement ; pas avant "
        "sa date ni dans le futur) : les délais accordés par un jugement non contradictoire "
        "courent de sa signification (CPC art. 511).",
    )
    cfp_decision: _choice(CFP_DECISION) = Field(
        None, description="Décision sur le concours de la force publique (pour CFP)."
    )
    observations: _free() = Field(None, description="Observations libres.")


class NotificationBatchIn(Schema):
    """Un lot de 1 à 1 000 notifications : toutes acceptées, ou aucune."""

    model_config = ConfigDict(extra="forbid")

    notifications: list[NotificationIn] = Field(
        min_length=1, max_length=MAX_BATCH, description="De 1 à 1 000 notifications."
    )


def _payload_kind(value: Any) -> str:
    return "lot" if isinstance(value, dict) and "notifications" in value else "une"


NotificationPayload = Annotated[
    Annotated[NotificationIn, Tag("une")] | Annotated[NotificationBatchIn, Tag("lot")],
    Discriminator(_payload_kind),
]


EXAMPLE = {
    "type_acte": "CDP",
    "date_acte": "2025-03-14",
    "reference_acte": "CDP-2025-0001",
    "locataire_nom": "Benali",
    "locataire_prenom": "Samia",
    "locataire_date_naissance": "12/04/1985",
    "adresse": "12 rue de la République",
    "code_postal": "93200",
    "commune": "Saint-Denis",
    "bailleur_type": "PERSONNE_PHYSIQUE",
    "loyer_mensuel": 650,
    "charges_mensuelles": "80,00",
    "montant_dette": "2 340,50 €",
}
REQUEST_EXAMPLES = {
    "une": {"summary": "Une notification", "value": EXAMPLE},
    "lot": {
        "summary": "Un lot",
        "value": {
            "notifications": [
                EXAMPLE,
                {
                    **EXAMPLE,
                    "type_acte": "ASSIGNATION",
                    "date_acte": "02/05/2025",
                    "reference_acte": "ASS-2025-0042",
                    "date_audience": "2025-07-08",
                    "montant_dette": 3120.75,
                },
            ]
        },
    },
}


# Responses


class FieldErrorOut(Schema):
    champ: str = Field(description="Champ en cause.")
    valeur: str = Field(description="Valeur reçue (tronquée à 200 caractères).")
    message: str = Field(description="Motif du refus, en français.")


class RequestErrorOut(Schema):
    index: int | None = Field(
        description="Rang de la notification dans le lot (0 pour une notification seule ; "
        "vide pour une erreur sur le lot lui-même)."
    )
    champ: str = Field(description="Champ en cause.")
    valeur: str = Field(description="Valeur reçue (tronquée à 200 caractères).")
    message: str = Field(description="Motif du refus, en français.")


class ValidationErrorsOut(Schema):
    detail: list[RequestErrorOut]


class MessageOut(Schema):
    detail: str = Field(description="Message en français.")


Statut = Literal["IMPORTE", "MIS_A_JOUR", "DOUBLON", "QUARANTAINE", "REVUE"]


class NotificationOut(Schema):
    id: int | None = Field(
        description="Identifiant de la notification reçue (pour un doublon : la notification déjà reçue)."
    )
    statut: Statut = Field(description="Résultat du traitement.")
    menage: int | None = Field(description="Ménage rattaché.")
    procedure: int | None = Field(description="Procédure rattachée.")
    acte: int | None = Field(description="Acte (événement) enregistré.")
    erreurs: list[FieldErrorOut] = Field(description="Anomalies relevées.")


class NotificationResultOut(Schema):
    index: int = Field(description="Rang de la notification dans la requête (à partir de 0).")
    id: int | None = NotificationOut.model_fields["id"]
    statut: Statut = NotificationOut.model_fields["statut"]
    menage: int | None = NotificationOut.model_fields["menage"]
    procedure: int | None = NotificationOut.model_fields["procedure"]
    acte: int | None = NotificationOut.model_fields["acte"]
    erreurs: list[FieldErrorOut] = NotificationOut.model_fields["erreurs"]


class BatchOut(Schema):
    lot: int = Field(description="Identifiant du lot reçu.")
    resume: dict[str, int] = Field(description="Nombre de notifications par résultat.")
    notifications: list[NotificationResultOut]
