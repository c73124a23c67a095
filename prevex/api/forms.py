from django import forms

from prevex.core.forms import DsfrFormMixin


class ApiTokenForm(DsfrFormMixin, forms.Form):
    name = forms.CharField(
        label="Libellé du jeton",
        max_length=120,
        help_text="Pour le reconnaître : logiciel ou service qui l'utilisera (ex. « Logiciel "
        "de l'étude, envoi quotidien »).",
        widget=forms.TextInput(attrs={"class": "fr-input", "autocomplete": "off"}),
    )

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Donnez un libellé au jeton.")
        return name
