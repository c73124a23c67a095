"""The follow-up's operations of the API v1 (registered on ``prevex.api.api.api``).

- ``GET /menages/{id}/suivi``: the follow-up of a file the token's organisation reads,
  sections filtered by field group exactly as on the file page (a landlord gets the plans
  and their compliance only; the DSF's content is never part of it);
- ``POST /plans/{id}/versements``: a payment on a repayment plan, by the landlord, the
  bailiff or the secretariat, through the support app's bulk service
  (``payment_record_many``: same rules as the import, a duplicate recorded once).

A token acts for its organisation with the role « Agent » (``api_actor``): the social
evaluation's group, which needs a social worker, is never read through the API. A file or
plan the organisation may not read answers 404, worded as for one that does not exist.
Every answer that names a file is journaled; every payment is in the history of writes
with the token's technical account, its organisation and the channel API.
See docs/api.md and docs/decisions/2026-12-01-follow-up-api.md.
"""

from __future__ import annotations

import json
from decimal import Decimal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from ninja import Path, Status

from prevex.accounts.models import Membership, Role
from prevex.audit.models import WriteChannel
from prevex.audit.services import log_api_read, write_channel
from prevex.core.errors import BusinessError
from prevex.core.forms import AmountField
from prevex.households.services import ANONYMISED
from prevex.intake.validation import parse_date
from prevex.support.follow_up_data import follow_up_data, household_groups
from prevex.support.payments_bulk import (
    NOT_A_PAYER,
    PaymentDraft,
    PaymentsRefused,
    payment_record_many,
    plan_household_if_visible,
)
from prevex.support.plans import PAYERS

from . import errors
from .api import COMMON_ERRORS, MAX_ID, api, as_text
from .follow_up_schemas import PAYMENT_BODY, PAYMENT_EXAMPLES, FollowUpOut, PaymentOut
from .ratelimit import check_rows
from .schemas import MessageOut, ValidationErrorsOut

FILE_NOT_FOUND = "Dossier introuvable."
PLAN_NOT_FOUND = "Plan d'apurement introuvable."
PAYMENT_FIELDS = ("date", "montant")
BAD_PAYMENT_BODY = (
    "Le corps de la requête doit être un objet JSON : "
    '{« date » : "AAAA-MM-JJ", « montant » : "120,50"}.'
)


def api_actor(token) -> Membership:
    """The token as the services' actor: its organisation, its technical account, the
    role « Agent » (never saved)."""
    return Membership(user=token.service_user, organisation=token.organisation, role=Role.AGENT)


@api.get(
    "/menages/{id}/suivi",
    response={200: FollowUpOut, 404: MessageOut} | COMMON_ERRORS,
    summary="Suivi d'un ménage",
    description=(
        "Le suivi d'un dossier que l'organisation du jeton peut lire, section par section "
        "comme sur la page du dossier : les plans d'apurement et leur respect pour "
        "tout lecteur du dossier (bailleur compris) ; la vie du DSF (jamais son contenu), les "
        "dispositifs et leurs étapes, les contacts et les orientations pour les partenaires "
        "impliqués autres que les bailleurs et pour le secrétariat de la CCAPEX. Une section "
        "non lisible vaut null. Un dossier inconnu ou non lisible répond 404, avec le même "
        "message. Chaque lecture est inscrite au journal des accès."
    ),
    operation_id="follow_up_read",
    url_name="follow_up_read",
    tags=["Suivi"],
)
def follow_up_read(request: HttpRequest, id: int = Path(..., ge=1, le=MAX_ID)):
    token = request.auth
    found = household_groups(membership=api_actor(token), household_id=id)
    if found is None:
        return Status(404, {"detail": FILE_NOT_FOUND})
    household, groups = found
    data = follow_up_data(household=household, groups=groups)
    log_api_read(
        organisation=token.organisation,
        user=token.service_user,
        household_id=household.pk,
        what=f"API : suivi du dossier {household.reference} (jeton {token.prefix}…)",
    )
    return Status(200, data)


def _field_error(field: str, value, message: str) -> dict:
    return {"index": 0, "champ": field, "valeur": errors.echo(value), "message": message}


def _payment_fields(request: HttpRequest):
    """(date, amount) from the body, or the French errors (400 or 422)."""
    try:
        body = json.loads(request.body.decode("utf-8") or "null")
    except (UnicodeDecodeError, ValueError, RecursionError):  # nested beyond reason too
        return Status(400, {"detail": errors.BAD_BODY_PAYMENT})
    if not isinstance(body, dict):
        return Status(400, {"detail": BAD_PAYMENT_BODY})
    refused = [
        _field_error(name, body[name], "Champ inconnu : un versement a une date et un montant.")
        for name in sorted(body)
        if name not in PAYMENT_FIELDS
    ]
    day = amount = None
    raw_day, raw_amount = body.get("date"), body.get("montant")
    if raw_day in (None, ""):
        refused.append(_field_error("date", raw_day, "Ce champ est obligatoire."))
    elif not isinstance(raw_day, str):
        refused.append(_field_error("date", raw_day, "Date attendue : AAAA-MM-JJ ou JJ/MM/AAAA."))
    else:
        try:
            day = parse_date(raw_day)
        except ValueError as exc:
            refused.append(_field_error("date", raw_day, f"Date du versement : {exc}"))
    if raw_amount in (None, ""):
        refused.append(_field_error("montant", raw_amount, "Ce champ est obligatoire."))
    elif isinstance(raw_amount, bool) or not isinstance(raw_amount, str | int | float):
        refused.append(
            _field_error("montant", raw_amount, "Montant attendu : un nombre ou un texte.")
        )
    else:
        try:
            amount = AmountField().clean(as_text(raw_amount))
        except DjangoValidationError as exc:
            refused.append(_field_error("montant", raw_amount, exc.messages[0]))
    if refused:
        return Status(422, {"detail": refused})
    return day, Decimal(amount)


@api.post(
    "/plans/{id}/versements",
    response={
        200: PaymentOut,
        201: PaymentOut,
        400: MessageOut,
        403: MessageOut,
        404: MessageOut,
        413: MessageOut,
        422: ValidationErrorsOut,
    }
    | COMMON_ERRORS,
    summary="Enregistrer un versement sur un plan d'apurement",
    description=(
        "Un versement (date, montant) sur un plan d'apurement d'un dossier que "
        "l'organisation du jeton peut lire. Réservé au bailleur, au commissaire de justice et "
        "au secrétariat de la CCAPEX (403 pour une autre organisation qui lit le plan). "
        "201 : enregistré ; 200 : doublon (même plan, même date, même montant déjà "
        "enregistrés par votre organisation : rien n'est ajouté, renvoyer la requête est "
        "sans effet — deux versements identiques le même jour s'envoient en un, de leur "
        "somme). 400 : corps qui n'est pas un objet JSON ; 422 : champ invalide (date mal "
        "écrite ou future, montant nul ou négatif, plan clos), message en français par "
        "champ, rien n'est enregistré ; 404 : plan inconnu ou non lisible (même message). "
        "Le versement entre dans l'historique du dossier (organisation, compte technique du "
        "jeton, canal API) ; la réponse est inscrite au journal des accès."
    ),
    operation_id="payment_create",
    url_name="payment_create",
    tags=["Suivi"],
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": PAYMENT_BODY, "examples": PAYMENT_EXAMPLES}},
        }
    },
)
def payment_create(request: HttpRequest, id: int = Path(..., ge=1, le=MAX_ID)):
    token = request.auth
    organisation = token.organisation
    household_id = plan_household_if_visible(organisation=organisation, plan_id=id)
    if household_id is None:
        return Status(404, {"detail": PLAN_NOT_FOUND})
    if organisation.type not in PAYERS:
        return Status(403, {"detail": NOT_A_PAYER})
    fields = _payment_fields(request)
    if isinstance(fields, Status):
        return fields
    day, amount = fields
    check_rows(token=token, rows=1)
    try:
        with write_channel(WriteChannel.API):
            result = payment_record_many(
                by=api_actor(token), drafts=[PaymentDraft(paid_on=day, amount=amount, plan_id=id)]
            )
    except PaymentsRefused as exc:
        message = exc.errors[0]
        field = "date" if "date" in message.lower() else "montant"
        if "clos" in message or message == ANONYMISED:
            field = "plan"
        value = {"date": day.isoformat(), "montant": str(amount), "plan": str(id)}[field]
        return Status(422, {"detail": [_field_error(field, value, message)]})
    except BusinessError as exc:
        return Status(422, {"detail": [_field_error("plan", str(id), exc.messages[0])]})
    log_api_read(
        organisation=organisation,
        user=token.service_user,
        household_id=household_id,
        what=f"API : réponse à l'enregistrement d'un versement sur le plan {id} "
        f"(jeton {token.prefix}…)",
    )
    recorded = result.recorded[0] if result.recorded else None
    return Status(
        201 if recorded else 200,
        {
            "plan": id,
            "statut": "ENREGISTRE" if recorded else "DOUBLON",
            "versement": recorded.pk if recorded else None,
            "date": day,
            "montant": amount.quantize(Decimal("0.01")),
        },
    )
