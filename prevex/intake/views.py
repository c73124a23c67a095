"""Import pages: upload, batches and their summary, error report, quarantine correction.

Thin views: forms, services, selectors. A sender sees only its own imports (the
selectors filter on the acting organisation); the review queue is in views_review.py.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from prevex.access.gate import visible_household_ids
from prevex.accounts.decorators import acting_view
from prevex.accounts.reauth import recent_auth_required
from prevex.audit import services as audit
from prevex.core import jobs
from prevex.core.models import JobRun
from prevex.core.text import count
from prevex.support.plans import PAYERS

from . import reports, selectors, services, tasks
from .forms import RowCorrectionForm, UploadForm
from .models import BatchStatus, ImportChunk, RowStatus
from .uploads import upload_too_big

# Files up to this many rows are imported during the upload request (one transaction, the
# summary at once); larger ones by a background job (tasks.import_batch), chunk by chunk,
# while the batch page polls a progress fragment.
SYNC_ROWS = 2000
UI_CHUNK_ROWS = 1000
PAGE_SIZE = 25

STATUS_MESSAGES = {
    RowStatus.IMPORTE: "Ligne importée.",
    RowStatus.MIS_A_JOUR: "Ligne importée : elle a mis à jour un acte déjà reçu.",
    RowStatus.DOUBLON: "Cette ligne correspond à un acte déjà reçu : elle est close comme doublon.",
    RowStatus.REVUE: "Ligne importée et transmise au secrétariat de la CCAPEX pour vérification.",
}


def _summary_message(batch) -> str:
    s = batch.summary
    parts = [
        count(s["lus"], "ligne lue"),
        count(s["importes"], "importée"),
        count(s["mis_a_jour"], "mise à jour", "mises à jour"),
        count(s["doublons"], "doublon"),
        f"{s['quarantaine']} en quarantaine",
        count(s["revue"], "envoyée en revue", "envoyées en revue"),
    ]
    return f"Import n° {batch.pk} terminé : " + ", ".join(parts) + "."


@acting_view
@require_http_methods(["GET", "POST"])
def batch_list(request):
    membership = request.membership
    form = (
        UploadForm(request.POST, request.FILES, too_big=upload_too_big(request))
        if request.method == "POST"
        else UploadForm()
    )
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["fichier"]
        content = b"".join(upload.chunks())
        batch = services.batch_start(
            source=membership.organisation,
            content=content,
            filename=upload.name,
            by=membership,
            chunk_rows=UI_CHUNK_ROWS,
        )
        if batch.status == BatchStatus.ECHEC:
            messages.error(request, f"Fichier refusé : {batch.error}")
        elif batch.total <= SYNC_ROWS:
            batch = services.batch_process(batch=batch, by=membership, atomic=True)
            if batch.status == BatchStatus.TERMINE:
                messages.success(request, _summary_message(batch))
            else:
                messages.error(request, batch.error)
        else:
            _queue_import(request, batch)
        return redirect("intake:batch", batch_id=batch.pk)
    page = Paginator(selectors.batches_for(membership=membership), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "intake/batch_list.html",
        {
            "nav": "imports",
            "form": form,
            "page": page,
            "can_import_payments": membership.organisation.type in PAYERS,
        },
    )


def _queue_import(request, batch) -> None:
    task = tasks.import_batch.s(batch.pk, request.membership.pk)
    services.batch_job_attach(batch=batch, job_id=task.id)
    jobs.enqueue(task, by=request.user)


def _batch_context(request, batch):
    own = batch.source_id == request.membership.organisation_id
    return {
        "nav": "imports",
        "batch": batch,
        "own": own,
        "running": batch.status == BatchStatus.EN_COURS,
        # While the job runs, the polled progress block stands for the summary.
        "summary_shown": batch.status != BatchStatus.EN_COURS and bool(batch.total or batch.lus),
        "job": JobRun.objects.filter(task_id=batch.job_id).first() if batch.job_id else None,
        "resumable": batch.status == BatchStatus.ECHEC
        and ImportChunk.objects.filter(batch=batch).exists(),
        # Rows still in quarantine (the error report also lists accepted, corrected rows).
        "remaining": selectors.quarantine_for(
            membership=request.membership, batch_id=batch.pk
        ).count()
        if own
        else 0,
        "corrections": selectors.batch_corrections(batch=batch) if own else [],
        # The error report is offered only when it has something to say.
        "has_report": own
        and bool(batch.error or batch.notices or selectors.batch_error_rows(batch=batch).exists()),
    }


@acting_view
def batch_detail(request, batch_id):
    batch = selectors.batch_visible_for(membership=request.membership, batch_id=batch_id)
    return render(request, "intake/batch_detail.html", _batch_context(request, batch))


@acting_view
@require_safe
def batch_progress(request, batch_id):
    """htmx: the progress block of an import run by the background job (read only:
    counters, no nominative data). When it is over, the whole page is reloaded."""
    batch = selectors.batch_visible_for(membership=request.membership, batch_id=batch_id)
    if not request.htmx:
        return redirect("intake:batch", batch_id=batch.pk)
    if batch.status != BatchStatus.EN_COURS:
        response = HttpResponse()
        response["HX-Refresh"] = "true"  # show the whole summary page
        return response
    return render(request, "intake/_progress.html", _batch_context(request, batch))


@acting_view
@require_POST
def batch_resume(request, batch_id):
    batch = selectors.batch_for(membership=request.membership, batch_id=batch_id)
    if batch.status == BatchStatus.ECHEC and services.batch_reopen(batch=batch):
        messages.info(request, "Import relancé : il reprend là où il s'était arrêté.")
        _queue_import(request, batch)
    return redirect("intake:batch", batch_id=batch.pk)


@acting_view
def batch_errors(request, batch_id):
    """The error report of a batch (CSV, formulas neutralised)."""
    membership = request.membership
    batch = selectors.batch_for(membership=membership, batch_id=batch_id)
    audit.log_export(membership=membership, what=f"Rapport d'erreurs de l'import n° {batch.pk}")
    body = reports.error_report_csv(batch, selectors.batch_error_rows(batch=batch))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{batch.pk}-erreurs.csv"'
    return response


# --------------------------------------------------------------------------- quarantine


@acting_view
def quarantine(request):
    membership = request.membership
    batch_id = request.GET.get("import") or ""
    rows = selectors.quarantine_for(membership=membership, batch_id=batch_id or None)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    audit.log_list_view(membership=membership, what=f"Quarantaine des imports, page {page.number}")
    for row in page.object_list:
        row.field_errors = selectors.row_errors(row)
    return render(
        request,
        "intake/quarantine.html",
        {"nav": "quarantine", "page": page, "batch_id": batch_id},
    )


@acting_view
@recent_auth_required
def quarantine_export(request):
    membership = request.membership
    audit.log_export(membership=membership, what="Export CSV de la quarantaine des imports")
    rows = selectors.quarantine_for(membership=membership)[:50000]
    response = HttpResponse(reports.quarantine_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="quarantaine.csv"'
    return response


def _row_template(request) -> str:
    return "intake/_row_form.html" if request.htmx else "intake/row_edit.html"


def _row_gone(request, row):
    """A row no longer in quarantine (corrected in another tab, or sent again), asked for
    or sent from a page loaded before: said in place of its form, nothing sent again."""
    return render(
        request,
        "intake/_row_done.html",
        {
            "row": row,
            "message": f"cette ligne n'est plus en quarantaine ({row.get_status_display().lower()}) : "
            "rien n'a été renvoyé.",
            "already": True,
            "household_shown": False,
        },
    )


@acting_view
@require_http_methods(["GET", "POST"])
def row_edit(request, row_id):
    """Correct a quarantined row and submit it again (htmx partial or full page)."""
    membership = request.membership
    row = selectors.quarantine_row_for(membership=membership, row_id=row_id)
    audit.log_view(
        membership=membership,
        what=f"Ligne en quarantaine n° {row.pk} (import n° {row.batch_id})",
        household_id=row.household_id,
    )
    if row.status != RowStatus.QUARANTAINE and request.htmx:
        return _row_gone(request, row)
    if request.method == "GET" or row.status != RowStatus.QUARANTAINE:
        form = RowCorrectionForm(row=row, errors=selectors.row_errors(row))
        return render(request, _row_template(request), {"row": row, "form": form})
    form = RowCorrectionForm(request.POST, row=row)
    result = None
    if form.is_valid():
        try:
            result = services.row_correct(row=row, values=form.cleaned_data, by=membership)
        except ValidationError as error:
            row.refresh_from_db()
            if row.status != RowStatus.QUARANTAINE:  # sent again meanwhile (another tab)
                return _row_gone(request, row) if request.htmx else redirect(request.path)
            form.add_error(None, error)
    if result is not None and result.status != RowStatus.QUARANTAINE:
        row.refresh_from_db()
        if not request.htmx:
            messages.success(request, STATUS_MESSAGES[result.status])
            return redirect("intake:quarantine")
        shown = visible_household_ids(
            organisation=membership.organisation, household_ids=[row.household_id]
        )
        return render(
            request,
            "intake/_row_done.html",
            {
                "row": row,
                "message": STATUS_MESSAGES[result.status],
                "household_shown": row.household_id in shown,  # never a hint otherwise
            },
        )
    row.refresh_from_db()
    errors = result.errors if result is not None else selectors.row_errors(row)
    form = RowCorrectionForm(request.POST, row=row, errors=errors)
    form.is_valid()
    return render(
        request, _row_template(request), {"row": row, "form": form, "still_quarantined": True}
    )
