"""Forms of the sessions' pages and of the file panel's saisine (French labels, DSFR
widgets). They check the shape of the input; the services check the rules."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone

from prevex.core.forms import DsfrFormMixin, FrenchDateField

from .choices import SaisineReason

INPUT = {"class": "fr-input"}
SELECT = {"class": "fr-select"}
# Reasons a partner gives; reviews, suggestions and the COMEX's are the system's.
PARTNER_REASONS = [
    (r.value, r.label)
    for r in (SaisineReason.PARTENAIRE, SaisineReason.BAILLEUR_SOCIAL, SaisineReason.COMED)
]


class SessionForm(DsfrFormMixin, forms.Form):
    day = FrenchDateField(label="Date de la séance")
    time = forms.TimeField(
        label="Heure",
        initial=datetime.time(14, 0),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    place = forms.CharField(
        label="Lieu", max_length=200, required=False, widget=forms.TextInput(attrs=INPUT)
    )
    video_link = forms.CharField(
        label="Lien de visioconférence",
        max_length=200,
        required=False,
        help_text="Adresse https.",
        widget=forms.TextInput(attrs=INPUT),
    )
    capacity = forms.IntegerField(
        label="Nombre maximal de dossiers",
        min_value=1,
        max_value=500,
        required=False,
        help_text="Vide : la capacité habituelle de la commission.",
        widget=forms.NumberInput(attrs=INPUT),
    )

    def starts_at(self) -> datetime.datetime:
        d = self.cleaned_data
        return timezone.make_aware(datetime.datetime.combine(d["day"], d["time"]))


class VersionForm(forms.Form):
    """The version of the agenda the page was built from (the optimistic lock)."""

    version = forms.IntegerField(min_value=0, max_value=2**31, widget=forms.HiddenInput)


class AgendaAddForm(VersionForm):
    households = forms.TypedMultipleChoiceField(
        label="Dossiers à inscrire", coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, household_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["households"].choices = [(pk, pk) for pk in household_ids]
        self.fields["households"].error_messages = {
            "required": "Cochez au moins un dossier à inscrire.",
            "invalid_choice": "Ce dossier n'est plus proposé : rechargez la page.",
        }


class AgendaItemForm(VersionForm):
    item = forms.IntegerField(min_value=1, max_value=2**62, widget=forms.HiddenInput)
    action = forms.ChoiceField(
        choices=[("monter", "Monter"), ("descendre", "Descendre"), ("retirer", "Retirer")]
    )


class AttendanceForm(forms.Form):
    """One checkbox and one representative per invited organisation."""

    def __init__(self, *args, attendance=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for row in attendance:
            present = f"present_{row.organisation_id}"
            named = f"representative_{row.organisation_id}"
            self.fields[present] = forms.BooleanField(
                label=row.organisation.name, required=False, initial=bool(row.present)
            )
            self.fields[named] = forms.CharField(
                label=f"Représentée par ({row.organisation.name})",
                max_length=200,
                required=False,
                initial=row.representative,
                widget=forms.TextInput(attrs=INPUT),
            )
            self.rows.append((row.organisation_id, self[present], self[named]))

    def present_ids(self) -> list[int]:
        return [pk for pk, _, _ in self.rows if self.cleaned_data.get(f"present_{pk}")]

    def representatives(self) -> dict[int, str]:
        return {pk: self.cleaned_data.get(f"representative_{pk}", "") for pk, _, _ in self.rows}


class SaisineForm(DsfrFormMixin, forms.Form):
    commission = forms.TypedChoiceField(
        label="Commission", coerce=int, widget=forms.Select(attrs=SELECT)
    )
    reason = forms.ChoiceField(
        label="Motif", choices=PARTNER_REASONS, widget=forms.Select(attrs=SELECT)
    )
    motive = forms.CharField(
        label="Exposé de la situation",
        max_length=5000,
        required=False,
        help_text="Ce que la commission doit savoir et ce que vous lui demandez.",
        widget=forms.Textarea(attrs={**INPUT, "rows": 4}),
    )

    def __init__(self, *args, commissions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.commissions = {c.pk: c for c in commissions}
        self.fields["commission"].choices = [(c.pk, c.name) for c in commissions]
