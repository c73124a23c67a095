"""One function per journaled event kind (append-only journal)."""

from prevex.accounts.models import Membership

from .models import AccessAction, AccessLog


def access_log(*, membership: Membership, action: str, what: str, household_id=None) -> None:
    AccessLog.objects.create(
        user_id=membership.user_id,
        organisation_id=membership.organisation_id,
        household_id=household_id,
        action=action,
        what=what[:200],
    )


def log_file_view(*, membership: Membership, household_id: int) -> None:
    access_log(
        membership=membership,
        action=AccessAction.VIEW,
        what="Dossier du ménage",
        household_id=household_id,
    )


def log_list_view(*, membership: Membership, what: str) -> None:
    access_log(membership=membership, action=AccessAction.VIEW, what=what)


def log_search(*, membership: Membership, query: str) -> None:
    access_log(membership=membership, action=AccessAction.SEARCH, what=f"Recherche : {query}")


def log_export(*, membership: Membership, what: str, household_id=None) -> None:
    access_log(
        membership=membership, action=AccessAction.EXPORT, what=what, household_id=household_id
    )


def log_api_read(*, organisation, user, household_id, what: str) -> None:
    """An API read: the token's organisation and its technical account (no membership)."""
    AccessLog.objects.create(
        user_id=user.pk,
        organisation_id=organisation.pk,
        household_id=household_id,
        action=AccessAction.API,
        what=what[:200],
    )
