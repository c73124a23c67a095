"""The review queue of the CCAPEX secretariat: list, side-by-side comparison, decisions.

Any other organisation gets a 404 (the selectors refuse). Keyboard path: ``j``/``k``
move through the queue, ``Entrée`` opens an item; on an item, access keys trigger the
decisions and ``j``/``k`` go to the next/previous item (static/intake/review.js).
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from prevex.accounts.decorators import acting_view
from prevex.audit import services as audit
from prevex.matching.records import PersonRecord
from prevex.matching.selectors import candidate_comparison, merge_survivors, suggestions_tied

from . import selectors
from .forms import ReviewDecisionForm
from .models import ReviewDecision, ReviewKind, ReviewStatus
from .review import review_decide

PAGE_SIZE = 50
SHOWN_COLUMNS = (
    "type_acte",
    "date_acte",
    "reference_acte",
    "motif",
    "locataire_nom",
    "locataire_prenom",
    "locataire_date_naissance",
    "cotitulaire_nom",
    "cotitulaire_prenom",
    "adresse",
    "code_postal",
    "commune",
    "montant_dette",
    "date_audience",
    "decision",
    "cfp_decision",
    "observations",
)


def _record(item) -> PersonRecord:
    data = item.row.normalised or {}
    birth = data.get("locataire_date_naissance")
    return PersonRecord(
        last_name=data.get("locataire_nom", ""),
        first_name=data.get("locataire_prenom", ""),
        birth_date=datetime.date.fromisoformat(birth) if birth else None,
        co_last_name=data.get("cotitulaire_nom", ""),
        co_first_name=data.get("cotitulaire_prenom", ""),
        address=data.get("adresse", ""),
        postal_code=data.get("code_postal", ""),
        commune_insee=data.get("code_commune", ""),
        commune_name=data.get("commune", ""),
        departement=item.departement_id,
        phone=data.get("telephone", ""),
    )


@acting_view
def review_queue(request):
    membership = request.membership
    kind = request.GET.get("type", "")
    if kind not in ReviewKind.values:
        kind = ""
    items = selectors.review_queue(membership=membership, kind=kind)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    audit.log_list_view(
        membership=membership, what=f"File de revue des imports, page {page.number}"
    )
    return render(
        request,
        "intake/review_queue.html",
        {"nav": "review", "page": page, "kind": kind, "kinds": ReviewKind.choices},
    )


@acting_view
def review_item(request, item_id):
    membership = request.membership
    item = selectors.review_item_for(membership=membership, item_id=item_id)
    previous, following = selectors.review_neighbours(membership=membership, item=item)
    incoming = selectors.incoming_fields(row=item.row, columns=SHOWN_COLUMNS)
    comparisons, events = [], []
    if item.kind == ReviewKind.MATCH and item.status == "OUVERT":
        record = _record(item)
        proposed = [candidate["household_id"] for candidate in item.candidates]
        survivors = merge_survivors(proposed)  # merged since: the file that holds it now
        for household_id in dict.fromkeys(survivors.get(pk, pk) for pk in proposed):
            try:
                comparisons.append(
                    candidate_comparison(
                        membership=membership, household_id=household_id, record=record
                    )
                )
            except Http404:  # deleted since (or not readable): no longer a candidate
                continue
        comparisons = suggestions_tied(comparisons)
    elif item.event_id or (item.kind == ReviewKind.BAILLEUR and item.household_id):
        # the file's reference and landlord, or its acts, are read (journaled)
        audit.log_file_view(membership=membership, household_id=item.household_id)
        events = selectors.procedure_events(item=item)
    return render(
        request,
        "intake/review_item.html",
        {
            "nav": "review",
            "item": item,
            "incoming": incoming,
            "comparisons": comparisons,
            "events": events,
            "previous": previous,
            "following": following,
            "decisions": ReviewDecision,
            "followers": item.followers.filter(status=ReviewStatus.OUVERT).count(),
        },
    )


@acting_view
@require_POST
def review_decision(request, item_id):
    membership = request.membership
    item = selectors.review_item_for(membership=membership, item_id=item_id)
    form = ReviewDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Décision invalide.")
        return redirect("intake:review_item", item_id=item.pk)
    try:
        review_decide(
            item=item,
            decision=form.cleaned_data["decision"],
            household_id=form.cleaned_data["household_id"],
            by=membership,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("intake:review_item", item_id=item.pk)
    label = ReviewDecision(form.cleaned_data["decision"]).label
    messages.success(request, f"Décision enregistrée : {label}.")
    following = selectors.review_next_open(membership=membership, item=item)
    if following:
        return redirect("intake:review_item", item_id=following)
    return redirect("intake:review")
