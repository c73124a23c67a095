"""Matching screens: a household created by hand meets the matcher first; the CCAPEX
secretariat compares possible duplicates, merges two files and splits them back.

Thin: forms, selectors (prevex/matching/selectors.py, duplicates.py) and services
(creation.py, corrections.py). The secretariat's screens answer 404 to anyone else.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from prevex.accounts.decorators import acting_view
from prevex.audit import services as audit
from prevex.households.forms import HouseholdForm
from prevex.households.perms import can_create_household

from . import duplicates as selectors
from .claims import claim_confirm, claim_reject
from .corrections import household_merge, household_split
from .creation import household_create_checked
from .forms import CreationConfirmForm, MergeWithReferenceForm, SplitForm, person_record
from .models import ClaimField, ClaimStatus, HouseholdClaim
from .name_forms import name_form_withdraw
from .selectors import candidates_for_new_household, name_forms, pending_claims

PAGE_SIZE = 25


@acting_view
@require_http_methods(["GET", "POST"])
def household_create(request):
    """« Nouveau ménage »: the matcher runs before saving; shown candidates must be seen
    (« Créer quand même ») before the file is created."""
    membership = request.membership
    if not can_create_household(membership):
        messages.error(request, "Votre organisation ne peut pas créer de dossier.")
        return redirect("dashboard")
    form = HouseholdForm(request.POST or None)
    confirm = CreationConfirmForm(request.POST or None)
    check = None
    if request.method == "POST" and form.is_valid():
        departement = membership.organisation.departement_id
        check = candidates_for_new_household(
            membership=membership, record=person_record(form.cleaned_data, departement=departement)
        )
        if not check.needs_confirmation(confirm.seen_ids()):
            fields = form.household_fields()
            organisation = membership.organisation
            if organisation.is_landlord:  # a landlord reports its own tenant, as by import
                fields["landlord"] = organisation
                fields["landlord_name"] = fields["landlord_name"] or organisation.name
            try:
                household = household_create_checked(
                    by=membership, check=check, departement=departement, **fields
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, f"Dossier {household.reference} créé.")
                return redirect("households:detail", household_id=household.pk)
    shown = check.shown if check else []
    return render(
        request,
        "matching/household_create.html",
        {
            "form": form,
            "nav": "create",
            "title": "Nouveau ménage",
            "candidates": shown,
            "seen": ",".join(str(c.household_id) for c in shown),
        },
    )


@acting_view
def duplicates(request, household_id):
    """A file's possible duplicates side by side, and the merges it went through."""
    membership = request.membership
    household = selectors.household_for_correction(membership=membership, household_id=household_id)
    return render(
        request,
        "matching/duplicates.html",
        {
            "nav": "dashboard",
            "household": household,
            "comparisons": selectors.duplicates_of(membership=membership, household=household),
            "merges": selectors.merges_of(membership=membership, household=household),
            "claims": pending_claims(membership=membership, household=household),
            "past_addresses": household.past_addresses.select_related("commune"),
            "name_forms": name_forms(household=household),
            "reference_form": MergeWithReferenceForm(),
        },
    )


@acting_view
@require_POST
def merge_with_reference(request, household_id):
    """Merge with a file the matcher did not propose: go to the comparison by reference."""
    membership = request.membership
    household = selectors.household_for_correction(membership=membership, household_id=household_id)
    form = MergeWithReferenceForm(request.POST)
    other = None
    if form.is_valid():
        other = selectors.household_by_reference(
            membership=membership, reference=form.cleaned_data["reference"]
        )
    if other is None or other.pk == household.pk:
        messages.error(
            request,
            "Aucun autre dossier de votre département ne porte cette référence."
            if other is None
            else "Un dossier ne peut pas être fusionné avec lui-même.",
        )
        return redirect("matching:duplicates", household_id=household.pk)
    return redirect("matching:merge", household_id=household.pk, other_id=other.pk)


@acting_view
@require_http_methods(["GET", "POST"])
def merge(request, household_id, other_id):
    """Compare two files, then merge ``other_id`` into ``household_id`` (« Fusionner »)."""
    membership = request.membership
    keep = selectors.household_for_correction(membership=membership, household_id=household_id)
    absorb = selectors.household_for_correction(membership=membership, household_id=other_id)
    if keep.pk == absorb.pk:
        messages.error(request, "Un dossier ne peut pas être fusionné avec lui-même.")
        return redirect("matching:duplicates", household_id=keep.pk)
    if request.method == "POST":
        try:
            kept = household_merge(keep=keep, absorb=absorb, by=membership)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                f"Le dossier {absorb.reference} a été fusionné dans le dossier {kept.reference}.",
            )
            return redirect("matching:duplicates", household_id=kept.pk)
    left = selectors.file_summary(membership=membership, household_id=keep.pk)
    right = selectors.file_summary(membership=membership, household_id=absorb.pk)
    return render(
        request,
        "matching/merge.html",
        {
            "nav": "dashboard",
            "keep": left,
            "absorb": right,
            "rows": selectors.side_by_side(left, right),
            "both_open": left.open_procedures and right.open_procedures,
        },
    )


@acting_view
@require_http_methods(["GET", "POST"])
def split(request, household_id):
    """« Annuler la fusion / séparer »: move procedures (and their acts) to a new file."""
    membership = request.membership
    household = selectors.household_for_correction(membership=membership, household_id=household_id)
    procedures = selectors.procedures_for_split(membership=membership, household=household)
    merges = selectors.merges_of(membership=membership, household=household)
    chosen = next((m for m in merges if str(m.decision.pk) == request.GET.get("fusion")), None)
    initial = {"procedures": chosen.procedure_ids} if chosen else {}
    data = request.POST if request.method == "POST" else None
    form = SplitForm(data, procedures=procedures, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            new = household_split(
                household=household,
                procedure_ids=form.cleaned_data["procedures"],
                by=membership,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                f"Séparation enregistrée : le nouveau dossier {new.reference} reçoit les "
                f"procédures choisies, le dossier {household.reference} garde les autres.",
            )
            return redirect("households:detail", household_id=new.pk)
    return render(
        request,
        "matching/split.html",
        {
            "nav": "dashboard",
            "household": household,
            "form": form,
            "merge": chosen,
            "cancel": reverse("matching:duplicates", args=[household.pk]),
        },
    )


@acting_view
def flagged(request):
    """Files created by hand although a likely existing file was found."""
    membership = request.membership
    page = Paginator(selectors.flagged_creations(membership=membership), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    audit.log_list_view(
        membership=membership, what=f"Doublons possibles signalés à la création, page {page.number}"
    )
    rows = selectors.flagged_rows(decisions=page.object_list)
    return render(
        request,
        "matching/flagged.html",
        {"nav": "duplicates", "page": page, "rows": rows, "querystring": ""},
    )


@acting_view
@require_POST
def claim_decide(request, household_id, claim_id):
    """The secretariat confirms (written into the file) or sets aside what a matched row
    declared (prevex/matching/claims.py)."""
    membership = request.membership
    household = selectors.household_for_correction(membership=membership, household_id=household_id)
    claim = HouseholdClaim.objects.filter(
        pk=claim_id, household=household, status=ClaimStatus.PENDING
    ).first()
    decision = request.POST.get("decision", "")
    if claim is None or decision not in ("confirmer", "ecarter"):
        messages.error(request, "Donnée déclarée introuvable ou décision invalide.")
        return redirect("matching:duplicates", household_id=household.pk)
    try:
        if decision == "confirmer":
            claim_confirm(claim=claim, by=membership)
            messages.success(request, f"Donnée confirmée et inscrite au dossier : {claim}.")
        else:
            claim_reject(claim=claim, by=membership)
            messages.success(request, f"Donnée écartée : {claim}.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("matching:duplicates", household_id=household.pk)


@acting_view
@require_POST
def name_form_decide(request, household_id, claim_id):
    """The secretariat withdraws a writing of a holder's name recognised in review."""
    membership = request.membership
    household = selectors.household_for_correction(membership=membership, household_id=household_id)
    claim = HouseholdClaim.objects.filter(
        pk=claim_id,
        household=household,
        field=ClaimField.NAME_FORM,
        status=ClaimStatus.CONFIRMED,
    ).first()
    if claim is None or request.POST.get("decision", "") != "retirer":
        messages.error(request, "Écriture du nom introuvable ou décision invalide.")
        return redirect("matching:duplicates", household_id=household.pk)
    try:
        name_form_withdraw(claim=claim, by=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"Écriture « {claim.last_name} {claim.first_name} » retirée : les lignes "
            "suivantes ainsi écrites ne seront plus comparées comme le nom du dossier.",
        )
    return redirect("matching:duplicates", household_id=household.pk)
