"""Pages of the deliberation and of the follow-up: thin (forms + services + reads).

- the deliberation of a held session (secretariat): an opinion and recommendations per
  file, « Clore les délibérations »;
- « Recommandations reçues » (every organisation: those addressed to it; the
  secretariat also those addressed to households), with the report form;
- the follow-up (secretariat): what came of the recommendations, per session and
  overall, by type and by addressee (fiche action 9);
- the one-year outcomes to confirm (secretariat).
Refusals come back as French messages (422 with the form in place, or a message).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from prevex.accounts.decorators import acting_view
from prevex.accounts.models import Organisation

from . import deliberation as delib
from . import outcomes as outs
from . import recommendations as recos
from .choices import SessionStatus
from .follow import follow_up_page, managed_commissions
from .forms_follow import (
    OpinionForm,
    OutcomeForm,
    RecommendationForm,
    ReportForm,
    item_prefix,
    reco_prefix,
)


def _organisations(departement_id):
    return list(
        Organisation.objects.filter(departement_id=departement_id, is_active=True).order_by(
            "type", "name", "id"
        )
    )


def _deliberation_page(request, session, *, bound=None, status=200):
    membership = request.membership
    bound = bound or {}
    items = delib.deliberation_of(session=session, membership=membership)
    open_ = session.status == SessionStatus.TENUE
    types = recos.recommendation_types(departement_id=session.departement_id)
    organisations = _organisations(session.departement_id)
    for item in items:
        prefix = item_prefix(item.pk)
        item.opinion_form = bound.get(("opinion", item.pk)) or OpinionForm(
            prefix=prefix, initial={"opinion": item.opinion}
        )
        item.reco_form = bound.get(("reco", item.pk)) or RecommendationForm(
            prefix=prefix, types=types, organisations=organisations
        )
        for reco in item.recommendation_list:
            reco.report_form = ReportForm(prefix=reco_prefix(reco.pk))
    context = {
        "nav": "commissions",
        "session": session,
        "items": items,
        "open": open_,
        "not_held": delib.NOT_HELD
        if session.status in (SessionStatus.PREPARATION, SessionStatus.CONVOQUEE)
        else "",
        "cancelled": session.status == SessionStatus.ANNULEE,
        "examined": sum(1 for item in items if item.examined),
    }
    return render(request, "commissions/follow/deliberation.html", context, status=status)


@acting_view
@require_GET
def deliberation(request, pk):
    session = delib.session_for_deliberation(membership=request.membership, pk=pk)
    return _deliberation_page(request, session)


def _back_to(item):
    url = reverse("commissions:deliberation", args=[item.session_id])
    return redirect(f"{url}#dossier-{item.pk}")


@acting_view
@require_POST
def item_opinion(request, item):
    membership = request.membership
    item = delib.item_for_deliberation(membership=membership, pk=item)
    form = OpinionForm(request.POST, prefix=item_prefix(item.pk))
    if form.is_valid():
        try:
            delib.item_deliberate(item=item, opinion=form.cleaned_data["opinion"], by=membership)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, f"Avis enregistré pour le dossier {item.household.reference}."
            )
            return _back_to(item)
    return _deliberation_page(request, item.session, bound={("opinion", item.pk): form}, status=422)


@acting_view
@require_POST
def item_recommendation(request, item):
    membership = request.membership
    item = delib.item_for_deliberation(membership=membership, pk=item)
    form = RecommendationForm(
        request.POST,
        prefix=item_prefix(item.pk),
        types=recos.recommendation_types(departement_id=item.session.departement_id),
        organisations=_organisations(item.session.departement_id),
    )
    if form.is_valid():
        d = form.cleaned_data
        try:
            recos.recommendation_add(
                item=item,
                type_code=d["type_code"],
                addressee_kind=d["addressee_kind"],
                addressee=form.addressee_organisation(),
                due_on=d["due_on"],
                text=d["text"],
                by=membership,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Recommandation enregistrée.")
            return _back_to(item)
    return _deliberation_page(request, item.session, bound={("reco", item.pk): form}, status=422)


@acting_view
@require_POST
def session_close(request, pk):
    membership = request.membership
    session = delib.session_for_deliberation(membership=membership, pk=pk)
    try:
        delib.session_close(session=session, by=membership)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Délibérations closes.")
    return redirect("commissions:deliberation", pk=session.pk)


@acting_view
@require_GET
def recommendations_received(request):
    context = recos.recommendations_received(membership=request.membership)
    for reco in context["received"] + context["to_households"]:
        reco.report_form = ReportForm(prefix=reco_prefix(reco.pk))
    context["nav"] = "recommandations"
    return render(request, "commissions/follow/received.html", context)


@acting_view
@require_POST
def recommendation_report(request, pk):
    membership = request.membership
    reco = recos.recommendation_for_report(membership=membership, pk=pk)
    form = ReportForm(request.POST, prefix=reco_prefix(reco.pk))
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        recos.recommendation_report(
            recommendation=reco,
            status=form.cleaned_data["status"],
            reason=form.cleaned_data["reason"],
            by=membership,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Suivi de la recommandation enregistré.")
    if request.POST.get("retour") == "deliberation" and reco.item.session.status in (
        SessionStatus.TENUE,
        SessionStatus.CLOSE,
    ):
        return redirect("commissions:deliberation", pk=reco.item.session_id)
    return redirect("commissions:recommendations")


@acting_view
@require_GET
def follow_up(request):
    context = follow_up_page(membership=request.membership)
    context["nav"] = "commissions"
    return render(request, "commissions/follow/follow_up.html", context)


@acting_view
@require_GET
def outcomes(request):
    membership = request.membership
    if not managed_commissions(membership):
        raise Http404("Page réservée au secrétariat d'une commission.")
    rows = outs.outcomes_to_confirm(membership=membership)
    for outcome in rows:
        outcome.form = OutcomeForm(
            prefix=f"issue-{outcome.pk}",
            initial={"kind": outcome.confirmed or outcome.derived},
        )
    context = {"nav": "commissions", "outcomes": rows}
    return render(request, "commissions/follow/outcomes.html", context)


@acting_view
@require_POST
def outcome_confirm(request, pk):
    membership = request.membership
    outcome = outs.outcome_for_confirming(membership=membership, pk=pk)
    form = OutcomeForm(request.POST, prefix=f"issue-{outcome.pk}")
    try:
        if not form.is_valid():
            raise ValidationError("Choisissez l'issue constatée dans la liste.")
        outs.outcome_confirm(outcome=outcome, kind=form.cleaned_data["kind"], by=membership)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Issue confirmée.")
    return redirect("commissions:outcomes")
