"""The payments import page (« Importer des versements »): landlords, bailiffs and the
CCAPEX secretariat upload a file of payments on repayment plans (prevex/intake/payments.py).

The answer names no file: counts, and the bad lines with their French messages (the
sender's own values), so nothing nominative is read and nothing is journaled.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from prevex.accounts.decorators import acting_view
from prevex.support.plans import PAYERS

from .forms import UploadForm
from .payments import COLUMNS, payments_import
from .uploads import upload_too_big

NOT_A_PAYER = (
    "L'import des versements est réservé aux bailleurs, aux commissaires de justice et au "
    "secrétariat de la CCAPEX."
)
ERRORS_SHOWN = 200


@acting_view
@require_http_methods(["GET", "POST"])
def payments_upload(request):
    membership = request.membership
    if membership.organisation.type not in PAYERS:
        raise PermissionDenied(NOT_A_PAYER)
    result = None
    form = (
        UploadForm(request.POST, request.FILES, too_big=upload_too_big(request))
        if request.method == "POST"
        else UploadForm()
    )
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["fichier"]
        result = payments_import(
            by=membership, content=b"".join(upload.chunks()), filename=upload.name
        )
    return render(
        request,
        "intake/payments.html",
        {
            "nav": "imports",
            "form": form,
            "result": result,
            "errors_shown": result.errors[:ERRORS_SHOWN] if result else [],
            "columns": COLUMNS,
        },
        status=422 if result is not None and (result.refused or result.errors) else 200,
    )
