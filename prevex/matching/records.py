"""What the matching engine compares: one person-at-a-dwelling as a partner sent it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class PersonRecord:
    """A tenant (and optional co-tenant) at a dwelling, as read from one notification row.

    Values are taken as sent (accents, case, abbreviations, swapped names…): the engine
    normalises them itself. ``departement`` is the INSEE code of the département.
    """

    last_name: str
    first_name: str
    birth_date: datetime.date | None = None
    co_last_name: str = ""
    co_first_name: str = ""
    address: str
    postal_code: str
    commune_insee: str = ""
    commune_name: str = ""
    departement: str

    def people(self) -> list[tuple[str, str]]:
        """(last, first) of the tenant, then of the co-tenant when one is named."""
        people = [(self.last_name or "", self.first_name or "")]
        if (self.co_last_name or "").strip() or (self.co_first_name or "").strip():
            people.append((self.co_last_name or "", self.co_first_name or ""))
        return people
