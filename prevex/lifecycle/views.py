"""The data-subject export (secretariat only, journaled)."""

import json

from django.http import Http404, HttpResponse

from prevex.access.gate import is_secretariat_of
from prevex.accounts.decorators import acting_view
from prevex.accounts.reauth import recent_auth_required
from prevex.audit.services import log_export
from prevex.households.models import Household

from .subject import subject_export

WHAT = "Export des données du ménage (droit d'accès)"


@acting_view
@recent_auth_required
def subject_export_view(request, household_id):
    household = Household.objects.filter(pk=household_id).first()
    # Anyone else gets the same 404 as for a file that does not exist.
    if household is None or not is_secretariat_of(request.membership, household.departement_id):
        raise Http404("Dossier introuvable.")
    document = subject_export(household)
    log_export(membership=request.membership, what=WHAT, household_id=household.pk)
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="donnees-{household.reference}.json"'
    return response
