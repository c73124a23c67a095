"""Household pages: create/edit, search, the social evaluation and vulnerability forms.
Thin: forms + services + selectors. The file page and the dashboard are composed pages
(prevex.pages); the household's panels on the file page are in ``panels.py``."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from prevex.accounts.decorators import acting_view
from prevex.core.panels import FILE_PAGE, render_page

from . import perms, selectors, services
from .forms import HouseholdForm, SearchForm, SocialEvaluationForm, VulnerabilityForm
from .models import ContactKind, MemberRole
from .perms import FieldGroup
from .search import search_households


def _members_from_form(d) -> list[dict]:
    return services.members_from_names(
        (
            MemberRole.TITULAIRE,
            d["holder_last_name"],
            d["holder_first_name"],
            d["holder_birth_date"],
        ),
        (
            MemberRole.COTITULAIRE,
            d.get("coholder_last_name", ""),
            d.get("coholder_first_name", ""),
            d.get("coholder_birth_date"),
        ),
    )


def _contacts_from_form(d) -> list[dict]:
    contacts = []
    if d.get("phone"):
        contacts.append({"kind": ContactKind.TELEPHONE, "value": d["phone"]})
    if d.get("email"):
        contacts.append({"kind": ContactKind.EMAIL, "value": d["email"]})
    return contacts


@acting_view
@require_http_methods(["GET", "POST"])
def household_create(request):
    membership = request.membership
    if not perms.can_create_household(membership):
        messages.error(request, "Votre organisation ne peut pas créer de dossier.")
        return redirect("dashboard")
    form = HouseholdForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            household = services.household_create(
                by=membership,
                departement=membership.organisation.departement_id,
                composition=d["composition"],
                address=d["address"],
                address_complement=d.get("address_complement", ""),
                postal_code=d["postal_code"],
                commune=d["commune"],
                parc=d["parc"],
                rent=d["rent"],
                charges=d.get("charges") or 0,
                landlord_name=d.get("landlord_name", ""),
                landlord_type=d.get("landlord_type", ""),
                members=_members_from_form(d),
                contacts=_contacts_from_form(d),
                informed_on=d.get("informed_on"),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Dossier {household.reference} créé.")
            return redirect("households:detail", household_id=household.pk)
    return render(
        request, "households/form.html", {"form": form, "nav": "create", "title": "Nouveau ménage"}
    )


@acting_view
@require_http_methods(["GET", "POST"])
def household_edit(request, household_id):
    membership = request.membership
    household = selectors.household_for_editing(membership=membership, household_id=household_id)
    initial = {
        "composition": household.composition,
        "address": household.address,
        "address_complement": household.address_complement,
        "postal_code": household.postal_code,
        "commune_name": household.commune.name,
        "parc": household.parc,
        "rent": household.rent,
        "charges": household.charges,
        "landlord_name": household.landlord_name,
        "landlord_type": household.landlord_type,
        "informed_on": household.informed_on,
    }
    holder = household.members.filter(role=MemberRole.TITULAIRE).order_by("id").first()
    if holder:
        initial.update(
            holder_last_name=holder.last_name,
            holder_first_name=holder.first_name,
            holder_birth_date=holder.birth_date,
        )
    form = HouseholdForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.household_update(
                household=household,
                by=membership,
                composition=d["composition"],
                address=d["address"],
                address_complement=d.get("address_complement", ""),
                postal_code=d["postal_code"],
                commune=d["commune"],
                parc=d["parc"],
                rent=d["rent"],
                charges=d.get("charges") or 0,
                landlord_name=d.get("landlord_name", ""),
                landlord_type=d.get("landlord_type", ""),
                informed_on=d.get("informed_on"),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Dossier mis à jour.")
            return redirect("households:detail", household_id=household.pk)
    return render(
        request,
        "households/form.html",
        {"form": form, "title": f"Modifier le dossier {household.reference}", "edit": True},
    )


@acting_view
def household_search(request):
    form = SearchForm(request.GET or None)
    hits = []
    if form.is_valid() and form.cleaned_data["q"]:
        hits = search_households(membership=request.membership, query=form.cleaned_data["q"])
    return render(
        request, "households/search.html", {"search_form": form, "hits": hits, "nav": "dashboard"}
    )


def form_on_demand(request, *, form, action, title, submit, household_id):
    """GET of a form fetched on demand: the fragment for htmx, a small page otherwise."""
    template = "includes/form_fragment.html" if request.htmx else "includes/form_page.html"
    return render(
        request,
        template,
        {
            "form": form,
            "action": action,
            "title": title,
            "submit": submit,
            "cancel": reverse("households:detail", args=[household_id]),
        },
    )


@acting_view
@require_http_methods(["GET", "POST"])
def household_social(request, household_id):
    membership = request.membership
    household = selectors.household_for_editing(
        membership=membership, household_id=household_id, group=FieldGroup.SOCIAL
    )
    if request.method == "GET":
        return form_on_demand(
            request,
            form=SocialEvaluationForm(
                initial={
                    "monthly_resources": household.monthly_resources,
                    "resources_note": household.resources_note,
                    "social_evaluation": household.social_evaluation,
                }
            ),
            action=request.path,
            title="Mettre à jour l'évaluation",
            submit="Enregistrer",
            household_id=household.pk,
        )
    form = SocialEvaluationForm(request.POST)
    if form.is_valid():
        try:
            services.household_social_update(
                household=household, by=membership, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Évaluation sociale enregistrée.")
            return redirect("households:detail", household_id=household.pk)
    return render_page(
        FILE_PAGE, request, household_id=household.pk, forms={"social_form": form}, status=422
    )


@acting_view
@require_http_methods(["GET", "POST"])
def vulnerability_create(request, household_id):
    membership = request.membership
    household = selectors.household_for_editing(
        membership=membership, household_id=household_id, group=FieldGroup.HEALTH
    )
    if request.method == "GET":
        return form_on_demand(
            request,
            form=VulnerabilityForm(),
            action=request.path,
            title="Signaler une vulnérabilité",
            submit="Enregistrer",
            household_id=household.pk,
        )
    form = VulnerabilityForm(request.POST)
    if form.is_valid():
        try:
            services.vulnerability_add(household=household, by=membership, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Vulnérabilité enregistrée.")
            return redirect("households:detail", household_id=household.pk)
    return render_page(
        FILE_PAGE,
        request,
        household_id=household.pk,
        forms={"vulnerability_form": form},
        status=422,
    )
