"""French answers for every refusal of the API (never a 500, never an English message).

``field_errors`` turns the parsing layer's errors (pydantic) into the same shape as the
import's own validation errors: ``{"index", "champ", "valeur", "message"}``.
"""

import json
from typing import Any

from .schemas import MAX_BATCH, NotificationIn

MAX_ECHO = 200
AMOUNT_FIELDS = {"loyer_mensuel", "charges_mensuelles", "montant_dette"}
KNOWN_FIELDS = set(NotificationIn.model_fields)

NOT_FOUND = "Notification introuvable."
UNKNOWN_URL = (
    "Adresse inconnue de l'API : voir la documentation à /api/v1/docs "
    "(notifications : POST /api/v1/notifications, GET /api/v1/notifications/<id> ; "
    "suivi : GET /api/v1/menages/<id>/suivi, POST /api/v1/plans/<id>/versements)."
)
# An id in the URL that is not a valid number: the same answer as an unknown object.
NOT_FOUND_BY_PREFIX = (
    ("/menages/", "Dossier introuvable."),
    ("/plans/", "Plan d'apurement introuvable."),
)
# The OpenAPI document's description of each answer (django-ninja writes the English
# HTTP reason phrase, which the documentation page shows to the partners' developers).
RESPONSE_DESCRIPTIONS = {
    200: "Réussi (pour un envoi : tout était déjà reçu, rien n'est ajouté)",
    201: "Enregistré",
    400: "Corps de la requête illisible : pas du JSON, ou pas de la forme attendue",
    401: "Jeton d'API absent, inconnu ou révoqué",
    403: "Opération refusée à l'organisation du jeton",
    404: "Introuvable, ou non lisible par l'organisation du jeton (même réponse)",
    413: "Corps de la requête trop volumineux",
    422: "Champ invalide : un message en français par champ, rien n'est enregistré",
    429: "Trop de requêtes : réessayer après le délai de l'en-tête Retry-After",
}
BAD_BODY = (
    "Le corps de la requête n'est pas du JSON valide (UTF-8) : envoyez une notification "
    "(un objet) ou un lot {« notifications » : [...]}."
)
EMPTY_BODY = (
    "Le corps de la requête est vide : envoyez une notification (un objet) ou un lot "
    "{« notifications » : [...]}."
)
BAD_BODY_PAYMENT = (
    "Le corps de la requête n'est pas du JSON valide (UTF-8) : envoyez un versement "
    '{« date » : "AAAA-MM-JJ", « montant » : "120,50"}.'
)
TOO_BIG = "La requête est trop volumineuse : envoyez des lots plus petits."


def echo(value: Any) -> str:
    """The received value, as text, shortened for the answer."""
    if value is None:
        return ""
    if isinstance(value, str):
        text = value
    else:
        try:
            text = json.dumps(value, ensure_ascii=False, default=str)
        except (TypeError, ValueError):
            text = str(value)
    return text if len(text) <= MAX_ECHO else text[: MAX_ECHO - 1] + "…"


def _french_count(n: int) -> str:
    return f"{n:,}".replace(",", "\u202f")


def _message(error: dict[str, Any], *, field: str, is_root: bool) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        if is_root:
            return EMPTY_BODY
        if field == "notifications":
            return "Le lot doit contenir la liste « notifications »."
        return "Ce champ est obligatoire."
    if kind == "extra_forbidden":
        return "Champ inconnu : il ne fait pas partie du format des notifications."
    if kind == "too_long" and field == "notifications":
        actual = ctx.get("actual_length")
        received = f" ; celui-ci en contient {_french_count(actual)}" if actual else ""
        return (
            f"Un lot contient au plus {_french_count(MAX_BATCH)} notifications{received}. "
            "Découpez-le en plusieurs requêtes."
        )
    if kind == "too_short" and field == "notifications":
        return "Le lot est vide : il doit contenir au moins une notification."
    if kind in {"list_type"}:
        return "« notifications » doit être une liste de notifications."
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        if is_root:
            return (
                "Le corps de la requête doit être un objet JSON : une notification ou un lot "
                "{« notifications » : [...]}."
            )
        return "Une notification doit être un objet JSON."
    if field in AMOUNT_FIELDS:
        return "Montant attendu : un nombre (1234.56) ou un texte (« 1 234,56 € »)."
    if field in KNOWN_FIELDS:
        return "Valeur attendue sous forme de texte."
    return "Valeur invalide."


def _place(loc: list) -> tuple[int | None, str, bool]:
    """(notification index, field, whether the error is about the whole body) of an error
    location such as ``body, payload, lot, notifications, 3, date_acte``."""
    for prefix in ("body", "payload"):
        if loc[:1] == [prefix]:
            loc = loc[1:]
    if not loc:
        return None, "", True
    kind, rest = loc[0], loc[1:]
    if not rest:
        return None, "", True
    if kind == "une":
        return 0, str(rest[0]), False
    if rest[0] != "notifications":
        return None, str(rest[0]), False
    if len(rest) == 1:
        return None, "notifications", False
    if isinstance(rest[1], int):
        return rest[1], str(rest[2]) if len(rest) > 2 else "notification", False
    return None, "notifications", False


def field_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One French error per (notification, field) from the parsing layer's errors."""
    out: dict[tuple[int | None, str], dict[str, Any]] = {}
    for error in errors:
        index, field, is_root = _place(list(error.get("loc", ())))
        kind = error.get("type")
        item = {
            "index": index,
            "champ": field,
            "valeur": "" if kind == "missing" else echo(error.get("input")),
            "message": _message(error, field=field, is_root=is_root),
        }
        if field == "notifications" and kind == "too_long":
            return [item]  # the batch is refused as a whole: its rows are not examined
        out.setdefault((index, field), item)
    return sorted(out.values(), key=lambda e: (e["index"] is not None, e["index"] or 0))


def method_not_allowed(allowed: str) -> str:
    """The 405 message: the methods the address accepts (``Allow`` header's value)."""
    methods = ", ".join(sorted(m.strip() for m in allowed.split(",") if m.strip()))
    return (
        f"Méthode HTTP non acceptée à cette adresse : utilisez {methods}. "
        "Voir la documentation à /api/v1/docs."
    )


def not_found_for(path: str) -> str:
    """The 404 message of an operation, by its URL (a notification by default)."""
    for prefix, message in NOT_FOUND_BY_PREFIX:
        if prefix in path:
            return message
    return NOT_FOUND
