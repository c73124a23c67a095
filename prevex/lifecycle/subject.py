"""Data-subject access request: everything prevex holds about one household (its
members, contacts, situation, procedures and acts, rows received from partners, who was
given access) and who read or changed it, as one JSON document.

Only the CCAPEX secretariat of the household's département may produce it (the gate:
``is_secretariat_of``); producing it is journaled as an export of that file.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Model

from prevex.access.models import Involvement
from prevex.audit.models import AccessLog, WriteLog
from prevex.households.models import (
    ContactChannel,
    Household,
    Member,
    SocialEvaluation,
    Vulnerability,
)
from prevex.intake.models import ImportRow
from prevex.procedures.models import Event, Procedure

EXCLUDED = {"search_text"}
RECTIFICATION = (
    "Rectification (RGPD, article 16) : la personne s'adresse au secrétariat de la CCAPEX "
    "du département, qui corrige la donnée dans le dossier (bouton « Modifier » du dossier, "
    "ou le formulaire de l'élément concerné) ; chaque correction est inscrite, avec son "
    "auteur, dans l'historique des modifications."
)


def _value(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _row(obj: Model, *, skip=()) -> dict:
    out = {}
    for field in obj._meta.concrete_fields:
        if field.name in EXCLUDED or field.name in skip:
            continue
        value = getattr(obj, field.attname)
        if field.choices and value not in (None, ""):
            out[field.name] = getattr(obj, f"get_{field.name}_display")()
        else:
            out[field.name] = _value(value)
    return out


def subject_export(household: Household) -> dict:
    pk = household.pk
    procedures = Procedure.objects.filter(household_id=pk).order_by("opened_on", "id")
    reads = (
        AccessLog.objects.filter(household_id=pk)
        .select_related("user", "organisation")
        .order_by("at", "id")
    )
    writes = (
        WriteLog.objects.filter(household_id=pk)
        .select_related("user", "organisation")
        .order_by("at", "id")
    )
    return {
        "document": "Données détenues par prevex sur ce ménage (droit d'accès, RGPD art. 15)",
        "produit_le": _value(datetime.datetime.now(datetime.UTC)),
        "rectification": RECTIFICATION,
        "menage": _row(household),
        "membres": [_row(m) for m in Member.objects.filter(household_id=pk).order_by("id")],
        "moyens_de_contact": [
            _row(c) for c in ContactChannel.objects.filter(household_id=pk).order_by("id")
        ],
        "vulnerabilites": [
            _row(v) for v in Vulnerability.objects.filter(household_id=pk).order_by("id")
        ],
        "evaluations_sociales": [
            _row(s) for s in SocialEvaluation.objects.filter(household_id=pk).order_by("id")
        ],
        "procedures": [
            {
                **_row(p),
                "actes": [
                    _row(e) for e in Event.objects.filter(procedure=p).order_by("date", "id")
                ],
            }
            for p in procedures
        ],
        "lignes_recues": [
            _row(r, skip=("raw_fingerprint", "dedup_key"))
            for r in ImportRow.objects.filter(household_id=pk).order_by("id")
        ],
        "organisations_ayant_acces": [
            {
                "organisation": str(i.organisation),
                "motif": i.get_reason_display(),
                "debut": _value(i.starts_on),
                "fin": _value(i.ends_on),
            }
            for i in Involvement.objects.filter(household_id=pk)
            .select_related("organisation")
            .order_by("starts_on", "id")
        ],
        "consultations": [
            {
                "le": _value(a.at),
                "par": a.user.get_full_name() or a.user.get_username(),
                "organisation": str(a.organisation) if a.organisation else "",
                "action": a.get_action_display(),
                "objet": a.what,
            }
            for a in reads
        ],
        "modifications": [
            {
                "le": _value(w.at),
                "par": (w.user.get_full_name() or w.user.get_username()) if w.user else "",
                "organisation": str(w.organisation) if w.organisation else "",
                "canal": w.get_channel_display(),
                "objet": w.summary,
                "changements": w.changes,
            }
            for w in writes
        ],
    }
