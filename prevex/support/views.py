"""Follow-up pages: thin (forms + services + selectors). The « Suivi » section of the file
page is a panel (``panels.py``); its forms are fetched on demand with htmx."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from prevex.access.gate import FieldGroup
from prevex.accounts.decorators import acting_view
from prevex.audit import services as audit
from prevex.core.panels import file_page_form, form_on_demand
from prevex.procedures.models import Procedure

from . import selectors, services
from .choices import DsfStatus
from .dsf import NO_ASSIGNATION
from .forms import (
    ContactForm,
    DsfAppointmentForm,
    DsfContentForm,
    DsfDateForm,
    MeasureChangeForm,
    MeasureForm,
)
from .models import Contact
from .pdf import dsf_pdf


def _earlier_contacts(household_id):
    return (
        Contact.objects.filter(household_id=household_id)
        .select_related("organisation")
        .order_by("-at", "-id")[:30]
    )


@acting_view
@require_http_methods(["GET", "POST"])
def contact_create(request, household_id):
    membership = request.membership
    household, _ = selectors.household_for_follow_up(
        membership=membership, household_id=household_id, what="Suivi : contacts du dossier"
    )
    earlier = _earlier_contacts(household.pk)

    def save(form):
        d = form.cleaned_data
        services.contact_record(
            household=household,
            by=membership,
            channel=d["channel"],
            direction=d["direction"],
            at=d["at"],
            purpose=d["purpose"],
            purpose_detail=d["purpose_detail"],
            outcome=d["outcome"],
            answers=next((c for c in earlier if c.pk == d["answers"]), None),
        )

    return file_page_form(
        request,
        household_id=household.pk,
        form=partial(ContactForm, earlier=earlier),
        form_key="contact_form",
        save=save,
        success="Contact enregistré.",
        title="Noter un contact",
        submit="Enregistrer",
    )


@acting_view
@require_POST
def dsf_request(request, household_id):
    membership = request.membership
    household, _ = selectors.household_for_follow_up(
        membership=membership, household_id=household_id, what="Suivi : demande de DSF"
    )
    procedure = (
        Procedure.objects.filter(household_id=household.pk, closed_on__isnull=True)
        .order_by("-opened_on", "-id")
        .first()
    )
    try:
        if procedure is None:
            raise ValidationError(NO_ASSIGNATION)
        dsf = services.dsf_request(procedure=procedure, by=membership)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("households:detail", household_id=household.pk)
    messages.success(request, f"DSF demandé à {dsf.assigned_to}.")
    return redirect("support:dsf", dsf_id=dsf.pk)


def _dsf_page(request, dsf, groups, *, content_form=None, status=200):
    reads_content = FieldGroup.SOCIAL in groups
    steps = services.dsf_next_steps(dsf)
    context = {
        "dsf": dsf,
        "reads_content": reads_content,
        "status_choices": DsfStatus,
        # Only the steps the DSF may take now (a « réalisé » DSF is only sent).
        "appointment_form": DsfAppointmentForm() if DsfStatus.RDV in steps else None,
        "absent_form": (
            DsfDateForm(step="absent", label="Ménage absent le")
            if DsfStatus.ABSENT in steps
            else None
        ),
        "done_form": (
            DsfDateForm(step="realise", label="Réalisé le") if DsfStatus.REALISE in steps else None
        ),
        "sent_form": (
            DsfDateForm(step="transmis", label="Transmis au tribunal le")
            if DsfStatus.TRANSMIS in steps
            else None
        ),
    }
    if reads_content:
        context["rows"] = selectors.dsf_content_rows(dsf)
        if content_form is None:
            initial = DsfContentForm.initial_from(dsf)
            prefill = selectors.dsf_prefill(dsf) if dsf.status != DsfStatus.TRANSMIS else {}
            initial.update(prefill)
            context["prefilled"] = [DsfContentForm.base_fields[n].label for n in prefill]
            content_form = DsfContentForm(initial=initial)
        context["content_form"] = content_form
    return render(request, "support/dsf.html", context, status=status)


@acting_view
@require_http_methods(["GET", "POST"])
def dsf_detail(request, dsf_id):
    membership = request.membership
    dsf, groups = selectors.dsf_for_reading(
        membership=membership, dsf_id=dsf_id, what="Diagnostic social et financier"
    )
    if request.method == "GET":
        return _dsf_page(request, dsf, groups)
    if FieldGroup.SOCIAL not in groups:
        raise Http404("DSF introuvable.")
    form = DsfContentForm(request.POST)
    if form.is_valid():
        try:
            services.dsf_update_content(dsf=dsf, by=membership, **form.content())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "DSF enregistré.")
            return redirect("support:dsf", dsf_id=dsf.pk)
    return _dsf_page(request, dsf, groups, content_form=form, status=422)


@acting_view
@require_POST
def dsf_step(request, dsf_id, step):
    membership = request.membership
    dsf, groups = selectors.dsf_for_reading(
        membership=membership, dsf_id=dsf_id, what="DSF : changement d'état"
    )
    steps = {
        "rendez-vous": (DsfAppointmentForm, services.dsf_schedule, "appointment_at"),
        "absent": (DsfDateForm, services.dsf_mark_absent, "on"),
        "realise": (DsfDateForm, services.dsf_mark_done, "on"),
        "transmis": (DsfDateForm, services.dsf_send, "on"),
    }
    if step not in steps:
        raise Http404("Étape inconnue.")
    form_class, service, name = steps[step]
    form = form_class(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        service(dsf=dsf, by=membership, **{name: form.cleaned_data[name]})
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "État du DSF enregistré.")
    return redirect("support:dsf", dsf_id=dsf.pk)


@acting_view
@require_GET
def dsf_export(request, dsf_id):
    """The DSF as a PDF for the court (SOCIAL readers only; journaled as an export)."""
    membership = request.membership
    dsf, groups = selectors.dsf_for_reading(
        membership=membership, dsf_id=dsf_id, what="DSF : ouverture de l'export"
    )
    if FieldGroup.SOCIAL not in groups:
        raise Http404("DSF introuvable.")
    audit.log_export(membership=membership, what="Export PDF du DSF", household_id=dsf.household_id)
    response = HttpResponse(dsf_pdf(dsf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="dsf-{dsf.household.reference}.pdf"'
    return response


@acting_view
@require_http_methods(["GET", "POST"])
def measure_create(request, household_id):
    membership = request.membership
    household, _ = selectors.household_for_follow_up(
        membership=membership, household_id=household_id, what="Suivi : dispositifs du dossier"
    )
    types = services.measure_types_for(household.departement_id)
    return file_page_form(
        request,
        household_id=household.pk,
        form=partial(MeasureForm, types=types),
        form_key="measure_form",
        save=lambda form: services.measure_propose(
            household=household, by=membership, **form.cleaned_data
        ),
        success="Dispositif enregistré.",
        title="Mobiliser un dispositif",
        submit="Enregistrer",
    )


@acting_view
@require_http_methods(["GET", "POST"])
def measure_change(request, measure_id):
    membership = request.membership
    measure = selectors.measure_for_editing(membership=membership, measure_id=measure_id)
    form = MeasureChangeForm(request.POST or None, statuses=services.measure_next_steps(measure))
    if request.method == "POST" and form.is_valid():
        try:
            services.measure_change(measure=measure, by=membership, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Dispositif mis à jour.")
            return redirect("households:detail", household_id=measure.household_id)
    return form_on_demand(
        request,
        form=form,
        action=request.path,
        title=f"{measure.type.label} : changer l'état",
        submit="Enregistrer",
        household_id=measure.household_id,
        status=422 if request.method == "POST" else 200,
    )


@acting_view
@require_GET
def alerts(request):
    items = selectors.alerts_for(membership=request.membership)
    return render(request, "support/alerts.html", {"alerts": items, "nav": "alerts"})
