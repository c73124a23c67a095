"""Forms of the work list (« à faire »): filters and manual tasks. They only validate."""

from django import forms

from prevex.core.forms import DsfrFormMixin, FrenchDateField

from .choices import AlertKind

DUE_CHOICES = [
    ("", "Toutes"),
    ("retard", "En retard"),
    ("semaine", "Dans les 7 jours"),
    ("mois", "Dans les 30 jours"),
]


class WorkListFilterForm(DsfrFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="Type",
        required=False,
        choices=[("", "Tous")] + list(AlertKind.choices),
        error_messages={"invalid_choice": "Type de tâche inconnu."},
    )
    due = forms.ChoiceField(
        label="Échéance",
        required=False,
        choices=DUE_CHOICES,
        error_messages={"invalid_choice": "Filtre d'échéance inconnu."},
    )
    mine = forms.BooleanField(label="Confiées à moi", required=False)

    def __init__(self, *args, kinds=None, **kwargs):
        """``kinds``: the kinds of the organisation's open tasks, the only ones offered (a
        landlord is not offered the follow-up's); a kind asked for in the query string
        stays valid when it is one of prevex's, so a saved link still reads."""
        super().__init__(*args, **kwargs)
        if kinds is None:
            return
        offered = set(kinds)
        asked = self.data.get("kind") if self.is_bound else None
        if asked in AlertKind.values:
            offered.add(asked)
        self.fields["kind"].choices = [("", "Tous")] + [
            (value, label) for value, label in AlertKind.choices if value in offered
        ]


def _member_choices(members) -> list:
    return [("", "Personne (tout l'organisme)")] + [
        (str(m.user_id), m.user.get_full_name() or m.user.get_username()) for m in members
    ]


class TaskForm(DsfrFormMixin, forms.Form):
    reference = forms.CharField(
        label="Dossier (référence)",
        max_length=20,
        error_messages={"required": "Indiquez la référence du dossier."},
    )
    title = forms.CharField(
        label="Tâche",
        max_length=300,
        error_messages={
            "required": "Décrivez la tâche.",
            "max_length": "La tâche tient en 300 caractères au plus.",
        },
    )
    due_on = FrenchDateField(label="Échéance", required=False)
    assigned_to = forms.ChoiceField(
        label="Confiée à",
        required=False,
        error_messages={"invalid_choice": "La personne choisie n'est pas de votre organisme."},
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].choices = _member_choices(members)


class AssignForm(DsfrFormMixin, forms.Form):
    assigned_to = forms.ChoiceField(
        label="Confiée à",
        required=False,
        error_messages={"invalid_choice": "La personne choisie n'est pas de votre organisme."},
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].choices = _member_choices(members)
