"""Household pages: create/edit, search, the social evaluation and vulnerability forms.
Thin: forms + services + selectors. The file page and the dashboard are composed pages
(prevex.pages); the household's panels on the file page are in ``panels.py``."""

import datetime
from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from prevex.accounts.decorators import acting_view
from prevex.audit import selectors as audit_selectors
from prevex.core.dates import french_date
from prevex.core.panels import file_page_form

from . import search, selectors, services, social
from .forms import HouseholdForm, SearchForm, SocialEvaluationForm, VulnerabilityForm
from .models import MemberRole
from .perms import FieldGroup

HOLDER_FIELDS = ("holder_last_name", "holder_first_name", "holder_birth_date")


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
        "lease_date": household.lease_date,
    }
    holder = household.members.filter(role=MemberRole.TITULAIRE).order_by("id").first()
    if holder:
        initial.update(
            holder_last_name=holder.last_name,
            holder_first_name=holder.first_name,
            holder_birth_date=holder.birth_date,
        )
    form = HouseholdForm(request.POST or None, initial=initial)
    if holder is None:  # nothing to correct: the form's holder fields are not used
        for name in HOLDER_FIELDS:
            form.fields[name].disabled = True
    shown = _as_shown(initial)
    loaded = signing.dumps(shown, salt=LOADED_SALT, compress=True)
    changed = []
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        before = _loaded_values(request.POST.get("loaded", ""))
        # Changed by someone else since the form was loaded: where the agent left the
        # field as it was shown, the other change is kept (merged); where the agent
        # changed it too, the two changes conflict and nothing is saved.
        others = [n for n in shown if n in before and before[n] != shown[n]]
        untouched = [n for n in others if _same(d.get(n), before[n])]
        changed = [n for n in others if n not in untouched]
        for name in untouched:
            d[name] = initial[name]
        try:
            if changed:
                _show_current(form, untouched, initial)
                raise ValidationError(_conflict(form, changed, shown))
            with transaction.atomic():
                _holder_correct(household, holder, d, membership)
                _household_update(household, d, membership)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Dossier mis à jour.")
            return redirect("households:detail", household_id=household.pk)
    return render(
        request,
        "households/form.html",
        {
            "form": form,
            "title": f"Modifier le dossier {household.reference}",
            "edit": True,
            # What the form was loaded with, sent back with it: it tells what others changed
            # meanwhile (kept through a refusal of the agent's own input; renewed once a
            # conflict was reported, so that sending again saves).
            "loaded": request.POST.get("loaded") or loaded
            if request.method == "POST" and not changed
            else loaded,
        },
    )


LOADED_SALT = "households.edit.loaded"


def _as_shown(initial: dict) -> dict[str, str]:
    """The stored values the edit form starts from, as comparable text."""
    shown = {}
    for name, value in initial.items():
        if value is None:
            shown[name] = ""
        elif isinstance(value, datetime.date):
            shown[name] = value.isoformat()
        else:
            shown[name] = str(value)
    return shown


def _loaded_values(loaded: str) -> dict[str, str]:
    """What the form showed when it was loaded (signed by this view), or nothing: a page
    without the mark (or a forged one) is not checked."""
    try:
        before = signing.loads(loaded, salt=LOADED_SALT)
    except signing.BadSignature:
        return {}
    return before if isinstance(before, dict) else {}


def _same(typed, shown: str) -> bool:
    """The agent's cleaned value is the one the form showed (the field left untouched)."""
    if typed in (None, ""):
        return shown == ""
    if isinstance(typed, datetime.date):
        return typed.isoformat() == shown
    if isinstance(typed, Decimal):
        try:
            return Decimal(shown) == typed
        except InvalidOperation:
            return False
    return str(typed) == shown


def _show_current(form, names, initial: dict) -> None:
    """In the form shown again after a conflict, the fields the agent left untouched hold
    the current values (sending it again must not undo the other change)."""
    data = form.data.copy()
    for name in names:
        value = initial[name]
        if value is None:
            data[name] = ""
        elif isinstance(value, datetime.date):
            data[name] = value.strftime("%d/%m/%Y")
        elif isinstance(value, Decimal):
            data[name] = f"{value:.2f}".replace(".", ",")
        else:
            data[name] = str(value)
    form.data = data


def _conflict(form, changed: list[str], shown: dict[str, str]) -> str:
    def current(name: str) -> str:
        value = shown[name]
        field = form.fields[name]
        if not value:
            return "vide"
        if isinstance(field, forms.ChoiceField):
            return str(dict(field.choices).get(value, value))
        if isinstance(field, forms.DateField):
            return french_date(datetime.date.fromisoformat(value))
        if isinstance(field, forms.DecimalField):
            return f"{Decimal(value):.2f}".replace(".", ",")
        return value

    what = " ; ".join(f"{form.fields[n].label} : « {current(n)} »" for n in changed)
    return (
        "Pendant que ce formulaire était ouvert, le dossier a été modifié par quelqu'un "
        f"d'autre ({what}), et vous l'avez modifié aussi. Rien n'a été enregistré : vos "
        "saisies sont ci-dessous (les champs que vous n'aviez pas touchés montrent la valeur "
        "actuelle) ; vérifiez-les au regard de ces valeurs actuelles, puis enregistrez à "
        "nouveau."
    )


def _holder_correct(household, holder, d: dict, membership) -> None:
    """The lease holder's name and birth date as the agent corrected them (the matching
    keys and the search text follow: ``household_members_change``)."""
    if holder is None:
        return
    typed = {
        "last_name": d["holder_last_name"].strip(),
        "first_name": d["holder_first_name"].strip(),
        "birth_date": d.get("holder_birth_date"),
    }
    if typed != {
        "last_name": holder.last_name,
        "first_name": holder.first_name,
        "birth_date": holder.birth_date,
    }:
        services.household_members_change(
            household=household, by=membership, corrections={holder.pk: typed}
        )


def _household_update(household, d: dict, membership) -> None:
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
        lease_date=d.get("lease_date"),
    )


@acting_view
def household_search(request):
    form = SearchForm(request.GET or None)
    hits, page, query = [], None, ""
    if form.is_valid() and form.cleaned_data["q"]:
        query = form.cleaned_data["q"]
        ranked = search.ranked_households(membership=request.membership, query=query)
        page = Paginator(ranked, search.PAGE_SIZE).get_page(request.GET.get("page"))
        hits = search.search_hits(membership=request.membership, ranked=page.object_list)
    return render(
        request,
        "households/search.html",
        {
            "search_form": form,
            "hits": hits,
            "page": page,
            "querystring": urlencode({"q": query}),
            "nav": "dashboard",
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

    def evaluation_form(data):  # shown: the latest version; sent: what was typed
        if data is None:
            return SocialEvaluationForm(initial=_latest_evaluation_initial(household))
        return SocialEvaluationForm(data)

    return file_page_form(
        request,
        household_id=household.pk,
        form=evaluation_form,
        form_key="social_form",
        save=lambda form: services.household_social_update(
            household=household, by=membership, **form.cleaned_data
        ),
        success="Évaluation sociale enregistrée : nouvelle version datée.",
        title="Mettre à jour l'évaluation",
        submit="Enregistrer",
    )


@acting_view
@require_http_methods(["GET", "POST"])
def vulnerability_create(request, household_id):
    membership = request.membership
    household = selectors.household_for_editing(
        membership=membership, household_id=household_id, group=FieldGroup.HEALTH
    )
    return file_page_form(
        request,
        household_id=household.pk,
        form=VulnerabilityForm,
        form_key="vulnerability_form",
        save=lambda form: services.vulnerability_add(
            household=household, by=membership, **form.cleaned_data
        ),
        success="Vulnérabilité enregistrée.",
        title="Signaler une vulnérabilité",
        submit="Enregistrer",
    )


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
