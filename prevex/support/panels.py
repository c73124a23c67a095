"""The follow-up's panels on the file page (« Suivi »: contacts, DSF, measures, alerts,
referrals; « Plans d'apurement »), and the measures' steps on the procedures' timeline
(a timeline source: SUIVI readers only, never a landlord), and the work list on each
organisation's home page, composed by prevex.pages (see prevex.core.panels).
Read by hand-written SQL, each line written once (prevex/support/file_reads.py).
SUIVI readers only for « Suivi »: a landlord's page never computes it."""

from prevex.access.gate import FieldGroup
from prevex.core.panels import (
    FILE_PAGE,
    HOME,
    FileSubject,
    Panel,
    TimelineSource,
    register,
    register_header_reads,
    register_timeline,
)

from .file_reads import (
    follow_up_lines,
    follow_up_statements,
    measure_step_items,
    plan_lines,
    plan_statements,
    step_statements,
)
from .groups import CONTACT_NOTES, SUIVI
from .plans import PAYERS
from .selectors import open_task_statements
from .views_tasks import work_list_context


def follow_up(subject: FileSubject) -> dict:
    """The « Suivi » section of a file (SUIVI readers; the page journaled the read)."""
    lines = follow_up_lines(
        household_id=subject.household.pk, notes=CONTACT_NOTES in subject.groups
    )
    return {
        "household_id": subject.household.pk,
        "lines": lines,
        "can_request_dsf": not lines.dsfs,
        # « Nouvelle tâche » on this file: manual tasks are SUIVI data, as the gate's
        # groups for this reader and file say (the panel itself needs them too).
        "can_create_task": SUIVI in subject.groups,
        "reference": subject.household.reference,
        "contact_form": subject.form("contact_form"),
        "measure_form": subject.form("measure_form"),
        "referral_form": subject.form("referral_form"),
    }


def plans(subject: FileSubject) -> dict:
    """Repayment plans and their compliance (PROCEDURE group: the landlord sees them)."""
    can_pay = subject.membership.organisation.type in PAYERS
    return {
        "household_id": subject.household.pk,
        "plans": plan_lines(household_id=subject.household.pk, can_pay=can_pay),
        "plan_form": subject.form("plan_form"),
    }


register(
    Panel(
        FILE_PAGE,
        "follow_up",
        "support/panels/follow_up.html",
        follow_up,
        "main",
        15,
        SUIVI,
        statements=lambda subject: follow_up_statements(
            subject.household.pk, notes=CONTACT_NOTES in subject.groups
        ),
    )
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
        statements=lambda subject: plan_statements(subject.household.pk),
    )
)
register(
    Panel(
        HOME,
        "work_list",
        "support/panels/work_list.html",
        lambda subject: work_list_context(subject.membership, subject.params),
        "main",
        20,
    )
)
register_timeline(TimelineSource("measure_steps", measure_step_items, SUIVI, step_statements))
register_header_reads("open_tasks", open_task_statements)
