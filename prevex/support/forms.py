"""Forms of the follow-up. They only validate input; services do the writes."""

import datetime
from functools import partial

from django import forms
from django.utils import timezone

from prevex.accounts.models import OrganisationType
from prevex.core.forms import AmountField, DsfrFormMixin, FrenchDateField, check_range

from .choices import (
    ChargeType,
    ContactChannel,
    ContactOutcome,
    ContactPurpose,
    DebtCause,
    Direction,
    MeasureStatus,
    PlanOrigin,
    ReferralReason,
    ResourceType,
    RightStatus,
    RightType,
    Wish,
)

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M"]


class FrenchDateTimeField(forms.DateTimeField):
    default_error_messages = {"invalid": "Date et heure invalides : JJ/MM/AAAA HH:MM."}

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATETIME_FORMATS)
        kwargs.setdefault(
            "widget",
            forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        # The range first: Django then makes the value aware, which overflows in year 1.
        text = value.strip() if isinstance(value, str) else ""
        for parse in [*(partial(_strptime, fmt=f) for f in self.input_formats), _isoformat]:
            naive = parse(text) if text else None
            if naive is not None:
                check_range(naive.date())
                break
        return super().to_python(value)


def _strptime(text: str, fmt: str) -> datetime.datetime | None:
    try:
        return datetime.datetime.strptime(text, fmt)
    except ValueError:
        return None


def _isoformat(text: str) -> datetime.datetime | None:
    try:
        return datetime.datetime.fromisoformat(text)
    except ValueError:
        return None


class ContactForm(DsfrFormMixin, forms.Form):
    channel = forms.ChoiceField(label="Canal", choices=ContactChannel.choices)
    direction = forms.ChoiceField(label="Sens", choices=Direction.choices)
    at = FrenchDateTimeField(label="Date et heure")
    purpose = forms.ChoiceField(label="Objet", choices=ContactPurpose.choices)
    purpose_detail = forms.CharField(
        label="Précision",
        max_length=300,
        required=False,
        help_text=(
            "Lue par les partenaires qui suivent le ménage et le secrétariat de la CCAPEX, "
            "pas par la préfecture ni par le bailleur. Rien de médical : les "
            "vulnérabilités ont leur rubrique."
        ),
    )
    outcome = forms.ChoiceField(label="Résultat", choices=ContactOutcome.choices)
    answers = forms.TypedChoiceField(
        label="En réponse au contact", required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, earlier=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answers"].choices = [("", "— aucun —")] + [
            (
                c.pk,
                f"{timezone.localtime(c.at):%d/%m/%Y %H:%M} – {c.get_channel_display()} "
                f"({c.organisation})",
            )
            for c in earlier
        ]
        if not self.is_bound:
            self.initial.setdefault("at", timezone.localtime().replace(second=0, microsecond=0))


class DsfAppointmentForm(DsfrFormMixin, forms.Form):
    appointment_at = FrenchDateTimeField(label="Rendez-vous le")


class DsfDateForm(DsfrFormMixin, forms.Form):
    """The day of one step (absence, done, sent): the page shows up to two of them, each
    with its own label and ids (``step`` prefixes the ids, not the names)."""

    on = FrenchDateField(label="Date")

    def __init__(self, *args, step: str = "", label: str = "", **kwargs):
        if step:
            kwargs.setdefault("auto_id", f"id_{step}_%s")
        super().__init__(*args, **kwargs)
        if label:
            self.fields["on"].label = label


class DsfContentForm(DsfrFormMixin, forms.Form):
    """The national form's parts (arrêté du 23 août 2022), one field per type."""

    composition = forms.CharField(
        label="Composition du ménage", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    debt_amount = AmountField(label="Montant de la dette (€)", required=False)
    debt_origin = forms.CharField(label="Origine de la dette", max_length=300, required=False)
    first_unpaid_on = FrenchDateField(label="Date du premier loyer impayé", required=False)
    causes = forms.MultipleChoiceField(
        label="Causes de l'impayé",
        choices=DebtCause.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Aucun détail de santé ici : il se saisit dans « Vulnérabilités ».",
    )
    causes_note = forms.CharField(
        label="Causes : précisions", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    wish = forms.ChoiceField(
        label="Souhait du ménage", choices=[("", "—"), *Wish.choices], required=False
    )
    proposal_monthly = AmountField(label="Reprise proposée par mois (€)", required=False)
    proposal_delay_months = forms.IntegerField(
        label="Délais demandés au juge (mois)", min_value=0, max_value=36, required=False
    )
    proposal_note = forms.CharField(
        label="Propositions du ménage", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    opinion = forms.CharField(
        label="Avis du travailleur social", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in ResourceType.choices:
            self.fields[f"res_{code}"] = AmountField(label=f"Ressources : {label}", required=False)
        for code, label in ChargeType.choices:
            self.fields[f"chg_{code}"] = AmountField(label=f"Charges : {label}", required=False)
        for code, label in RightType.choices:
            self.fields[f"right_{code}"] = forms.ChoiceField(
                label=f"Droit : {label}", choices=[("", "—"), *RightStatus.choices], required=False
            )
        for field in self.fields.values():
            if isinstance(field.widget, forms.Select):
                field.widget.attrs.setdefault("class", "fr-select")
            elif not isinstance(field.widget, forms.CheckboxSelectMultiple):
                field.widget.attrs.setdefault("class", "fr-input")

    @classmethod
    def initial_from(cls, dsf) -> dict:
        initial = {
            name: getattr(dsf, name)
            for name in (
                "composition", "debt_amount", "debt_origin", "first_unpaid_on", "causes",
                "causes_note", "wish", "proposal_monthly", "proposal_delay_months",
                "proposal_note", "opinion",
            )
        }  # fmt: skip
        initial.update({f"res_{k}": v for k, v in dsf.resources.items()})
        initial.update({f"chg_{k}": v for k, v in dsf.charges.items()})
        initial.update({f"right_{k}": v for k, v in dsf.rights.items()})
        return initial

    def content(self) -> dict:
        d = self.cleaned_data
        out = {k: v for k, v in d.items() if not k.startswith(("res_", "chg_", "right_"))}
        out["resources"] = {c: d[f"res_{c}"] for c in ResourceType.values if d.get(f"res_{c}")}
        out["charges"] = {c: d[f"chg_{c}"] for c in ChargeType.values if d.get(f"chg_{c}")}
        out["rights"] = {c: d[f"right_{c}"] for c in RightType.values if d.get(f"right_{c}")}
        return out

    def groups(self):
        """Fields by part of the national form, for the template."""
        return [
            ("Composition", ["composition"]),
            ("Ressources mensuelles", [f"res_{c}" for c in ResourceType.values]),
            ("Charges mensuelles", [f"chg_{c}" for c in ChargeType.values]),
            ("Dette", ["debt_amount", "debt_origin", "first_unpaid_on"]),
            ("Causes", ["causes", "causes_note"]),
            ("Droits", [f"right_{c}" for c in RightType.values]),
            ("Souhaits et propositions", ["wish", "proposal_monthly", "proposal_delay_months",
                                          "proposal_note"]),
            ("Avis", ["opinion"]),
        ]  # fmt: skip


class MeasureForm(DsfrFormMixin, forms.Form):
    type_code = forms.ChoiceField(label="Dispositif")
    status = forms.ChoiceField(
        label="État",
        choices=[(MeasureStatus.PROPOSEE, "Proposé"), (MeasureStatus.DEMANDEE, "Demandé")],
    )
    on = FrenchDateField(label="Date", required=False)
    note = forms.CharField(label="Observations", max_length=300, required=False)

    def __init__(self, *args, types=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type_code"].choices = [(t.code, t.label) for t in types]


class MeasureChangeForm(DsfrFormMixin, forms.Form):
    status = forms.ChoiceField(label="Nouvel état", choices=MeasureStatus.choices)
    on = FrenchDateField(label="Date", required=False)
    amount = AmountField(label="Montant accordé (€)", required=False)
    deciding_body = forms.CharField(label="Instance de décision", max_length=200, required=False)
    outcome = forms.CharField(label="Issue", max_length=300, required=False)

    def __init__(self, *args, statuses=None, **kwargs):
        """``statuses``: the states the measure may move to now (the others are refused)."""
        super().__init__(*args, **kwargs)
        if statuses is not None:
            field = self.fields["status"]
            field.choices = [(value, MeasureStatus(value).label) for value in statuses]
            # A state offered in another tab, moved meanwhile: the service says why
            # (« ne peut pas passer »), better than « choix invalide ».
            field.valid_value = lambda value: value in MeasureStatus.values


class PlanForm(DsfrFormMixin, forms.Form):
    origin = forms.ChoiceField(label="Origine", choices=PlanOrigin.choices)
    starts_on = FrenchDateField(label="Première échéance")
    debt_amount = AmountField(label="Dette à apurer (€)")
    instalments = forms.IntegerField(label="Nombre de mensualités", min_value=1, max_value=120)


class PaymentForm(DsfrFormMixin, forms.Form):
    paid_on = FrenchDateField(label="Payé le")
    amount = AmountField(label="Montant (€)")


class ReferralForm(DsfrFormMixin, forms.Form):
    to_organisation = forms.TypedChoiceField(
        label="Organisation destinataire", coerce=int, required=False, empty_value=None
    )
    to_type = forms.ChoiceField(
        label="ou l'organisation compétente pour la commune, du type",
        required=False,
    )
    reason = forms.ChoiceField(label="Motif", choices=ReferralReason.choices)
    message = forms.CharField(
        label="Message", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    due_on = FrenchDateField(
        label="Réponse attendue avant le",
        required=False,
        help_text="Vide : le délai de réponse en vigueur dans le département.",
    )

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {o.pk: o for o in organisations}
        self.fields["to_organisation"].choices = [("", "—")] + [
            (o.pk, f"{o.name} ({o.get_type_display()})") for o in organisations
        ]
        self.fields["to_type"].choices = [("", "—"), *OrganisationType.choices]


class DeclineForm(DsfrFormMixin, forms.Form):
    reason = forms.CharField(label="Motif du refus", max_length=300)
