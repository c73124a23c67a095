"""The data-subject export (secretariat only, journaled)."""

import json

from django.http import Http404, HttpResponse

from prevex.access.gate import is_secretariat_of
from prevex.accounts.decorators import acting_view
from prevex.accounts.reauth import recent_auth_required
from prevex.audit.services import log_export
from prevex.households.models import Household

from .subject import subject_export
from .subject_pdf import subject_pdf

WHAT = "Export des données du ménage (droit d'accès)"


def _household_for_secretariat(request, household_id) -> Household:
    household = Household.objects.filter(pk=household_id).first()
    # Anyone else gets the same 404 as for a file that does not exist.
    if household is None or not is_secretariat_of(request.membership, household.departement_id):
        raise Http404("Dossier introuvable.")
    return household


@acting_view
@recent_auth_required
def subject_export_view(request, household_id):
    household = _household_for_secretariat(request, household_id)
    document = subject_export(household)
    log_export(membership=request.membership, what=WHAT, household_id=household.pk)
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="donnees-{household.reference}.json"'
    return response


@acting_view
@recent_auth_required
def subject_export_pdf_view(request, household_id):
    household = _household_for_secretariat(request, household_id)
    document = subject_export(household)
    log_export(membership=request.membership, what=f"{WHAT}, PDF", household_id=household.pk)
    pdf = subject_pdf(document, reference=household.reference)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="donnees-{household.reference}.pdf"'
    return response
