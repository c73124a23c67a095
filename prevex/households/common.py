"""What the household writers share: the search text, the checks of amounts and
members, and the actor's field group (the access gate decides)."""

import datetime
from decimal import Decimal

from prevex.access import gate
from prevex.accounts.models import Membership
from prevex.core import clock
from prevex.core.dates import french_date
from prevex.core.errors import BusinessError
from prevex.core.text import fold

from .models import Household, Member, MemberRole


def compute_search_text(*, members: list[Member], address: str, commune_name: str) -> str:
    names = " ".join(f"{m.last_name} {m.first_name}" for m in members)
    return fold(f"{names} | {address} {commune_name}")


def check_amounts(**amounts) -> None:
    labels = {"rent": "Le loyer", "charges": "Les charges", "monthly_resources": "Les ressources"}
    for name, value in amounts.items():
        if value is not None and Decimal(value) < 0:
            raise BusinessError(f"{labels[name]} ne peut pas être négatif.")


def check_members(members: list[dict]) -> None:
    if not any(m.get("role") == MemberRole.TITULAIRE for m in members):
        raise BusinessError("Le ménage doit comporter un titulaire du bail.")
    today = clock.today()
    for m in members:
        if not (m.get("last_name") or "").strip() or not (m.get("first_name") or "").strip():
            raise BusinessError("Chaque membre du ménage doit avoir un nom et un prénom.")
        birth = m.get("birth_date")
        if birth and (birth > today or birth < datetime.date(1900, 1, 1)):
            raise BusinessError(
                f"Date de naissance impossible pour {m['first_name']} {m['last_name']} : "
                f"{french_date(birth)}."
            )


def require(by: Membership | None, household: Household, group: str) -> None:
    """The actor must read ``group`` in this file (the access gate decides)."""
    gate.require_group(by, household=household, group=group)
