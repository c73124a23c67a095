"""The composed pages: the household file page, the dashboard (with its CSV export) and
each organisation's home page.

Thin: the page reads its subject once (the file as this reader may read it, journaled;
or the reader and the query string), then every app's panels add their part in order.
"""

import csv
from collections.abc import Iterator

from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from prevex.access.gate import is_secretariat_of
from prevex.accounts.decorators import acting_view
from prevex.accounts.reauth import recent_auth_required
from prevex.audit import services as audit
from prevex.core import batch
from prevex.core.error_pages import error_page
from prevex.core.panels import (
    DASHBOARD,
    FILE_PAGE,
    HOME,
    FileSubject,
    ListSubject,
    page_statements,
)
from prevex.households import perms, selectors
from prevex.procedures.dashboard import dashboard_filters, export_rows
from prevex.support import views_tasks

from .composition import compose


def render_file_page(request, *, household_id, forms=None, status=200):
    """The file page; ``forms`` (by name) are forms sent with errors, shown in place.

    The file as this reader may read it (the gate; the read journaled), then the view,
    the panels and the header. What they read goes in one batch declared up front: one
    round trip on PostgreSQL (prevex.core.batch)."""
    membership = request.membership
    household, groups = selectors.file_for_reading(membership=membership, household_id=household_id)
    subject = FileSubject(membership, household, groups, None, dict(forms or {}), request)
    statements = selectors.file_view_statements(household.pk, groups)
    statements += page_statements(FILE_PAGE, subject, groups=groups)
    with batch.prefetched(statements):
        subject.file = selectors.build_household_view(household, groups)
        context = {
            "file": subject.file,
            "can_edit": perms.can_edit_household(groups),
            # The data-subject export (prevex/lifecycle): the secretariat only.
            "can_export_subject": is_secretariat_of(membership, household.departement_id),
            "aside": compose(FILE_PAGE, subject, slot="aside", groups=groups),
            "main": compose(FILE_PAGE, subject, slot="main", groups=groups),
        }
        return render(request, "pages/file.html", context, status=status)


@acting_view
def file_page(request, household_id):
    return render_file_page(request, household_id=household_id)


@acting_view
@require_GET
def home(request):
    """Each organisation's home page: what waits for it in the imports, then its work
    list (« à faire »). A filter of the work list (htmx) gets the table alone."""
    if request.htmx:
        return views_tasks.work_list(request)
    subject = ListSubject(request.membership, request.GET)
    main = compose(HOME, subject)
    status = max((p.context.get("status", 200) for p in main), default=200)
    return render(request, "pages/home.html", {"nav": "home", "main": main}, status=status)


@acting_view
def dashboard(request):
    subject = ListSubject(request.membership, request.GET)
    return render(
        request,
        "pages/dashboard.html",
        {"nav": "dashboard", "main": compose(DASHBOARD, subject)},
    )


class _Line:
    """A write-only file for ``csv.writer``: ``write`` hands the line back to stream it."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows) -> Iterator[str]:
    """The rows as « ; »-separated lines (a French spreadsheet's separator), after a BOM."""
    writer = csv.writer(_Line(), delimiter=";")
    yield "\ufeff"
    for row in rows:
        yield writer.writerow(row)


@acting_view
@recent_auth_required
def dashboard_export(request):
    """CSV export of the filtered list, streamed: every row, no cap (journaled once,
    through the access gate; formula injection neutralised; French decimals)."""
    membership = request.membership
    form, filters = dashboard_filters(membership=membership, params=request.GET)
    if form.is_bound and not form.is_valid():
        # Never the whole list in place of the filtered one: say which filter is wrong.
        wrong = "; ".join(
            f"{form.fields[name].label if name in form.fields else 'Filtre'} : {' '.join(errors)}"
            for name, errors in form.errors.items()
        )
        return error_page(
            request, 400, message=f"Export non produit, un filtre est invalide. {wrong}"
        )
    audit.log_export(membership=membership, what="Export CSV de la liste des dossiers")
    response = StreamingHttpResponse(
        csv_lines(export_rows(membership=membership, filters=filters)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="dossiers.csv"'
    return response
