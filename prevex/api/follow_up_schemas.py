"""Schemas of the follow-up's operations (``GET /menages/{id}/suivi``, ``POST
/plans/{id}/versements``; see docs/api.md). Codes are the platform's closed lists; dates
are ISO 8601, amounts decimal numbers in euros."""

import datetime
from decimal import Decimal
from typing import Literal

from ninja import Schema
from pydantic import Field


class InstalmentOut(Schema):
    date: datetime.date
    montant: Decimal


class PaymentLineOut(Schema):
    date: datetime.date
    montant: Decimal
    organisation: str = Field(description="Organisation qui a enregistré le versement.")


class PlanOut(Schema):
    id: int = Field(description="Numéro du plan (pour enregistrer un versement).")
    origine: str = Field(description="NEGOCIE (plan négocié) ou JUGE (délais du juge).")
    dette: Decimal = Field(description="Dette à apurer (€).")
    premiere_echeance: datetime.date
    clos_le: datetime.date | None
    echeances_en_retard: int | None = Field(
        description="Échéances en retard au dernier calcul de nuit (vide : pas encore calculé)."
    )
    respect_calcule_le: datetime.date | None
    echeances: list[InstalmentOut]
    versements: list[PaymentLineOut]


class DsfLifeOut(Schema):
    id: int
    statut: str = Field(description="DEMANDE, RDV, REALISE, ABSENT ou TRANSMIS.")
    demande_le: datetime.date
    organisation: str = Field(description="Organisation chargée du DSF.")
    audience: datetime.date | None
    rendez_vous: datetime.datetime | None
    transmis_le: datetime.date | None


class MeasureStepOut(Schema):
    statut: str
    le: datetime.date
    montant: Decimal | None


class MeasureOut(Schema):
    id: int
    type: str = Field(description="Code du dispositif au catalogue (FSL_MAINTIEN, ASLL…).")
    libelle: str
    statut: str = Field(description="PROPOSEE, DEMANDEE, ACCORDEE, REFUSEE, EN_COURS ou TERMINEE.")
    depuis_le: datetime.date
    organisation: str
    instance: str = Field(description="Instance de décision.")
    montant: Decimal | None
    issue: str
    etapes: list[MeasureStepOut] = Field(description="Chaque changement d'état, daté.")


class ContactOut(Schema):
    date: datetime.datetime
    canal: str
    sens: str
    organisation: str
    objet: str
    objet_precision: str | None = Field(
        description="Précision de l'objet, texte libre du travailleur social ; null pour "
        "une organisation qui ne lit pas les précisions des contacts (la préfecture)."
    )
    resultat: str


class ReferralOut(Schema):
    de: str
    vers: str
    motif: str
    envoyee_le: datetime.datetime
    statut: str
    reponse_attendue_le: datetime.date


class FollowUpOut(Schema):
    menage: int
    reference: str = Field(description="Référence du dossier.")
    plans: list[PlanOut] | None = Field(
        description="Plans d'apurement et leur respect (tout lecteur du dossier, bailleur "
        "compris). Vide (null) : non lisible par l'organisation du jeton."
    )
    dsf: list[DsfLifeOut] | None = Field(
        description="Vie du DSF (jamais son contenu). Null pour un bailleur."
    )
    dispositifs: list[MeasureOut] | None = Field(description="Null pour un bailleur.")
    contacts: list[ContactOut] | None = Field(
        description="Les 200 derniers contacts. Null pour un bailleur."
    )
    orientations: list[ReferralOut] | None = Field(description="Null pour un bailleur.")


class PaymentOut(Schema):
    plan: int
    statut: Literal["ENREGISTRE", "DOUBLON"] = Field(
        description="ENREGISTRE, ou DOUBLON : un versement identique (même plan, date et "
        "montant) avait déjà été enregistré par votre organisation ; rien n'est ajouté."
    )
    versement: int | None = Field(description="Identifiant du versement enregistré.")
    date: datetime.date
    montant: Decimal


PAYMENT_BODY = {
    "type": "object",
    "additionalProperties": False,
    "required": ["date", "montant"],
    "properties": {
        "date": {
            "description": "Date du versement : AAAA-MM-JJ ou JJ/MM/AAAA, pas dans le futur.",
            "type": "string",
        },
        "montant": {
            "description": "Montant en euros, positif : 120.5, « 120,50 » ou « 1 200,00 € ».",
            "anyOf": [{"type": "number", "exclusiveMinimum": 0}, {"type": "string"}],
        },
    },
}
PAYMENT_EXAMPLES = {
    "versement": {"summary": "Un versement", "value": {"date": "2025-03-05", "montant": "150,00"}}
}
