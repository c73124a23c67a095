"""The préfecture's CFP pages: the files waiting for its decision and the decision view
with its form. Thin: selectors and services of ``cfp.py`` decide and journal."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from prevex.accounts.decorators import acting_view

from . import cfp
from .forms_cfp import CfpDecisionForm

PAGE_SIZE = 50  # files per page of the list, soonest decision deadline first


@acting_view
@require_GET
def cfp_list(request):
    membership = request.membership
    if not cfp.may_read(membership):
        raise PermissionDenied("Cette page est réservée à la préfecture.")
    files = cfp.cfp_files(membership=membership)
    page = Paginator(files, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "files": page.object_list,
        "page": page,
        "total": len(files),
        "querystring": "",
        "can_decide": cfp.may_decide(membership),
        "nav": "commissions",
    }
    return render(request, "commissions/cfp/list.html", context)


def _page(request, context, form, status=200):
    context = {**context, "form": form, "nav": "commissions"}
    return render(request, "commissions/cfp/decision.html", context, status=status)


@acting_view
@require_http_methods(["GET", "POST"])
def cfp_detail(request, procedure):
    membership = request.membership
    context = cfp.cfp_decision_view(membership=membership, procedure=procedure)
    criteria = context["criteria"]
    if request.method == "GET":
        form = None
        if context["can_decide"]:
            form = CfpDecisionForm(criteria=criteria, initial={"decided_on": context["today"]})
        return _page(request, context, form)
    if not context["can_decide"]:
        raise PermissionDenied("Seule la préfecture décide, sur un dossier à la réquisition.")
    form = CfpDecisionForm(request.POST, criteria=criteria)
    if form.is_valid():
        data = form.cleaned_data
        try:
            record = cfp.cfp_decide(
                procedure=context["procedure"],
                decision=data["decision"],
                criteria=form.criteria_answers(),
                reasoning=data["reasoning"],
                by=membership,
                decided_on=data["decided_on"],
                postponed_to=data["postponed_to"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Décision enregistrée : {record.get_decision_display()}.")
            return redirect("commissions:cfp_detail", procedure=context["procedure"].pk)
    return _page(request, context, form, status=422)
