"""The préfecture's decision form: the decision, each criterion of the département (yes or
no, with a note), the reasoning and the dates. It only validates input; ``cfp_decide``
checks the rest (stage, deadline, rights) and writes."""

from django import forms

from prevex.core.forms import DsfrFormMixin, FrenchDateField

from .choices import CfpChoice

MET = [("oui", "Oui"), ("non", "Non")]
NOTE_LENGTH = 500
REASONING_LENGTH = 10_000


class CfpDecisionForm(DsfrFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label="Décision",
        choices=CfpChoice.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choisissez la décision : concours accordé, refusé ou décision reportée.",
            "invalid_choice": "Décision inconnue : concours accordé, refusé ou décision reportée.",
        },
    )
    decided_on = FrenchDateField(
        label="Date de la décision",
        error_messages={"required": "Indiquez la date de la décision."},
    )
    postponed_to = FrenchDateField(
        label="Réexamen le",
        required=False,
        help_text="Seulement pour une décision reportée, au plus tard à la fin du délai de "
        "décision (après, le silence vaut refus).",
    )
    reasoning = forms.CharField(
        label="Motivation",
        max_length=REASONING_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": "La motivation de la décision est obligatoire.",
            "max_length": f"La motivation ne peut dépasser {REASONING_LENGTH} caractères.",
        },
    )

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"critere_{criterion.pk}"] = forms.ChoiceField(
                label=criterion.label,
                help_text=criterion.help_text,
                choices=MET,
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Répondez au critère « {criterion.label} » (oui ou non).",
                    "invalid_choice": f"Répondez au critère « {criterion.label} » par oui ou non.",
                },
            )
            self.fields[f"note_{criterion.pk}"] = forms.CharField(
                label=f"Précision sur « {criterion.label} »",
                required=False,
                max_length=NOTE_LENGTH,
                widget=forms.TextInput(attrs={"class": "fr-input"}),
                error_messages={
                    "max_length": f"Une précision ne peut dépasser {NOTE_LENGTH} caractères."
                },
            )

    def criterion_rows(self):
        """(answer field, note field) per criterion, in order (for the template)."""
        return [(self[f"critere_{c.pk}"], self[f"note_{c.pk}"]) for c in self.criteria]

    def clean(self):
        data = super().clean()
        decision, postponed_to = data.get("decision"), data.get("postponed_to")
        if decision == CfpChoice.REPORTE and not postponed_to and "postponed_to" not in self.errors:
            self.add_error("postponed_to", "Indiquez la date de réexamen de la décision reportée.")
        if decision and decision != CfpChoice.REPORTE and postponed_to:
            self.add_error(
                "postponed_to", "La date de réexamen ne se saisit que pour une décision reportée."
            )
        decided_on = data.get("decided_on")
        reported = decision == CfpChoice.REPORTE and postponed_to and decided_on
        if reported and postponed_to <= decided_on:
            self.add_error(
                "postponed_to",
                "La date de réexamen doit être postérieure à la date de la décision.",
            )
        return data

    def criteria_answers(self) -> dict:
        """{criterion id: {"met": bool, "note": str}} for ``cfp_decide``."""
        return {
            str(c.pk): {
                "met": self.cleaned_data[f"critere_{c.pk}"] == "oui",
                "note": self.cleaned_data.get(f"note_{c.pk}", ""),
            }
            for c in self.criteria
        }
