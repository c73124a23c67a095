"""Recording acts, opening and closing procedures. With HTMX, the procedure block is
re-rendered in place (timeline + deadlines); without, a full page redirect/render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from prevex.accounts.decorators import acting_view
from prevex.core.panels import FILE_PAGE, render_page
from prevex.households import selectors as household_selectors
from prevex.households.views import form_on_demand

from . import services
from .forms import EventForm, ProcedureCloseForm, ProcedureOpenForm
from .selectors import procedure_for_writing, procedures_for_file


def _procedure_view(request, procedure):
    membership = request.membership
    household, groups = household_selectors.get_visible_household(
        membership=membership, household_id=procedure.household_id
    )
    views = procedures_for_file(membership=membership, household=household, groups=groups)
    return next(v for v in views if v.procedure.pk == procedure.pk)


def _render_procedure_block(request, procedure, *, form=None):
    """The procedure block (timeline, deadlines, actions), swapped in place by htmx."""
    return render(
        request,
        "procedures/_procedure.html",
        {
            "pv": _procedure_view(request, procedure),
            "event_form": form,
            "close_form": None,
            "can_record": True,
        },
    )


@acting_view
@require_POST
def event_create(request, procedure_id):
    procedure = procedure_for_writing(membership=request.membership, procedure_id=procedure_id)
    form = EventForm(request.POST)
    form.procedure_id = procedure.pk
    if form.is_valid():
        try:
            services.event_record(
                procedure=procedure, by=request.membership, strict=True, **form.service_kwargs()
            )
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
    return render_page(
        FILE_PAGE,
        request,
        household_id=procedure.household_id,
        forms={"event_form": form},
        status=422,
    )


@acting_view
@require_http_methods(["GET", "POST"])
def procedure_open(request, household_id):
    membership = request.membership
    household = household_selectors.household_for_editing(
        membership=membership, household_id=household_id
    )
    if request.method == "GET":
        return form_on_demand(
            request,
            form=ProcedureOpenForm(),
            action=request.path,
            title="Ouvrir une procédure",
            submit="Ouvrir la procédure",
            household_id=household.pk,
        )
    form = ProcedureOpenForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.procedure_open(
                household=household,
                ground=d["ground"],
                stage=d["stage"],
                date=d["date"],
                by=membership,
                debt_amount=d.get("debt_amount"),
                hearing_date=d.get("hearing_date"),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Procédure ouverte.")
            return redirect("households:detail", household_id=household.pk)
    return render_page(
        FILE_PAGE, request, household_id=household.pk, forms={"open_form": form}, status=422
    )


@acting_view
@require_POST
def procedure_close(request, procedure_id):
    procedure = procedure_for_writing(membership=request.membership, procedure_id=procedure_id)
    form = ProcedureCloseForm(request.POST)
    form.procedure_id = procedure.pk
    if form.is_valid():
        try:
            services.procedure_close(
                procedure=procedure,
                outcome=form.cleaned_data["outcome"],
                closed_on=form.cleaned_data["closed_on"],
                by=request.membership,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Procédure clôturée.")
            return redirect("households:detail", household_id=procedure.household_id)
    return render_page(
        FILE_PAGE,
        request,
        household_id=procedure.household_id,
        forms={"close_form": form},
        status=422,
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
    return _form_fragment(
        request,
        procedure,
        partial="procedures/_event_form.html",
        title="Enregistrer un acte",
        event_form=EventForm(next_steps=pv.next_steps),
    )


@acting_view
@require_GET
def close_form(request, procedure_id):
    procedure = procedure_for_writing(membership=request.membership, procedure_id=procedure_id)
    return _form_fragment(
        request,
        procedure,
        partial="procedures/_close_form.html",
        title="Clôturer la procédure",
        close_form=ProcedureCloseForm(),
    )
