"""Login, second factor and organisation choice forms (French messages, DSFR classes)."""

import re

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate

from prevex.core.forms import DsfrFormMixin

from .selectors import login_username

INVALID_CREDENTIALS = (
    "Identifiant ou mot de passe incorrect. Vérifiez votre saisie "
    "(les majuscules comptent) et réessayez."
)
DEMO_REFUSED = (
    "Ce compte de démonstration ne peut pas se connecter : la plateforme n'est pas "
    "en mode démonstration. Utilisez votre compte personnel."
)
TOKEN_FORMAT = (
    "Saisissez le code à 6 chiffres affiché par votre application d'authentification, ou "
    "l'un de vos codes de secours (10 caractères)."
)
TOKEN_WRONG = (
    "Code incorrect ou expiré. Saisissez le code affiché en ce moment par votre application "
    "et vérifiez que l'heure de votre téléphone est juste."
)
TOKEN_THROTTLED = (
    "Trop de codes erronés pour ce compte : patientez quelques instants avant de réessayer."
)
MEMBERSHIP_INVALID = (
    "Cette organisation ne fait pas partie de vos rattachements. Choisissez une organisation "
    "dans la liste."
)


class LoginForm(DsfrFormMixin, forms.Form):
    username = forms.CharField(
        label="Identifiant ou adresse électronique",
        max_length=254,
        error_messages={"required": "Saisissez votre identifiant ou votre adresse électronique."},
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    password = forms.CharField(
        label="Mot de passe",
        strip=False,
        error_messages={"required": "Saisissez votre mot de passe."},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request, *args, **kwargs):
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        identifier, password = cleaned.get("username"), cleaned.get("password")
        if not identifier or not password:
            return cleaned
        # The request is passed so that django-axes counts failures and locks out.
        user = authenticate(
            self.request, username=login_username(identifier=identifier), password=password
        )
        if user is None:
            raise forms.ValidationError(INVALID_CREDENTIALS, code="invalid_login")
        if user.is_demo and not settings.DEMO_MODE:
            raise forms.ValidationError(DEMO_REFUSED, code="demo_refused")
        self.user = user
        return cleaned


class TokenForm(DsfrFormMixin, forms.Form):
    token = forms.CharField(
        label="Code à usage unique",
        help_text="6 chiffres, renouvelés toutes les 30 secondes ; ou un code de secours.",
        max_length=12,
        error_messages={"required": TOKEN_FORMAT, "max_length": TOKEN_FORMAT},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": "8"}
        ),
    )

    def clean_token(self):
        token = re.sub(r"[\s-]", "", self.cleaned_data["token"]).lower()
        if not re.fullmatch(r"\d{6}|[a-z2-7]{10}", token):
            raise forms.ValidationError(TOKEN_FORMAT, code="format")
        return token


class ChooseOrganisationForm(forms.Form):
    membership = forms.TypedChoiceField(
        label="Organisation pour laquelle vous agissez",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choisissez une organisation.",
            "invalid_choice": MEMBERSHIP_INVALID,
        },
    )

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.memberships = {m.pk: m for m in memberships}
        self.fields["membership"].choices = [
            (m.pk, f"{m.organisation.name} · {m.get_role_display()}") for m in memberships
        ]

    @property
    def chosen(self):
        return self.memberships[self.cleaned_data["membership"]]
