"""Forms of the intake pages: file upload and correction of a quarantined row."""

from django import forms

from prevex.core.forms import DsfrFormMixin

from .columns import COLUMNS
from .models import ReviewDecision
from .parsing import MAX_BYTES
from .validation import CELL_LIMIT, FieldError

TOO_BIG = "Fichier trop volumineux : 50 Mo au plus. Découpez-le en plusieurs fichiers."


class UploadForm(DsfrFormMixin, forms.Form):
    fichier = forms.FileField(
        label="Fichier à importer",
        help_text="CSV (séparateur ; ou ,) ou XLSX, une ligne d'en-tête, 50 Mo au plus.",
        error_messages={
            "required": "Choisissez un fichier.",
            "empty": "Le fichier est vide : aucune ligne à importer.",
            "invalid": "Fichier illisible.",
        },
    )

    def __init__(self, *args, too_big: bool = False, **kwargs):
        """``too_big``: the upload was cut while it arrived (uploads.py), so the field
        received no file."""
        super().__init__(*args, **kwargs)
        self.too_big = too_big

    def clean_fichier(self):
        upload = self.cleaned_data["fichier"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(TOO_BIG)
        return upload

    def clean(self):
        if self.too_big:
            self.errors.pop("fichier", None)
            self.add_error("fichier", TOO_BIG)
        return super().clean()


class RowCorrectionForm(DsfrFormMixin, forms.Form):
    """One text field per column, filled with the row as received (or last corrected)."""

    def __init__(self, *args, row=None, errors: list[FieldError] = (), **kwargs):
        super().__init__(*args, **kwargs)
        raw = (row.raw if row is not None else {}) or {}
        self.row_errors = {}
        for error in errors:
            self.row_errors.setdefault(error.column, []).append(error.message)
        for column, label in COLUMNS.items():
            widget = (
                forms.Textarea(attrs={"rows": 2, "class": "fr-input"})
                if column == "observations"
                else forms.TextInput(attrs={"class": "fr-input"})
            )
            self.fields[column] = forms.CharField(
                label=label,
                required=False,
                max_length=CELL_LIMIT,
                strip=False,
                initial=raw.get(column, ""),
                widget=widget,
                help_text=f"colonne « {column} » du fichier",
                error_messages={"max_length": f"{CELL_LIMIT} caractères au plus."},
            )
        self.dsfr_widgets(COLUMNS)
        for column in self.row_errors:
            self.dsfr_invalid(column)

    def row_messages(self) -> list[str]:
        """Messages about the row as a whole (cells beyond the header…): no field holds them."""
        return [
            m for column, msgs in self.row_errors.items() if column not in COLUMNS for m in msgs
        ]

    def fields_with_errors(self):
        """(bound field, messages of the last validation) — columns in error first."""
        first = [(self[c], self.row_errors[c]) for c in COLUMNS if c in self.row_errors]
        others = [(self[c], []) for c in COLUMNS if c not in self.row_errors]
        return first + others


class ReviewDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[c for c in ReviewDecision.choices if c[0] != ReviewDecision.ANONYMISE]
    )
    household_id = forms.IntegerField(required=False)
