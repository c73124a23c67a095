"""Household pages: dashboard, file page, edit, search. Thin: forms + services + selectors.

Creating a household runs the matcher first: that page is prevex/matching/views.py.
"""

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from prevex.audit import selectors as audit_selectors
from prevex.audit import services as audit
from prevex.core.decorators import acting_view
from prevex.core.models import Commune
from prevex.procedures.selectors import (
    DashboardFilters,
    dashboard_procedures,
    procedures_for_file,
)

from . import perms, selectors, services, social
from .forms import (
    DashboardFilterForm,
    HouseholdForm,
    SearchForm,
    SocialEvaluationForm,
    VulnerabilityForm,
)
from .models import MemberRole
from .perms import FieldGroup
from .search import search_households

PAGE_SIZE = 25


def _filters(request, membership):
    communes = Commune.objects.filter(
        departement_id=membership.organisation.departement_id
    ).order_by("name")
    form = DashboardFilterForm(request.GET or None, communes=communes)
    filters = DashboardFilters()
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        filters = DashboardFilters(
            stage=d["stage"] or "",
            parc=d["parc"] or "",
            commune=d["commune"] or "",
            deadline_days=d["deadline_days"],
            status=d["status"] or "ouverts",
        )
    return form, filters


@acting_view
def dashboard(request):
    membership = request.membership
    form, filters = _filters(request, membership)
    paginator = Paginator(dashboard_procedures(membership=membership, filters=filters), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    audit.log_list_view(membership=membership, what=f"Liste des dossiers, page {page.number}")
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "households/dashboard.html",
        {
            "nav": "dashboard",
            "form": form,
            "page": page,
            "querystring": query.urlencode(),
            "search_form": SearchForm(),
        },
    )


@acting_view
def dashboard_export(request):
    """CSV export of the filtered list (journaled; formula injection neutralised)."""
    membership = request.membership
    _, filters = _filters(request, membership)
    audit.log_export(membership=membership, what="Export CSV de la liste des dossiers")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="dossiers.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        ["référence", "titulaire", "commune", "parc", "étape", "date", "dette", "échéance"]
    )
    for p in dashboard_procedures(membership=membership, filters=filters)[:10000]:
        h = p.household
        holder = h.holders[0] if h.holders else None
        writer.writerow(
            [
                safe_cell(h.reference),
                safe_cell(f"{holder.last_name} {holder.first_name}" if holder else ""),
                safe_cell(h.commune.name),
                h.get_parc_display(),
                p.get_stage_display(),
                p.stage_date.strftime("%d/%m/%Y"),
                p.current_debt if p.current_debt is not None else "",
                p.key_deadline.strftime("%d/%m/%Y") if p.key_deadline else "",
            ]
        )
    return response


def safe_cell(value: str) -> str:
    """Neutralise spreadsheet formulas (=, +, -, @, tab, CR) in exported cells."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _for(form, pv) -> bool:
    return form is not None and getattr(form, "procedure_id", None) == pv.procedure.pk


def _file_context(
    request,
    household_id,
    *,
    event_form=None,
    open_form=None,
    close_form=None,
    social_form=None,
    vulnerability_form=None,
):
    membership = request.membership
    view, household, groups = selectors.household_for_reading(
        membership=membership, household_id=household_id
    )
    procedures = procedures_for_file(membership=membership, household=household, groups=groups)
    for pv in procedures:
        # Forms are fetched on demand (htmx); only a form with errors comes back inline.
        pv.event_form = event_form if _for(event_form, pv) else None
        pv.close_form = close_form if _for(close_form, pv) else None
    return {
        "file": view,
        "procedures": procedures,
        "can_edit": perms.can_edit_household(groups),
        "can_record": perms.can_record_event(membership, groups),
        # Forms are fetched on demand; only a form with errors comes back inline.
        "open_form": open_form,
        "has_open_procedure": any(pv.procedure.is_open for pv in procedures),
        "social_form": social_form,
        "vulnerability_form": vulnerability_form,
    }


@acting_view
def household_detail(request, household_id):
    return render(request, "households/detail.html", _file_context(request, household_id))


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


def _latest_evaluation_initial(household) -> dict:
    latest = social.latest_social_evaluation(household.pk)
    if latest is None:
        return {
            "monthly_resources": household.monthly_resources,
            "resources_note": household.resources_note,
            "social_evaluation": household.social_evaluation,
        }
    return {
        "monthly_resources": latest.monthly_resources,
        "resources_note": latest.resources_note,
        "social_evaluation": latest.text,
    }


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
            form=SocialEvaluationForm(initial=_latest_evaluation_initial(household)),
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
            messages.success(request, "Évaluation sociale enregistrée : nouvelle version datée.")
            return redirect("households:detail", household_id=household.pk)
    context = _file_context(request, household.pk, social_form=form)
    return render(request, "households/detail.html", context, status=422)


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
    context = _file_context(request, household.pk, vulnerability_form=form)
    return render(request, "households/detail.html", context, status=422)


def _panel(request, *, fragment, household_id, title, **context):
    """A panel fetched on demand: the fragment for htmx, a small page around it otherwise."""
    context = {"fragment": fragment, "title": title, "household_id": household_id, **context}
    if request.htmx:
        return render(request, fragment, context)
    return render(request, "households/panel_page.html", context)


@acting_view
def household_history(request, household_id):
    """The history of writes of the file, only the field groups this reader sees."""
    membership = request.membership
    household, groups = selectors.get_visible_household(
        membership=membership, household_id=household_id
    )
    entries = audit_selectors.write_history(
        membership=membership, household_id=household.pk, groups=groups
    )
    return _panel(
        request,
        fragment="audit/_write_history.html",
        household_id=household.pk,
        title=f"Historique du dossier {household.reference}",
        target="historique-dossier",
        entries=entries,
        truncated=len(entries) >= audit_selectors.HISTORY_LIMIT,
    )


@acting_view
def social_versions(request, household_id):
    """Every dated, authored version of the social evaluation (SOCIAL readers only)."""
    membership = request.membership
    household, groups = selectors.get_visible_household(
        membership=membership, household_id=household_id
    )
    versions = social.social_evaluation_versions(
        membership=membership, household_id=household.pk, groups=groups
    )
    return _panel(
        request,
        fragment="households/_social_versions.html",
        household_id=household.pk,
        title=f"Évaluation sociale du dossier {household.reference} : versions",
        target="versions-evaluation",
        versions=versions,
    )
