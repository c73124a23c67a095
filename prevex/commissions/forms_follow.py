"""Forms of the deliberation and of the follow-up. They only validate input; the services
(``deliberation``, ``recommendations``, ``outcomes``) decide and write. Several forms sit
on one page (one per file, one per recommendation): each has a ``prefix``."""

from django import forms

from prevex.core.forms import DsfrFormMixin, FrenchDateField

from .choices import AddresseeKind, OutcomeKind, RecommendationStatus
from .deliberation import OPINION_MAX
from .recommendations import REASON_MAX, TEXT_MAX


def item_prefix(item_id: int) -> str:
    return f"dossier-{item_id}"


def reco_prefix(reco_id: int) -> str:
    return f"reco-{reco_id}"


class OpinionForm(DsfrFormMixin, forms.Form):
    opinion = forms.CharField(
        label="Avis de la commission",
        max_length=OPINION_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Saisissez l'avis de la commission sur ce dossier."},
    )


class RecommendationForm(DsfrFormMixin, forms.Form):
    type_code = forms.ChoiceField(label="Type de recommandation")
    addressee_kind = forms.ChoiceField(label="Destinataire", choices=AddresseeKind.choices)
    addressee = forms.TypedChoiceField(
        label="Organisation destinataire",
        coerce=int,
        required=False,
        empty_value=None,
        help_text="Si la recommandation s'adresse à une organisation.",
    )
    due_on = FrenchDateField(label="Échéance")
    text = forms.CharField(
        label="Précisions",
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, types=(), organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {o.pk: o for o in organisations}
        self.fields["type_code"].choices = [(t.code, t.label) for t in types]
        self.fields["addressee"].choices = [("", "—")] + [
            (o.pk, f"{o.name} ({o.get_type_display()})") for o in organisations
        ]

    def clean(self):
        data = super().clean()
        kind, addressee = data.get("addressee_kind"), data.get("addressee")
        if kind == AddresseeKind.ORGANISATION and addressee is None:
            self.add_error("addressee", "Choisissez l'organisation destinataire.")
        if kind == AddresseeKind.MENAGE:
            data["addressee"] = None
        return data

    def addressee_organisation(self):
        return self.organisations.get(self.cleaned_data.get("addressee"))


class ReportForm(DsfrFormMixin, forms.Form):
    status = forms.ChoiceField(
        label="Suivi",
        choices=[c for c in RecommendationStatus.choices if c[0] != RecommendationStatus.A_FAIRE],
    )
    reason = forms.CharField(
        label="Motif",
        max_length=REASON_MAX,
        required=False,
        help_text="Obligatoire si la recommandation n'est pas mise en œuvre ou est refusée.",
    )


class OutcomeForm(DsfrFormMixin, forms.Form):
    kind = forms.ChoiceField(label="Issue constatée", choices=OutcomeKind.choices)
