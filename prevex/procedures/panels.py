"""The procedures' panels (composed by prevex.pages; see prevex.core.panels):

- on the file page, the procedures with their timelines, computed deadlines and actions;
- on the dashboard, the list of procedures (the dashboard is a list of procedures).
"""

from django.db.models import QuerySet

from prevex.access.policy import acts_on_file, closure_outcomes, may_record_act
from prevex.audit import services as audit
from prevex.core.panels import DASHBOARD, FILE_PAGE, FileSubject, ListSubject, Panel, register
from prevex.households import perms
from prevex.households.perms import FieldGroup

from .dashboard import dashboard_filters
from .forms import InstalmentMissedForm, JudgmentServedForm
from .listing import list_page
from .selectors import dashboard_procedures, file_statements, procedures_for_file
from .services import INSTALMENT_RECORDERS, SERVED_RECORDED_WITH
from .timeline import with_other_lines


def _for(form, pv) -> bool:
    return form is not None and getattr(form, "procedure_id", None) == pv.procedure.pk


def file_procedures(subject: FileSubject) -> dict:
    membership, groups = subject.membership, subject.groups
    procedures = procedures_for_file(
        membership=membership, household=subject.household, groups=groups
    )
    with_other_lines(procedures, household_id=subject.household.pk, groups=groups)
    event_form, close_form = subject.form("event_form"), subject.form("close_form")
    organisation = membership.organisation
    # a landlord records acts and closes only on its own tenants' files (landlord of record)
    can_record = perms.can_record_event(membership, groups) and acts_on_file(
        organisation, subject.household.pk
    )
    for pv in procedures:
        # Forms are fetched on demand (htmx); only a form with errors comes back inline.
        pv.event_form = event_form if _for(event_form, pv) else None
        pv.close_form = close_form if _for(close_form, pv) else None
    return {
        "household_id": subject.household.pk,
        "procedures": procedures,
        "can_edit": perms.can_edit_household(groups),
        "can_record": can_record,
        # « Clôturer la procédure »: only with some outcome the act matrix allows
        "can_close": can_record
        and any(pv.procedure.is_open for pv in procedures)
        and bool(closure_outcomes(organisation, subject.household.pk)),
        "can_record_instalment": membership.organisation.type in INSTALMENT_RECORDERS,
        "instalment_form_empty": InstalmentMissedForm(),
        # read the act matrix only for a file that asks for a judgment's signification
        "can_record_served": any(pv.unserved_judgment is not None for pv in procedures)
        and may_record_act(membership.organisation, SERVED_RECORDED_WITH),
        "served_form_empty": JudgmentServedForm(),
        "open_form": subject.form("open_form"),
        "has_open_procedure": any(pv.procedure.is_open for pv in procedures),
    }


def procedure_list(subject: ListSubject) -> dict:
    """The filtered list, one page of it (journaled as a list read)."""
    membership = subject.membership
    form, filters = dashboard_filters(membership=membership, params=subject.params)
    queryset: QuerySet = dashboard_procedures(membership=membership, filters=filters)
    page = list_page(queryset, subject.params.get("page"))
    audit.log_list_view(membership=membership, what=f"Liste des dossiers, page {page.number}")
    query = subject.params.copy()
    query.pop("page", None)
    return {"form": form, "page": page, "querystring": query.urlencode()}


register(
    Panel(
        FILE_PAGE,
        "procedures",
        "procedures/panels/file.html",
        file_procedures,
        slot="main",
        order=10,
        group=FieldGroup.PROCEDURE,
        statements=lambda subject: file_statements(subject.household.pk),
    )
)
register(Panel(DASHBOARD, "procedures", "procedures/panels/list.html", procedure_list, order=10))
