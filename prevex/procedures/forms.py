"""Forms for procedures and their acts. Services decide what is legally possible; the
act matrix (prevex/access/policy.py) decides which act types the form offers."""

from django import forms

from prevex.core.forms import AmountField, DsfrFormMixin, FrenchDateField

from .models import CfpDecision, Decision, Ground, Outcome, Stage

YES_NO = [("", "—")] + [("OUI", "Oui"), ("NON", "Non")]
CHOOSE = ("", "— choisir —")
COMMON_FIELDS = ("stage", "date", "debt_amount", "notes")
# The fields of each act type, beyond the common ones (see stages.py).
STAGE_FIELDS: dict[str, tuple[str, ...]] = {
    Stage.ASSIGNATION: ("hearing_date",),
    Stage.AUDIENCE: ("hearing_date",),
    Stage.JUGEMENT: (
        "decision",
        "contradictoire",
        "grace_months",
        "served_on",
        "payment_months",
        "instalment_amount",
        "first_instalment_on",
    ),
    Stage.CQL: ("grace_months",),
    Stage.CFP: ("cfp_decision",),
}


def stage_choices(*, allowed, first=()) -> list:
    """Stage choices limited to ``allowed``, the likely next steps (``first``) on top."""
    likely = [(s, Stage(s).label) for s in first if s in allowed]
    others = [(s, label) for s, label in Stage.choices if s in allowed and s not in first]
    if likely and others:
        return [("Étapes possibles", likely), ("Autres actes", others)]
    return likely or others


class EventForm(DsfrFormMixin, forms.Form):
    """An act: the type first, then only the fields of that type.

    ``allowed`` are the act types the acting organisation may record (the act matrix,
    less the acts of another sector); the likely next steps come first. The type starts
    empty (« — choisir — »): no default that would be recorded by mistake. ``stage`` is
    the type already chosen when the form is not bound. Fields of other types are
    removed, so a value sent for them is ignored.
    """

    stage = forms.ChoiceField(
        label="Acte ou étape",
        choices=Stage.choices,
        error_messages={"required": "Choisissez le type d'acte."},
    )
    date = FrenchDateField(label="Date de l'acte")
    debt_amount = AmountField(label="Montant de la dette (€)", required=False)
    hearing_date = FrenchDateField(label="Date d'audience", required=False)
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
    served_on = FrenchDateField(
        label="Jugement signifié le (si déjà signifié)",
        required=False,
        help_text=(
            "Les délais d'un jugement non contradictoire courent de sa signification "
            "(CPC art. 511)."
        ),
    )
    payment_months = forms.IntegerField(
        label="Délais de paiement accordés (mois, jugement conditionnel)",
        min_value=1,
        max_value=120,
        required=False,
        error_messages={"invalid": "Indiquez un nombre de mois."},
    )
    instalment_amount = AmountField(label="Montant de l'échéance mensuelle (€)", required=False)
    first_instalment_on = FrenchDateField(label="Première échéance le", required=False)
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

    def __init__(self, *args, next_steps=None, allowed=None, stage=None, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = frozenset(Stage.values if allowed is None else allowed)
        self.fields["stage"].choices = [CHOOSE] + stage_choices(
            allowed=allowed, first=next_steps or ()
        )
        if self.is_bound:
            stage = self.data.get("stage")
        if stage not in allowed:
            stage = None
        self.chosen_stage = stage
        if not self.is_bound and stage:
            self.initial.setdefault("stage", stage)
        keep = set(COMMON_FIELDS) | set(STAGE_FIELDS.get(stage, ()))
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if stage == Stage.AUDIENCE and "hearing_date" in self.fields:
            self.fields["hearing_date"].label = "Audience renvoyée au (si renvoi)"

    @property
    def common_fields(self) -> list:
        return [self[name] for name in ("stage", "date", "debt_amount")]

    @property
    def type_fields(self) -> list:
        return [self[name] for name in STAGE_FIELDS.get(self.chosen_stage, ())]

    @property
    def note_fields(self) -> list:
        return [self["notes"]]

    def swap_on_change(self, url: str, target: str) -> None:
        """With htmx, changing the act type swaps in the fields of that type."""
        self.fields["stage"].widget.attrs.update(
            {"hx-get": url, "hx-trigger": "change", "hx-target": target, "hx-swap": "innerHTML"}
        )

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
            "served_on": d.get("served_on"),
            "payment_months": d.get("payment_months"),
            "instalment_amount": d.get("instalment_amount"),
            "first_instalment_on": d.get("first_instalment_on"),
            "cfp_decision": d.get("cfp_decision") or "",
            "notes": d.get("notes") or "",
        }


class ProcedureOpenForm(DsfrFormMixin, forms.Form):
    ground = forms.ChoiceField(label="Motif", choices=Ground.choices)
    stage = forms.ChoiceField(
        label="Premier acte connu",
        choices=[CHOOSE, *Stage.choices],
        error_messages={"required": "Choisissez le premier acte connu."},
    )
    date = FrenchDateField(label="Date de l'acte")
    debt_amount = AmountField(label="Montant de la dette (€)", required=False)
    hearing_date = FrenchDateField(label="Date d'audience (si assignation)", required=False)

    def __init__(self, *args, allowed=None, **kwargs):
        super().__init__(*args, **kwargs)
        if allowed is not None:
            self.fields["stage"].choices = [CHOOSE] + stage_choices(allowed=frozenset(allowed))


class ProcedureCloseForm(DsfrFormMixin, forms.Form):
    outcome = forms.ChoiceField(label="Issue", choices=Outcome.choices)
    closed_on = FrenchDateField(label="Date de clôture")

    def __init__(self, *args, outcomes=None, **kwargs):
        """``outcomes``: those the acting organisation may close with (the act matrix's
        ``CLOTURE_<OUTCOME>`` rows, ``policy.closure_outcomes``); ``None``: all."""
        super().__init__(*args, **kwargs)
        if outcomes is not None:
            self.fields["outcome"].choices = [
                (value, label) for value, label in Outcome.choices if value in outcomes
            ]


class JudgmentServedForm(DsfrFormMixin, forms.Form):
    """The day a judgment was served on the tenant (by the commissaire de justice)."""

    served_on = FrenchDateField(label="Jugement signifié le")


class InstalmentMissedForm(DsfrFormMixin, forms.Form):
    """A missed instalment of a conditional judgment's payment plan."""

    missed_on = FrenchDateField(label="Échéance impayée du")
