"""Reads of the social evaluation's versions (SOCIAL group only).

The file page reads the latest version with one hand-written query, only for readers of
the SOCIAL group (docs/decisions/2026-11-23-file-page-reads.md); the versions panel lists
every dated, authored version and journals the read.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.http import Http404

from prevex.accounts.models import Membership
from prevex.audit import services as audit
from prevex.core import batch

from .models import SocialEvaluation
from .perms import FieldGroup

LATEST_EVALUATION_SQL = (
    # Names by scalar subqueries: planned in a third of a join's time on PostgreSQL.
    "SELECT e.*, "
    "(SELECT first_name FROM accounts_user WHERE id = e.written_by_id) AS author_first_name, "
    "(SELECT last_name FROM accounts_user WHERE id = e.written_by_id) AS author_last_name, "
    "(SELECT username FROM accounts_user WHERE id = e.written_by_id) AS author_username, "
    "(SELECT name FROM accounts_organisation WHERE id = e.organisation_id) "
    "AS author_organisation "
    "FROM households_socialevaluation e "
    "WHERE e.household_id = %s ORDER BY e.written_at DESC, e.id DESC LIMIT 1"
)
UNKNOWN_AUTHOR = "auteur inconnu (saisie antérieure à l'historique)"


@dataclass(frozen=True)
class EvaluationVersion:
    written_at: datetime.datetime | None
    author: str
    organisation: str
    text: str
    monthly_resources: object
    resources_note: str

    @property
    def signature(self) -> str:
        """« par Camille Martin (CCAS de Saint-Denis) », or the unknown author."""
        if not self.author:
            return UNKNOWN_AUTHOR
        return f"par {self.author}" + (f" ({self.organisation})" if self.organisation else "")


def _author(first_name: str | None, last_name: str | None, username: str | None) -> str:
    return f"{first_name or ''} {last_name or ''}".strip() or (username or "")


def latest_social_evaluation(household_id: int) -> EvaluationVersion | None:
    """The latest version of the household's social evaluation, in one query (or None)."""
    row = next(iter(batch.models(SocialEvaluation, LATEST_EVALUATION_SQL, [household_id])), None)
    if row is None:
        return None
    return EvaluationVersion(
        written_at=row.written_at,
        author=_author(row.author_first_name, row.author_last_name, row.author_username),
        organisation=row.author_organisation or "",
        text=row.text,
        monthly_resources=row.monthly_resources,
        resources_note=row.resources_note,
    )


def social_evaluation_versions(
    *, membership: Membership, household_id: int, groups: frozenset
) -> list[EvaluationVersion]:
    """Every version, latest first, for a reader of the SOCIAL group (else 404); journaled.

    ``groups``: the field groups the reader sees in this file (from the access gate).
    """
    if FieldGroup.SOCIAL not in groups:
        raise Http404("Dossier introuvable.")
    audit.log_file_view(
        membership=membership,
        household_id=household_id,
        what="Versions de l'évaluation sociale",
    )
    versions = (
        SocialEvaluation.objects.filter(household_id=household_id)
        .select_related("written_by", "organisation")
        .order_by("-written_at", "-id")
    )
    return [
        EvaluationVersion(
            written_at=v.written_at,
            author=_author(v.written_by.first_name, v.written_by.last_name, v.written_by.username)
            if v.written_by is not None
            else "",
            organisation=v.organisation.name if v.organisation is not None else "",
            text=v.text,
            monthly_resources=v.monthly_resources,
            resources_note=v.resources_note,
        )
        for v in versions
    ]
