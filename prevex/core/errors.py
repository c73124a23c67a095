"""Business-rule refusals raised by the services.

A ``BusinessError`` is a ``ValidationError``: forms can attach it to a field or show
it as a non-field error, and views turn it into a message instead of a 500. Its
message is French and says *why* the action is refused, for instance « Un
commandement de quitter les lieux ne peut suivre qu'un jugement prononçant la
résiliation. ».
"""

from django.core.exceptions import ValidationError


class BusinessError(ValidationError):
    """A French business-rule refusal (use ``.messages`` to display it)."""

    def __init__(self, message, code: str | None = "business", params=None):
        super().__init__(message, code=code, params=params)


def forget_traceback(error: ValidationError) -> ValidationError:
    """``error`` without its traceback, for a refusal caught and turned into a message.

    A ``ValidationError`` (so a ``BusinessError``) refers to itself (``error_list``):
    only the cyclic garbage collector frees it, and until then its traceback keeps alive
    every frame above the check — in an import, the whole chunk being ingested, which
    the collector must then walk (docs/decisions/2026-12-02-import-bookkeeping.md)."""
    error.__traceback__ = None
    return error
