"""French names of the objects the history of writes records.

The audit app sits below the apps that write: each app declares the names of its own
object types here when it starts (``register``), as it declares its field groups in the
access gate. The history panel reads them; a type nobody declared falls back to the
model's choices (``WriteObject``).
"""

from __future__ import annotations

from collections.abc import Mapping

from .models import WriteObject

OBJECT_LABELS: dict[str, str] = {str(value): str(label) for value, label in WriteObject.choices}


def register(labels: Mapping[str, str]) -> None:
    """Declares French names for an app's object types (idempotent)."""
    for code, label in labels.items():
        known = OBJECT_LABELS.get(code)
        if known is not None and known != label:
            raise ValueError(f"object type {code!r} already named {known!r}")
        OBJECT_LABELS[code] = label


def object_label(code: str) -> str:
    return OBJECT_LABELS.get(code, code)
