"""Writes of the SOCIAL and HEALTH groups: the social evaluation's versions
(``household_social_update``) and vulnerabilities (``vulnerability_add``). Importable
from prevex.households.services; the reads are in prevex/households/social.py."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from prevex.access.groups import FieldGroup
from prevex.accounts.models import Membership
from prevex.audit import services as audit
from prevex.core import clock
from prevex.core.dates import french_date
from prevex.core.errors import BusinessError

from . import history
from .common import check_amounts, require
from .models import Household, SocialEvaluation, Vulnerability
from .retention import refuse_anonymised


@transaction.atomic
def household_social_update(
    *,
    household: Household,
    by: Membership,
    monthly_resources: Decimal | None,
    resources_note: str,
    social_evaluation: str,
) -> Household:
    """Social evaluation group (resources, evaluation): social workers and the secretariat.

    Writes a new dated, authored version; the previous ones stay as they were.
    """
    require(by, household, FieldGroup.SOCIAL)
    refuse_anonymised(household.pk)
    check_amounts(monthly_resources=monthly_resources)
    text, resources_note = social_evaluation.strip(), resources_note.strip()
    previous = (
        SocialEvaluation.objects.filter(household_id=household.pk)
        .order_by("-written_at", "-id")
        .first()
    )
    last = (
        (previous.text, previous.monthly_resources, previous.resources_note)
        if previous
        else ("", None, "")
    )
    if (text, monthly_resources, resources_note) == last:
        # An empty form sent again, or the last version unchanged: a version that says
        # nothing new would bury the one that did, in the history every reader sees.
        raise BusinessError(
            "Rien à enregistrer : l'évaluation est identique à la dernière version."
            if any(last)
            else "Rien à enregistrer : l'évaluation, les ressources et leur commentaire sont vides."
        )
    _social_version(
        household=household,
        by=by,
        previous=previous,
        text=text,
        monthly_resources=monthly_resources,
        resources_note=resources_note,
    )
    return household


def _social_version(
    *,
    household: Household,
    by: Membership | None,
    previous: SocialEvaluation | None,
    text: str,
    monthly_resources: Decimal | None,
    resources_note: str,
) -> SocialEvaluation:
    """A new version of the social evaluation after ``previous`` (the latest one, or
    None), its history row, and the household's copy of the latest version (kept one
    release, see SocialEvaluation)."""
    evaluation = SocialEvaluation.objects.create(
        household=household,
        text=text,
        monthly_resources=monthly_resources,
        resources_note=resources_note,
        written_at=timezone.now(),
        written_by_id=by.user_id if by is not None else None,
        organisation_id=by.organisation_id if by is not None else None,
    )
    audit.log_write(
        history.social_evaluation_entry(evaluation=evaluation, previous=previous, by=by)
    )
    household.monthly_resources = monthly_resources
    household.resources_note = resources_note
    household.social_evaluation = text
    household.save(
        update_fields=["monthly_resources", "resources_note", "social_evaluation", "updated_at"]
    )
    return evaluation


@transaction.atomic
def vulnerability_add(
    *,
    household: Household,
    by: Membership,
    kind: str,
    note: str,
    recorded_on: datetime.date,
) -> Vulnerability:
    """Special-category data: only for readers of the HEALTH group."""
    require(by, household, FieldGroup.HEALTH)
    refuse_anonymised(household.pk)
    if recorded_on > clock.today():
        raise BusinessError("La date de constat ne peut pas être dans le futur.")
    note = note.strip()
    # The form sent twice (a double click, two tabs): the household's row is locked by
    # refuse_anonymised, so the second waits for the first and finds it.
    if Vulnerability.objects.filter(
        household_id=household.pk, kind=kind, note=note, recorded_on=recorded_on
    ).exists():
        raise BusinessError(
            f"Cette vulnérabilité est déjà signalée dans le dossier (constatée le "
            f"{french_date(recorded_on)})."
        )
    vulnerability = Vulnerability.objects.create(
        household=household, kind=kind, note=note, recorded_on=recorded_on
    )
    audit.log_write(history.vulnerability_entry(vulnerability=vulnerability, by=by))
    return vulnerability
