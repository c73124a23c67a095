"""Pages of commissions, sessions and agendas, and the saisine from the file page: thin
(forms + services + selectors). A refusal of a service comes back as a French message
on the page it was sent from; nothing is half-written."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from prevex.accounts.decorators import acting_view
from prevex.core.panels import file_page_form

from . import agenda, cfp, perms, selectors, sessions
from .forms_sessions import (
    AgendaAddForm,
    AgendaItemForm,
    AttendanceForm,
    SaisineForm,
    SessionForm,
    VersionForm,
)
from .suggestions import agenda_suggestions


def _refused(request, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


def _form_refused(request, form) -> None:
    errors = [e for field_errors in form.errors.values() for e in field_errors]
    messages.error(request, " ".join(errors) or "Formulaire incomplet : rechargez la page.")


@acting_view
@require_GET
def commission_list(request):
    membership = request.membership
    commissions = selectors.commissions_for(membership)
    managed = {c.pk for c in commissions if perms.manages(membership, c)}
    return render(
        request,
        "commissions/sessions/list.html",
        {
            "nav": "commissions",
            "commissions": commissions,
            "managed": managed,
            "sessions": selectors.sessions_for(membership),
            "cfp_reader": cfp.may_read(membership),
        },
    )


@acting_view
@require_http_methods(["GET", "POST"])
def session_create(request, pk):
    membership = request.membership
    commission = selectors.commission_to_manage(membership, pk)
    form = SessionForm(request.POST or None, initial={"capacity": commission.capacity})
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            d = form.cleaned_data
            try:
                session = sessions.session_create(
                    commission=commission,
                    starts_at=form.starts_at(),
                    by=membership,
                    place=d["place"],
                    video_link=d["video_link"],
                    capacity=d["capacity"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, "Séance créée : préparez son ordre du jour.")
                return redirect("commissions:agenda", pk=session.pk)
    return render(
        request,
        "commissions/sessions/session_form.html",
        {"nav": "commissions", "commission": commission, "form": form},
        status=status,
    )


@acting_view
@require_GET
def session_detail(request, pk):
    membership = request.membership
    session = selectors.session_for(membership, pk)
    context = selectors.session_page(membership=membership, session=session)
    if context["manages"] and context["attendance"] and context["attendance_open"]:
        context["attendance_form"] = AttendanceForm(attendance=context["attendance"])
    context["nav"] = "commissions"
    return render(request, "commissions/sessions/session.html", context)


@acting_view
@require_GET
def agenda_builder(request, pk):
    membership = request.membership
    session = selectors.session_to_manage(membership, pk)
    context = selectors.agenda_page(membership=membership, session=session)
    context.update(nav="commissions", editable=session.status in agenda.EDITABLE)
    return render(request, "commissions/sessions/agenda.html", context)


@acting_view
@require_POST
def agenda_add(request, pk):
    membership = request.membership
    session = selectors.session_to_manage(membership, pk)
    proposed = [s.household_id for s in agenda_suggestions(session=session)]
    form = AgendaAddForm(request.POST, household_ids=proposed)
    if not form.is_valid():
        _form_refused(request, form)
        return redirect("commissions:agenda", pk=session.pk)
    try:
        items = agenda.agenda_add_many(
            session=session,
            household_ids=form.cleaned_data["households"],
            by=membership,
            version=form.cleaned_data["version"],
        )
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, f"{len(items)} dossier(s) inscrit(s) à l'ordre du jour.")
    return redirect("commissions:agenda", pk=session.pk)


def _moved(ids: list[int], pk: int, action: str) -> list[int]:
    index = ids.index(pk)
    other = index - 1 if action == "monter" else index + 1
    if 0 <= other < len(ids):
        ids[index], ids[other] = ids[other], ids[index]
    return ids


@acting_view
@require_POST
def agenda_item(request, pk):
    membership = request.membership
    session = selectors.session_to_manage(membership, pk)
    form = AgendaItemForm(request.POST)
    if not form.is_valid():
        _form_refused(request, form)
        return redirect("commissions:agenda", pk=session.pk)
    d = form.cleaned_data
    item = selectors.item_of_session(session=session, item_id=d["item"])
    try:
        if item is None:
            raise ValidationError(agenda.STALE)
        if d["action"] == "retirer":
            agenda.agenda_remove(item=item, by=membership, version=d["version"])
            messages.success(request, "Dossier retiré de l'ordre du jour.")
        else:
            ids = selectors.agenda_item_ids(session)
            agenda.agenda_reorder(
                session=session,
                item_ids=_moved(ids, item.pk, d["action"]),
                by=membership,
                version=d["version"],
            )
    except ValidationError as exc:
        _refused(request, exc)
    return redirect(reverse("commissions:agenda", kwargs={"pk": session.pk}) + "#ordre-du-jour")


@acting_view
@require_POST
def session_invite(request, pk):
    membership = request.membership
    session = selectors.session_to_manage(membership, pk)
    form = VersionForm(request.POST)
    try:
        if not form.is_valid() or form.cleaned_data["version"] != session.agenda_version:
            raise ValidationError(agenda.STALE)
        sessions.session_invite(session=session, by=membership)
    except ValidationError as exc:
        _refused(request, exc)
        return redirect("commissions:agenda", pk=session.pk)
    messages.success(request, "Convocation envoyée : les membres voient les dossiers inscrits.")
    return redirect("commissions:session", pk=session.pk)


@acting_view
@require_POST
def attendance(request, pk):
    membership = request.membership
    session = selectors.session_to_manage(membership, pk)
    form = AttendanceForm(request.POST, attendance=selectors.attendance_of(session))
    if not form.is_valid():
        _form_refused(request, form)
        return redirect("commissions:session", pk=session.pk)
    try:
        sessions.attendance_record(
            session=session,
            present_organisation_ids=form.present_ids(),
            representatives=form.representatives(),
            by=membership,
        )
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, "Présences enregistrées.")
    return redirect("commissions:session", pk=session.pk)


@acting_view
@require_POST
def session_hold(request, pk):
    membership = request.membership
    session = selectors.session_to_manage(membership, pk)
    try:
        sessions.session_hold(session=session, by=membership)
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, "Séance tenue : les fiches de synthèse sont figées.")
    return redirect("commissions:session", pk=session.pk)


@acting_view
@require_http_methods(["GET", "POST"])
def saisine_create(request, household_id):
    membership = request.membership
    household = selectors.household_for_saisine(membership=membership, household_id=household_id)
    commissions = selectors.saisine_commissions(household=household)

    def save(form):
        d = form.cleaned_data
        agenda.saisine_create(
            household=household,
            commission=form.commissions[d["commission"]],
            reason=d["reason"],
            motive=d["motive"],
            by=membership,
        )

    return file_page_form(
        request,
        household_id=household.pk,
        form=partial(SaisineForm, commissions=commissions),
        form_key="saisine_form",
        save=save,
        success="Commission saisie : le secrétariat verra le dossier.",
        title="Saisir une commission",
        submit="Saisir la commission",
    )


@acting_view
@require_POST
def saisine_withdraw(request, pk):
    membership = request.membership
    saisine = selectors.saisine_for_withdrawal(membership=membership, pk=pk)
    try:
        agenda.saisine_withdraw(saisine=saisine, by=membership)
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, "Saisine retirée.")
    return redirect("households:detail", household_id=saisine.household_id)
