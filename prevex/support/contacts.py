"""Writes of the contact journal (the one write path; later apps call ``contact_record``)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from prevex.access.gate import require_group
from prevex.accounts.models import Membership
from prevex.audit import services as audit
from prevex.core.errors import BusinessError
from prevex.households.services import refuse_anonymised

from .choices import ContactChannel, ContactOutcome, ContactPurpose, Direction
from .groups import SUIVI
from .history import contact_entry
from .models import Contact

FUTURE_TOLERANCE = datetime.timedelta(minutes=5)
EARLIEST = datetime.date(1990, 1, 1)


def _check_choice(value, choices, what: str) -> None:
    if value not in choices.values:
        raise BusinessError(f"{what} inconnu : « {value} ».")


@transaction.atomic
def contact_record(
    *,
    household,
    by: Membership,
    channel: str,
    direction: str,
    at: datetime.datetime,
    purpose: str,
    outcome: str,
    purpose_detail: str = "",
    answers: Contact | None = None,
) -> Contact:
    """Record one contact attempt (or a response to an earlier one) by ``by``'s organisation."""
    require_group(
        by,
        household=household,
        group=SUIVI,
        message="Votre organisation n'a pas accès au suivi de ce dossier.",
    )
    _check_choice(channel, ContactChannel, "Canal")
    _check_choice(direction, Direction, "Sens")
    _check_choice(purpose, ContactPurpose, "Objet")
    _check_choice(outcome, ContactOutcome, "Résultat")
    purpose_detail = (purpose_detail or "").strip()
    if purpose == ContactPurpose.AUTRE and not purpose_detail:
        raise BusinessError("Précisez l'objet du contact (« Autre »).")
    if at.date() < EARLIEST:  # before any conversion: year 1 overflows once in UTC
        raise BusinessError(f"La date du contact ne peut pas précéder le {EARLIEST:%d/%m/%Y}.")
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    if at > timezone.now() + FUTURE_TOLERANCE:
        raise BusinessError("La date du contact ne peut pas être dans le futur.")
    if answers is not None:
        if answers.household_id != household.pk:
            raise BusinessError("Un contact ne peut répondre qu'à un contact du même dossier.")
        if answers.direction == direction:
            raise BusinessError(
                "Une réponse va dans l'autre sens que le contact auquel elle répond."
            )
        if at < answers.at:
            raise BusinessError(
                "Une réponse ne peut pas précéder le contact auquel elle répond "
                f"({timezone.localtime(answers.at):%d/%m/%Y %H:%M})."
            )
    refuse_anonymised(household.pk)  # locks the file: a second click waits, then finds the first
    purpose_detail = purpose_detail[:300]
    if Contact.objects.filter(
        household_id=household.pk,
        organisation_id=by.organisation_id,
        channel=channel,
        direction=direction,
        at=at,
        purpose=purpose,
        purpose_detail=purpose_detail,
        outcome=outcome,
        answers=answers,
    ).exists():
        raise BusinessError(
            "Ce contact est déjà enregistré par votre organisation (même date et heure, même "
            "canal, même objet, même résultat)."
        )
    contact = Contact.objects.create(
        household_id=household.pk,
        departement_id=household.departement_id,
        channel=channel,
        direction=direction,
        at=at,
        organisation_id=by.organisation_id,
        author_id=by.user_id,
        purpose=purpose,
        purpose_detail=purpose_detail,
        outcome=outcome,
        answers=answers,
    )
    audit.log_write(contact_entry(contact=contact, by=by))
    return contact
