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
