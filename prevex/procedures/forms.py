"""Forms for procedures and their acts. Services decide what is legally possible."""

from django import forms

from prevex.core.forms import AmountField, DsfrFormMixin, FrenchDateField

from .models import CfpDecision, Decision, Ground, Outcome, Stage

YES_NO = [("", "—"), ("OUI", "Oui"), ("NON", "Non")]


class EventForm(DsfrFormMixin, forms.Form):
    stage = forms.ChoiceField(label="Acte ou étape", choices=Stage.choices)
    date = FrenchDateField(label="Date de l'acte")
    debt_amount = AmountField(label="Montant de la dette (€)", required=False)
    hearing_date = FrenchDateField(label="Date d'audience (assignation)", required=False)
    decision = forms.ChoiceField(
        label="Décision (jugement)", choices=[("", "—")] + Decision.choices, required=False
    )
    contradictoire = forms.ChoiceField(
        label="Jugement contradictoire", choices=YES_NO, required=False
    )
    grace_months = forms.IntegerField(
        label="Délais accordés par le juge (mois)",
        min_value=0,
        max_value=120,
        required=False,
        error_messages={"invalid": "Indiquez un nombre de mois."},
    )
    cfp_decision = forms.ChoiceField(
        label="Décision sur le concours de la force publique",
        choices=[("", "—")] + CfpDecision.choices,
        required=False,
    )
    notes = forms.CharField(
        label="Observations",
        help_text=(
            "Visibles de tous les partenaires qui suivent la procédure, bailleur compris : "
            "n'y écrivez ni ressources, ni évaluation sociale, ni santé (rubriques dédiées)."
        ),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, next_steps=None, **kwargs):
        super().__init__(*args, **kwargs)
        if next_steps:
            first = [(s, Stage(s).label) for s in next_steps]
            others = [(s, label) for s, label in Stage.choices if s not in next_steps]
            self.fields["stage"].choices = [
                ("Étapes possibles", first),
                ("Autres actes", others),
            ]

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        contradictoire = {"OUI": True, "NON": False}.get(d.get("contradictoire") or "")
        return {
            "stage": d["stage"],
            "date": d["date"],
            "debt_amount": d.get("debt_amount"),
            "hearing_date": d.get("hearing_date"),
            "decision": d.get("decision") or "",
            "contradictoire": contradictoire,
            "grace_months": d.get("grace_months"),
            "cfp_decision": d.get("cfp_decision") or "",
            "notes": d.get("notes") or "",
        }


class ProcedureOpenForm(DsfrFormMixin, forms.Form):
    ground = forms.ChoiceField(label="Motif", choices=Ground.choices)
    stage = forms.ChoiceField(label="Premier acte connu", choices=Stage.choices)
    date = FrenchDateField(label="Date de l'acte")
    debt_amount = AmountField(label="Montant de la dette (€)", required=False)
    hearing_date = FrenchDateField(label="Date d'audience (si assignation)", required=False)


class ProcedureCloseForm(DsfrFormMixin, forms.Form):
    outcome = forms.ChoiceField(label="Issue", choices=Outcome.choices)
    closed_on = FrenchDateField(label="Date de clôture")
