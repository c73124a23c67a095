"""Recording acts, opening and closing procedures. With HTMX, the procedure block is
re-rendered in place (timeline + deadlines); without, a full page redirect/render.

The act form offers only the act types the acting organisation may record (the act
matrix, prevex/access/policy.py), and only the fields of the chosen type; a type
outside the matrix sent by URL gets a 403.
"""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from prevex.access import policy
from prevex.access.groups import FieldGroup
from prevex.accounts.decorators import acting_view
from prevex.audit import services as audit
from prevex.core.panels import file_page_form, file_page_refused
from prevex.households import selectors as household_selectors

from . import services
from .block import procedure_block
from .forms import (
    EventForm,
    InstalmentMissedForm,
    JudgmentServedForm,
    ProcedureCloseForm,
    ProcedureOpenForm,
)
from .models import Outcome
from .payments import schedule_of
from .selectors import procedure_for_writing, procedures_for_file, unserved_judgment
from .stages import acts_for_landlord
from .timeline import with_other_lines


def _allowed(request) -> frozenset[str]:
    return policy.allowed_acts(request.membership.organisation)


def _offered(request, household) -> frozenset[str]:
    """The act types the forms offer: the act matrix, less the referral to the CCAPEX on a
    file whose landlord is a natural person or a family SCI (the service refuses it too)."""
    return acts_for_landlord(_allowed(request), household.landlord_type)


def _outcomes(request, procedure) -> tuple[str, ...]:
    """The outcomes the closure form offers on this file (the matrix, and a landlord only
    as the file's landlord of record)."""
    return policy.closure_outcomes(request.membership.organisation, procedure.household_id)


def _refuse_closure(request, procedure, outcome: str, outcomes: tuple[str, ...]) -> None:
    """A known outcome this organisation may not close with, forged in a POST: 403 with
    the French refusal (the form never offers it); nothing is written."""
    if outcome not in Outcome.values or outcome in outcomes:
        return
    organisation = request.membership.organisation
    if not policy.acts_on_file(organisation, procedure.household_id):
        raise PermissionDenied(policy.LANDLORD_NOT_OF_RECORD)
    raise PermissionDenied(policy.closure_refusal(organisation, Outcome(outcome).label))


def _refuse_forbidden(value: str, allowed: frozenset[str]) -> None:
    """A known act type outside the matrix, sent by URL: 403 (the form never offers it)."""
    if value in policy.ACT_TYPES and value not in allowed:
        raise PermissionDenied("Votre organisation ne peut pas enregistrer cet acte.")


def _event_form(procedure, *, allowed, next_steps, data=None, stage=None, initial=None):
    form = EventForm(
        data, next_steps=next_steps, allowed=allowed, stage=stage, initial=initial or {}
    )
    form.procedure_id = procedure.pk
    form.swap_on_change(
        reverse("procedures:event_form", args=[procedure.pk]) + "?partie=champs",
        f"#procedure-{procedure.pk}-act-fields",
    )
    return form


def _procedure_view(request, procedure):
    membership = request.membership
    household, groups = household_selectors.get_visible_household(
        membership=membership, household_id=procedure.household_id
    )
    audit.log_view(
        membership=membership,
        what=f"Procédure n° {procedure.pk} du dossier",
        household_id=household.pk,
    )
    views = procedures_for_file(membership=membership, household=household, groups=groups)
    with_other_lines(views, household_id=household.pk, groups=groups)
    return next(v for v in views if v.procedure.pk == procedure.pk)


def _render_procedure_block(request, procedure, *, form=None):
    """The procedure block (timeline, deadlines, actions), swapped in place by htmx, with
    the same small forms as the file page (``panels.file_procedures``)."""
    pv = _procedure_view(request, procedure)
    organisation = request.membership.organisation
    instalment = (
        InstalmentMissedForm() if organisation.type in services.INSTALMENT_RECORDERS else None
    )
    served = (
        JudgmentServedForm()
        if pv.unserved_judgment is not None
        and policy.may_record_act(organisation, services.SERVED_RECORDED_WITH)
        else None
    )
    return HttpResponse(
        procedure_block(
            pv,
            request=request,
            can_record=True,
            can_close=bool(_outcomes(request, procedure)),
            event_form=form,
            instalment_form=instalment,
            served_form=served,
        )
    )


@acting_view
@require_POST
def event_create(request, procedure_id):
    procedure = procedure_for_writing(membership=request.membership, procedure_id=procedure_id)
    _refuse_forbidden(request.POST.get("stage", ""), _allowed(request))
    allowed = _offered(request, procedure.household)
    if request.POST.get("afficher"):  # without JavaScript: show the fields of the type
        initial = {k: v for k, v in request.POST.items() if k in EventForm.base_fields}
        pv = _procedure_view(request, procedure)
        form = _event_form(
            procedure,
            allowed=allowed,
            next_steps=pv.next_steps,
            stage=request.POST.get("stage"),
            initial=initial,
        )
        return _form_fragment(
            request,
            procedure,
            partial="procedures/_event_form.html",
            title="Enregistrer un acte",
            event_form=form,
        )
    form = _event_form(procedure, allowed=allowed, next_steps=(), data=request.POST)
    if form.is_valid():
        try:
            services.event_record(
                procedure=procedure, by=request.membership, strict=True, **form.service_kwargs()
            )
        except policy.ActNotAllowed as exc:
            raise PermissionDenied(exc.messages[0]) from None
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if request.htmx:
                procedure.refresh_from_db()
                return _render_procedure_block(request, procedure)
            messages.success(request, "Acte enregistré.")
            return redirect("households:detail", household_id=procedure.household_id)
    if request.htmx:
        # htmx 2 swaps only 2xx responses: errors come back as 200 with the form.
        return _render_procedure_block(request, procedure, form=form)
    return file_page_refused(
        request,
        household_id=procedure.household_id,
        form_key="event_form",
        form=form,
        title="Enregistrer un acte",
    )


@acting_view
@require_http_methods(["GET", "POST"])
def procedure_open(request, household_id):
    membership = request.membership
    # Whoever follows the procedure part of the file may open one (a landlord sees no
    # identity group but records the unpaid rent); which first acts: the act matrix.
    household = household_selectors.household_for_editing(
        membership=membership, household_id=household_id, group=FieldGroup.PROCEDURE
    )
    allowed = _offered(request, household)
    if request.method == "POST":
        _refuse_forbidden(request.POST.get("stage", ""), _allowed(request))

    def save(form):
        d = form.cleaned_data
        services.procedure_open(
            household=household,
            ground=d["ground"],
            stage=d["stage"],
            date=d["date"],
            by=membership,
            debt_amount=d.get("debt_amount"),
            hearing_date=d.get("hearing_date"),
        )

    return file_page_form(
        request,
        household_id=household.pk,
        form=partial(ProcedureOpenForm, allowed=allowed),
        form_key="open_form",
        save=save,
        success="Procédure ouverte.",
        title="Ouvrir une procédure",
        submit="Ouvrir la procédure",
    )


@acting_view
@require_POST
def procedure_close(request, procedure_id):
    procedure = procedure_for_writing(membership=request.membership, procedure_id=procedure_id)
    outcomes = _outcomes(request, procedure)
    _refuse_closure(request, procedure, request.POST.get("outcome", ""), outcomes)
    form = ProcedureCloseForm(request.POST, outcomes=outcomes)
    form.procedure_id = procedure.pk
    if form.is_valid():
        try:
            services.procedure_close(
                procedure=procedure,
                outcome=form.cleaned_data["outcome"],
                closed_on=form.cleaned_data["closed_on"],
                by=request.membership,
            )
        except policy.ActNotAllowed as exc:  # the matrix changed since the form was sent
            raise PermissionDenied(exc.messages[0]) from None
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Procédure clôturée.")
            return redirect("households:detail", household_id=procedure.household_id)
    return file_page_refused(
        request,
        household_id=procedure.household_id,
        form_key="close_form",
        form=form,
        title="Clôturer la procédure",
    )


def _form_fragment(request, procedure, *, partial, title, **context):
    """The form alone for htmx; a small page around it without JavaScript."""
    template = partial if request.htmx else "procedures/form_page.html"
    pv = _procedure_view(request, procedure)
    return render(request, template, {"pv": pv, "partial": partial, "title": title, **context})


@acting_view
@require_GET
def event_form(request, procedure_id):
    procedure = procedure_for_writing(membership=request.membership, procedure_id=procedure_id)
    pv = _procedure_view(request, procedure)
    stage = request.GET.get("stage") or None
    allowed = _offered(request, procedure.household)
    form = _event_form(procedure, allowed=allowed, next_steps=pv.next_steps, stage=stage)
    if request.htmx and request.GET.get("partie") == "champs":  # the act type changed
        return render(request, "procedures/_act_fields.html", {"form": form})
    return _form_fragment(
        request,
        procedure,
        partial="procedures/_event_form.html",
        title="Enregistrer un acte",
        event_form=form,
    )


@acting_view
@require_GET
def close_form(request, procedure_id):
    procedure = procedure_for_writing(membership=request.membership, procedure_id=procedure_id)
    outcomes = _outcomes(request, procedure)
    if not outcomes:  # the page does not offer it
        raise PermissionDenied(
            "Votre organisation ne peut clôturer cette procédure avec aucune issue."
        )
    return _form_fragment(
        request,
        procedure,
        partial="procedures/_close_form.html",
        title="Clôturer la procédure",
        close_form=ProcedureCloseForm(outcomes=outcomes),
    )


def _judgment_date_post(
    request,
    procedure_id,
    *,
    find,
    missing,
    form_class,
    name,
    record,
    success,
    partial,
    title,
    form_key,
):
    """A date added to the procedure's judgment from the file page (a missed instalment, the
    signification): ``find`` picks the judgment among the effective acts, ``record`` is the
    service; errors are shown again on the form page (422)."""
    procedure = procedure_for_writing(membership=request.membership, procedure_id=procedure_id)
    pv = _procedure_view(request, procedure)
    judgment = find([e for e in pv.events if not e.pending_review])
    form = form_class(request.POST)
    if judgment is None:
        form.is_valid()
        form.add_error(None, missing)
    elif form.is_valid():
        try:
            record(judgment, form.cleaned_data[name], request.membership)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, success)
            return redirect("households:detail", household_id=procedure.household_id)
    context = {"pv": pv, "partial": partial, "title": title, form_key: form}
    return render(request, "procedures/form_page.html", context, status=422)


@acting_view
@require_POST
def instalment_missed(request, procedure_id):
    """The landlord or the bailiff records a missed instalment of the payment plan."""

    def find(events):
        plan = schedule_of(events)
        return plan.judgment if plan is not None else None

    return _judgment_date_post(
        request,
        procedure_id,
        find=find,
        missing="Cette procédure n'a pas de plan de paiement en cours.",
        form_class=InstalmentMissedForm,
        name="missed_on",
        record=lambda event, day, by: services.instalment_missed_record(
            event=event, missed_on=day, by=by
        ),
        success="Échéance impayée enregistrée : la clause résolutoire reprend effet.",
        partial="procedures/_instalment_form.html",
        title="Échéance impayée",
        form_key="instalment_form",
    )


@acting_view
@require_POST
def judgment_served(request, procedure_id):
    """The commissaire de justice (or the secretariat) records the day the judgment was
    served on the tenant: the délais it granted run from it (CPC art. 511)."""
    return _judgment_date_post(
        request,
        procedure_id,
        find=unserved_judgment,
        missing="Cette procédure n'a pas de jugement dont la signification manque.",
        form_class=JudgmentServedForm,
        name="served_on",
        record=lambda event, day, by: services.judgment_served_record(
            event=event, served_on=day, by=by
        ),
        success="Date de signification du jugement enregistrée.",
        partial="procedures/_served_form.html",
        title="Signification du jugement",
        form_key="served_form",
    )
