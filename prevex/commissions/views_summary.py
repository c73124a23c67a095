"""The summary's page and PDF, the session's minutes and the letter to the household.

Thin views: the documents are built in ``pdf.py`` (which asks the access gate and the
commission's perms); a document one may not have answers 404, never a hint. Every
nominative read is journaled: the page as a view, the PDFs as exports, the minutes once
per file whose identity it shows. The minutes name several households: like the other
nominative exports of lists they ask for a recent re-authentication
(``recent_auth_required``); the summary and the letter (one household, like the DSF's
PDF) do not.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from prevex.accounts.decorators import acting_view
from prevex.accounts.reauth import recent_auth_required
from prevex.audit import services as audit

from . import pdf
from .models import Session


def _item(item_id):
    item = pdf.agenda_item(item_id)
    if item is None:
        raise Http404(pdf.NOT_FOUND)
    return item


def _pdf_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@acting_view
@require_GET
def summary_page(request, item):
    membership = request.membership
    item = _item(item)
    context = pdf.summary_context(item=item, membership=membership)
    if context is None:
        raise Http404(pdf.NOT_FOUND)
    audit.log_view(
        membership=membership,
        what=f"Commission : fiche de synthèse ({item.session.commission.name})",
        household_id=item.household_id,
    )
    return render(request, "commissions/summary/page.html", context)


@acting_view
@require_GET
def summary_pdf(request, item):
    membership = request.membership
    item = _item(item)
    body = pdf.summary_pdf(item=item, membership=membership)
    audit.log_export(
        membership=membership,
        what="Commission : fiche de synthèse (PDF)",
        household_id=item.household_id,
    )
    return _pdf_response(body, f"fiche-synthese-{item.household.reference}.pdf")


@acting_view
@recent_auth_required
@require_GET
def minutes_pdf(request, pk):
    membership = request.membership
    session = Session.objects.select_related("commission__secretariat").filter(pk=pk).first()
    context = (
        None if session is None else pdf.minutes_context(session=session, membership=membership)
    )
    if context is None:
        raise Http404(pdf.NOT_FOUND)
    body = pdf.render_minutes(context)
    what = f"Commission : procès-verbal de la séance du {context['session_on']:%d/%m/%Y}"
    audit.log_export(membership=membership, what=what)
    for household_id in context["named_household_ids"]:
        audit.log_export(membership=membership, what=what, household_id=household_id)
    return _pdf_response(body, f"proces-verbal-{context['session_on']:%Y-%m-%d}.pdf")


@acting_view
@require_GET
def letter_pdf(request, item):
    membership = request.membership
    item = _item(item)
    body = pdf.household_letter_pdf(item=item, membership=membership)
    audit.log_export(
        membership=membership,
        what="Commission : courrier au ménage après la séance (PDF)",
        household_id=item.household_id,
    )
    return _pdf_response(body, f"courrier-{item.household.reference}.pdf")
