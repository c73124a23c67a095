"""API v1 (django-ninja): partners send notifications and read how each was processed.

Mounted by prevex/urls.py as ``path("api/v1/", api.urls)``: OpenAPI 3 at
``/api/v1/openapi.json``, documentation at ``/api/v1/docs``. See docs/api.md.
"""

import functools
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.urls import URLPattern, URLResolver, re_path, reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe
from ninja import Body, NinjaAPI, Path, Status
from ninja.errors import AuthenticationError, HttpError, ValidationError

from prevex.access.gate import visible_household_ids
from prevex.access.policy import allowed_acts
from prevex.audit.models import WriteChannel
from prevex.audit.services import log_api_read, log_api_reads, write_channel
from prevex.intake.selectors import row_result
from prevex.intake.services import rows_ingest
from prevex.intake.validation import Territories, validate_row

from . import errors
from .auth import UNAUTHORIZED_MESSAGE, ApiTokenAuth
from .docs import LocalSwagger
from .ratelimit import RateLimited, check_rows
from .schemas import (
    REQUEST_EXAMPLES,
    BatchOut,
    MessageOut,
    NotificationBatchIn,
    NotificationIn,
    NotificationOut,
    NotificationPayload,
    ValidationErrorsOut,
)

CHANNEL = "API"
MAX_ID = 2**63 - 1

DESCRIPTION = """
Réception des notifications d'actes des partenaires (commissaires de justice, CAF,
bailleurs, préfectures, tribunaux) : les mêmes champs qu'une ligne du fichier d'import,
la même validation, le même rapprochement des ménages, la même quarantaine.

Authentification : en-tête `Authorization: Bearer <jeton>`, jeton créé par un
administrateur de l'organisation (page « Jetons d'API »). Limites par jeton : requêtes par
minute et notifications par jour (réponse 429 avec `Retry-After` au-delà).
""".strip()


@csrf_exempt
def _not_found(request: HttpRequest) -> JsonResponse:
    """Any other URL under /api/v1/: a JSON answer in French, not an HTML page."""
    return JsonResponse({"detail": errors.UNKNOWN_URL}, status=404)


def _french_not_allowed(view):
    """django-ninja answers a method an address does not accept with an English text
    « Method not allowed »: the same refusal as JSON in French (``Allow`` kept)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if not isinstance(response, HttpResponseNotAllowed):
            return response
        allowed = response["Allow"]
        french = JsonResponse({"detail": errors.method_not_allowed(allowed)}, status=405)
        french["Allow"] = allowed
        return french

    return wrapper


class PrevexApi(NinjaAPI):
    """NinjaAPI whose views bypass the login middleware (they use tokens) and whose
    validation errors keep the received value (for the French per-field answer)."""

    @property
    def urls(self) -> tuple[list[URLPattern | URLResolver], str, str]:
        patterns, app_name, namespace = super().urls
        patterns = [*patterns, re_path(r"^.*$", _not_found, name="not-found")]
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                if pattern.name == "api-root":  # ninja's own raises an HTML 404
                    pattern.callback = _not_found
                elif pattern.callback is not _not_found:
                    pattern.callback = _french_not_allowed(pattern.callback)
                pattern.callback.login_required = False
        return patterns, app_name, namespace

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """The document with each answer described in French, not by django-ninja's
        English reason phrase (« Not Found »…): the documentation page shows it."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for status, answer in operation.get("responses", {}).items():
                    french = errors.RESPONSE_DESCRIPTIONS.get(int(status))
                    if french:
                        answer["description"] = french
        return schema

    def validation_error_from_error_contexts(self, error_contexts) -> ValidationError:
        raw = []
        for context in error_contexts:
            source = context.model.__ninja_param_source__
            for error in context.pydantic_validation_error.errors(include_url=False):
                raw.append({**error, "loc": (source, *error["loc"])})
        return ValidationError(raw)


api = PrevexApi(
    title="API prevex",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    auth=ApiTokenAuth(),
    docs=LocalSwagger(),
    # The documentation and its OpenAPI document are read-only: PUT, DELETE… get the
    # same French 405 as every other address.
    docs_decorator=lambda view: _french_not_allowed(require_safe(view)),
    docs_url="/docs",
    openapi_url="/openapi.json",
)


def _message(request: HttpRequest, status: int, message: str) -> HttpResponse:
    return api.create_response(request, {"detail": message}, status=status)


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    if any(error.get("loc", ("",))[0] == "path" for error in exc.errors):
        return _message(request, 404, errors.not_found_for(request.path))
    return api.create_response(request, {"detail": errors.field_errors(exc.errors)}, status=422)


@api.exception_handler(AuthenticationError)
def _unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = _message(request, 401, UNAUTHORIZED_MESSAGE)
    response["WWW-Authenticate"] = 'Bearer realm="prevex"'
    return response


@api.exception_handler(RateLimited)
def _rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    response = _message(request, 429, exc.message)
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(RequestDataTooBig)
def _too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return _message(request, 413, errors.TOO_BIG)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # The only HttpError django-ninja raises itself here: a body that is not JSON.
    message = errors.BAD_BODY if exc.status_code == 400 else "Requête refusée."
    return _message(request, exc.status_code, message)


def as_text(value: Any) -> str:
    """A JSON value as the text a file would hold (a float without exponent)."""
    if value is None:
        return ""
    if isinstance(value, float):
        try:
            return format(Decimal(repr(value)), "f")
        except InvalidOperation:
            return repr(value)
    return str(value)


def _raw_row(notification: NotificationIn) -> dict[str, str]:
    """The notification as an import row: every column present, every value text."""
    return {name: as_text(getattr(notification, name)) for name in NotificationIn.model_fields}


def _result_out(result, visible: set[int]) -> dict[str, Any]:
    """A row's result for its sender: the household, procedure and act only when the
    sender may see that file (access gate); else nothing tells that it exists."""
    shown = result.household_id is not None and result.household_id in visible
    return {
        "id": result.row_id,
        "statut": str(result.status),
        "menage": result.household_id if shown else None,
        "procedure": result.procedure_id if shown else None,
        "acte": result.event_id if shown else None,
        "erreurs": [
            {"champ": e.column, "valeur": errors.echo(e.value), "message": e.message}
            for e in result.errors
        ],
    }


COMMON_ERRORS = {401: MessageOut, 429: MessageOut}


@api.post(
    "/notifications",
    response={
        200: BatchOut,
        201: BatchOut,
        400: MessageOut,
        413: MessageOut,
        422: ValidationErrorsOut,
    }
    | COMMON_ERRORS,
    summary="Envoyer une notification ou un lot",
    description=(
        "Une notification (objet aux champs du format d'import) ou un lot "
        '`{"notifications": [...]}` de 1 à 1 000. Toutes les notifications sont validées '
        "d'abord : si un champ est invalide, la réponse est 422 avec un message par champ et "
        "rien n'est enregistré. Sinon 201 (200 si toutes étaient déjà reçues : doublons), "
        "avec le résultat de chaque notification dans l'ordre de la requête.\n\n"
        "Le schéma décrit la forme d'une notification ; les règles de l'import s'y ajoutent "
        "(code postal connu du territoire, acte que l'organisation du jeton peut transmettre, "
        "dates cohérentes) : une requête conforme au schéma peut donc recevoir 422. Un corps "
        "qui n'est pas du JSON reçoit 400 ; un corps trop volumineux, 413."
    ),
    operation_id="notifications_create",
    tags=["Notifications"],
    openapi_extra={
        "requestBody": {"content": {"application/json": {"examples": REQUEST_EXAMPLES}}}
    },
)
def notifications_create(
    request: HttpRequest, response: HttpResponse, payload: Body[NotificationPayload]
):
    token = request.auth
    items = payload.notifications if isinstance(payload, NotificationBatchIn) else [payload]
    check_rows(token=token, rows=len(items))
    rows = [_raw_row(item) for item in items]
    territories = Territories()  # one query for every postcode of the batch
    territories.preload(row["code_postal"].strip() for row in rows)
    refused = []
    organisation = token.organisation
    acts = allowed_acts(organisation)  # the act matrix: what this sender may transmit
    cell_limit = settings.PREVEX_IMPORT_MAX_CELL_CHARS  # as for a file (intake/bounds.py)
    for index, row in enumerate(rows):
        refused += [
            {
                "index": index,
                "champ": column,
                "valeur": errors.echo(value),
                "message": f"Plus de {cell_limit} caractères : raccourcissez ce champ.",
            }
            for column, value in row.items()
            if len(value) > cell_limit
        ]
        _, row_errors = validate_row(
            row,
            territories=territories,
            departement=organisation.departement_id,  # as the import does
            allowed_acts=acts,
            sender_label=organisation.get_type_display(),
        )
        refused += [
            {
                "index": index,
                "champ": e.column,
                "valeur": errors.echo(e.value),
                "message": e.message,
            }
            for e in row_errors
        ]
    if refused:
        return Status(422, {"detail": refused})
    with write_channel(WriteChannel.API):
        ingest = rows_ingest(
            source=token.organisation,
            rows=rows,
            channel=CHANNEL,
            filename=f"API – jeton {token.prefix}",
            by=None,
        )
    visible = visible_household_ids(
        organisation=organisation, household_ids=[r.household_id for r in ingest.results]
    )
    results = [{**_result_out(r, visible), "index": i} for i, r in enumerate(ingest.results)]
    log_api_reads(
        organisation=token.organisation,
        user=token.service_user,
        reads=[
            (
                r["menage"],
                f"API : réponse à l'envoi de la notification {r['id']} (jeton {token.prefix}…)",
            )
            for r in results
            if r["menage"] is not None
        ],
    )
    status = 200 if all(r["statut"] == "DOUBLON" for r in results) else 201
    if len(results) == 1 and results[0]["id"] is not None:
        response["Location"] = reverse("api-v1:notifications_read", kwargs={"id": results[0]["id"]})
    return Status(
        status,
        {
            "lot": ingest.batch_id,
            "resume": {str(k): int(v) for k, v in ingest.summary.items()},
            "notifications": results,
        },
    )


@api.get(
    "/notifications/{id}",
    response={200: NotificationOut, 404: MessageOut} | COMMON_ERRORS,
    summary="Résultat du traitement d'une notification",
    description=(
        "Le résultat d'une notification envoyée par l'organisation du jeton : statut, ménage "
        "et procédure rattachés, anomalies. Une notification d'une autre organisation "
        "n'existe pas pour ce jeton (404). Chaque lecture est inscrite au journal des accès."
    ),
    operation_id="notifications_read",
    url_name="notifications_read",
    tags=["Notifications"],
)
def notifications_read(request: HttpRequest, id: int = Path(..., ge=1, le=MAX_ID)):
    token = request.auth
    result = row_result(organisation=token.organisation, row_id=id)
    if result is None:
        return Status(404, {"detail": errors.NOT_FOUND})
    visible = visible_household_ids(
        organisation=token.organisation, household_ids=[result.household_id]
    )
    log_api_read(
        organisation=token.organisation,
        user=token.service_user,
        household_id=result.household_id if result.household_id in visible else None,
        what=f"API : résultat de la notification {id} (jeton {token.prefix}…)",
    )
    return Status(200, _result_out(result, visible))


# The follow-up's operations (GET /menages/{id}/suivi, POST /plans/{id}/versements)
# register themselves on ``api``; imported last, as they import it.
from . import follow_up  # noqa: E402, F401
