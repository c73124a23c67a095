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
    "(notifications : POST /api/v1/notifications, GET /api/v1/notifications/<id>)."
)
BAD_BODY = (
    "Le corps de la requête n'est pas du JSON valide (UTF-8) : envoyez une notification "
    "(un objet) ou un lot {« notifications » : [...]}."
)
EMPTY_BODY = (
    "Le corps de la requête est vide : envoyez une notification (un objet) ou un lot "
    "{« notifications » : [...]}."
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


def field_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One French error per (notification, field) from the parsing layer's errors."""
    out: dict[tuple[int | None, str], dict[str, Any]] = {}
    too_long = None
    for error in errors:
        loc = list(error.get("loc", ()))
        if loc[:1] == ["body"]:
            loc = loc[1:]
        if loc[:1] == ["payload"]:
            loc = loc[1:]
        index: int | None = 0
        field = ""
        is_root = not loc
        if loc[:1] == ["une"]:
            field = str(loc[1]) if len(loc) > 1 else ""
            is_root = len(loc) == 1
        elif loc[:1] == ["lot"]:
            rest = loc[1:]
            is_root = not rest
            if rest[:1] == ["notifications"]:
                if len(rest) == 1:
                    index, field = None, "notifications"
                elif isinstance(rest[1], int):
                    index = rest[1]
                    field = str(rest[2]) if len(rest) > 2 else "notification"
            elif rest:
                index, field = None, str(rest[0])
        key = (index, field)
        message = _message(error, field=field, is_root=is_root)
        item = {
            "index": index,
            "champ": field,
            "valeur": echo(error.get("input")) if error.get("type") != "missing" else "",
            "message": message,
        }
        if field == "notifications" and error.get("type") == "too_long":
            too_long = item
        out.setdefault(key, item)
    if too_long is not None:
        return [too_long]  # the batch is refused as a whole: its rows are not examined
    return sorted(out.values(), key=lambda e: (e["index"] is not None, e["index"] or 0))
