"""The commissions' panel on the file page (« Commissions »): the file's passages before
commissions, its open saisines and the saisine form. Every reader of the file
(PROCEDURE group, the landlord included); the commission's opinion only for readers of
the follow-up (see selectors.passages_of_file). One statement says which rows the file
has (``file_presence``, shared with the recommendations' panel); then at most two
queries, whatever the file holds.

Other commission areas declare their panels in ``panels_<area>.py``, imported below.
"""

from prevex.access.gate import FieldGroup
from prevex.core.panels import FILE_PAGE, FileSubject, Panel, register

from . import perms
from .file_presence import presence, statements
from .selectors import passages_of_file, saisines_of_file


def commissions(subject: FileSubject) -> dict:
    present = presence(subject)
    saisines = saisines_of_file(household=subject.household) if present.saisines else []
    return {
        "household_id": subject.household.pk,
        "passages": passages_of_file(
            household=subject.household, membership=subject.membership, groups=subject.groups
        )
        if present.passages
        else [],
        "saisines": [
            (saisine, perms.may_withdraw(subject.membership, saisine)) for saisine in saisines
        ],
        "saisine_form": subject.form("saisine_form"),
    }


register(
    Panel(
        FILE_PAGE,
        "commissions",
        "commissions/panels/commissions.html",
        commissions,
        "main",
        16,
        FieldGroup.PROCEDURE,
        statements=statements,
    )
)

from . import panels_follow  # noqa: E402, F401  (the file's recommendations)
