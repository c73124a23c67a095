"""Forms of the matching screens. They only validate input; services do the writes."""

from __future__ import annotations

from django import forms

from prevex.core.forms import DsfrFormMixin

from .records import PersonRecord


def person_record(data: dict, *, departement: str) -> PersonRecord:
    """The household form's cleaned data as a record for the matcher."""
    commune = data.get("commune")
    return PersonRecord(
        last_name=data.get("holder_last_name", ""),
        first_name=data.get("holder_first_name", ""),
        birth_date=data.get("holder_birth_date"),
        co_last_name=data.get("coholder_last_name", ""),
        co_first_name=data.get("coholder_first_name", ""),
        address=data.get("address", ""),
        postal_code=data.get("postal_code", ""),
        commune_insee=commune.insee if commune else "",
        commune_name=commune.name if commune else "",
        departement=departement,
    )


class CreationConfirmForm(DsfrFormMixin, forms.Form):
    """« Créer quand même »: the candidate files the user saw before confirming."""

    seen_candidates = forms.CharField(required=False, widget=forms.HiddenInput)

    def seen_ids(self) -> set[int]:
        if not self.is_valid():
            return set()
        raw = self.cleaned_data["seen_candidates"] or ""
        return {int(part) for part in raw.split(",") if part.strip().isdigit()}


class MergeWithReferenceForm(DsfrFormMixin, forms.Form):
    reference = forms.CharField(
        label="Référence de l'autre dossier",
        max_length=20,
        help_text="Par exemple 93-2026-000042.",
    )


class SplitForm(DsfrFormMixin, forms.Form):
    procedures = forms.TypedMultipleChoiceField(
        label="Procédures à déplacer vers un nouveau dossier",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choisissez au moins une procédure à détacher du dossier.",
            "invalid_choice": "Cette procédure n'appartient pas au dossier.",
        },
    )

    def __init__(self, *args, procedures=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["procedures"].choices = [
            (
                p.pk,
                f"Procédure ouverte le {p.opened_on:%d/%m/%Y} — {p.get_stage_display()}"
                + (" (en cours)" if p.is_open else f" (close le {p.closed_on:%d/%m/%Y})"),
            )
            for p in procedures
        ]
