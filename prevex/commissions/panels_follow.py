"""The file page panel « Recommandations des commissions »: the file's recommendations and
their follow-up, and the one-year outcomes (imported by the commissions' ``panels.py``).

Every reader of the file (PROCEDURE group, landlords included, like the repayment
plans): follow-up readers (SUIVI) see every recommendation and the outcomes; the others
(landlords) only the recommendations addressed to their organisation. At most two
queries, whatever the data, none when the commissions' panel found no rows for the file
(``file_presence``); the page journaled the read.
"""

from prevex.access.gate import FieldGroup
from prevex.core.panels import FILE_PAGE, FileSubject, Panel, register
from prevex.support.groups import SUIVI

from .choices import CLOSED_STATUSES
from .file_presence import presence
from .models import FileOutcome, Recommendation


def recommendations_of_file(subject: FileSubject) -> dict | None:
    present = presence(subject)
    reads_follow_up = SUIVI in subject.groups
    if not present.recommendations and not (reads_follow_up and present.outcomes):
        return None
    recommendations = Recommendation.objects.filter(household_id=subject.household.pk)
    if not reads_follow_up:
        recommendations = recommendations.filter(addressee_id=subject.membership.organisation_id)
    rows = (
        list(
            recommendations.select_related(
                "type", "addressee", "item__session__commission"
            ).order_by("-item__session__starts_at", "id")
        )
        if present.recommendations
        else []
    )
    outcomes = (
        list(
            FileOutcome.objects.filter(household_id=subject.household.pk)
            .select_related("item__session__commission")
            .order_by("-due_on", "id")
        )
        if reads_follow_up and present.outcomes
        else []
    )
    if not rows and not outcomes:
        return None
    return {
        "recommendations": rows,
        "outcomes": outcomes,
        # Those the reader's organisation still has to report on (link to its page).
        "to_report": {
            r.pk
            for r in rows
            if r.addressee_id == subject.membership.organisation_id
            and r.status not in CLOSED_STATUSES
        },
    }


register(
    Panel(
        FILE_PAGE,
        "commission_recommendations",
        "commissions/follow/panel.html",
        recommendations_of_file,
        "main",
        31,
        FieldGroup.PROCEDURE,
    )
)
