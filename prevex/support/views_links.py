"""Pages of repayment plans and referrals: thin (forms + services + selectors)."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from prevex.accounts.decorators import acting_view
from prevex.accounts.models import Organisation
from prevex.core.panels import file_page_form, form_on_demand

from . import selectors, services
from .forms import DeclineForm, PaymentForm, PlanForm, ReferralForm


@acting_view
@require_http_methods(["GET", "POST"])
def plan_create(request, household_id):
    membership = request.membership
    household = selectors.household_for_plans(
        membership=membership, household_id=household_id, what="Plans d'apurement du dossier"
    )
    return file_page_form(
        request,
        household_id=household.pk,
        form=PlanForm,
        form_key="plan_form",
        save=lambda form: services.plan_open(
            household=household, by=membership, **form.cleaned_data
        ),
        success="Plan d'apurement ouvert.",
        title="Ouvrir un plan d'apurement",
        submit="Ouvrir le plan",
    )


@acting_view
@require_http_methods(["GET", "POST"])
def payment_create(request, plan_id):
    membership = request.membership
    plan = selectors.plan_for_editing(membership=membership, plan_id=plan_id)
    form = PaymentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.payment_record(plan=plan, by=membership, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Versement enregistré.")
            return redirect("households:detail", household_id=plan.household_id)
    return form_on_demand(
        request,
        form=form,
        action=request.path,
        title="Enregistrer un versement",
        submit="Enregistrer",
        household_id=plan.household_id,
        status=422 if request.method == "POST" else 200,
    )


def _organisations(membership):
    return list(
        Organisation.objects.filter(
            departement_id=membership.organisation.departement_id, is_active=True
        )
        .exclude(pk=membership.organisation_id)
        .order_by("type", "name")
    )


@acting_view
@require_http_methods(["GET", "POST"])
def referral_create(request, household_id):
    membership = request.membership
    household, _ = selectors.household_for_follow_up(
        membership=membership, household_id=household_id, what="Suivi : orientation du ménage"
    )
    organisations = _organisations(membership)

    def save(form):
        d = form.cleaned_data
        services.referral_send(
            household=household,
            by=membership,
            to_organisation=form.organisations.get(d["to_organisation"]),
            to_type=d["to_type"] or None,
            reason=d["reason"],
            message=d["message"],
            due_on=d["due_on"],
        )

    return file_page_form(
        request,
        household_id=household.pk,
        form=partial(ReferralForm, organisations=organisations),
        form_key="referral_form",
        save=save,
        success="Orientation envoyée.",
        title="Orienter le ménage",
        submit="Envoyer l'orientation",
    )


@acting_view
@require_GET
def referrals(request):
    context = selectors.referral_inbox(membership=request.membership)
    for referral in context["received"]:
        # One form per referral: each « Motif du refus » label points at its own field.
        referral.decline_form = DeclineForm(auto_id=f"id_declin_{referral.pk}_%s")
    context.update(nav="referrals")
    return render(request, "support/referrals.html", context)


@acting_view
@require_POST
def referral_answer(request, referral_id, answer):
    membership = request.membership
    if answer not in ("accepter", "decliner"):
        raise Http404("Réponse inconnue.")
    referral = selectors.referral_for_answer(membership=membership, referral_id=referral_id)
    try:
        if answer == "accepter":
            services.referral_accept(referral=referral, by=membership)
            messages.success(request, "Orientation acceptée : le dossier vous est ouvert.")
            return redirect("households:detail", household_id=referral.household_id)
        form = DeclineForm(request.POST)
        if not form.is_valid():
            raise ValidationError("Indiquez le motif du refus.")
        services.referral_decline(
            referral=referral, by=membership, reason=form.cleaned_data["reason"]
        )
        messages.success(request, "Orientation déclinée.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("support:referrals")
