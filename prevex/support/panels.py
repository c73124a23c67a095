"""The follow-up's panel on the file page (« Suivi »: contacts, DSF, measures, alerts),
composed by prevex.pages (see prevex.core.panels). SUIVI readers only: a landlord's page
never computes it."""

from prevex.access.gate import FieldGroup
from prevex.core.panels import FILE_PAGE, FileSubject, Panel, register

from .groups import SUIVI
from .plans import PAYERS
from .selectors import follow_up_of_file, plans_of_file


def follow_up(subject: FileSubject) -> dict:
    context = follow_up_of_file(
        membership=subject.membership, household=subject.household, groups=subject.groups
    )
    context["contact_form"] = subject.form("contact_form")
    context["measure_form"] = subject.form("measure_form")
    context["referral_form"] = subject.form("referral_form")
    return context


def plans(subject: FileSubject) -> dict:
    """Repayment plans and their compliance (PROCEDURE group: the landlord sees them)."""
    return {
        "household_id": subject.household.pk,
        "plans": plans_of_file(household=subject.household),
        "can_pay": subject.membership.organisation.type in PAYERS,
        "plan_form": subject.form("plan_form"),
    }


register(
    Panel(FILE_PAGE, "follow_up", "support/panels/follow_up.html", follow_up, "main", 15, SUIVI)
)
register(
    Panel(
        FILE_PAGE,
        "plans",
        "support/panels/plans.html",
        plans,
        "main",
        14,
        FieldGroup.PROCEDURE,
    )
)
