"""Form fields shared by the apps: French dates and amounts as people type them."""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django import forms

from prevex.core.text import clean_text

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


# Any date typed in a form lies between these (a sanity bound, not a business rule: the
# services keep their own, narrower ones). Year 1 or 9999 overflowed date arithmetic and
# time zones further on, and no eviction file holds them.
EARLIEST = datetime.date(1900, 1, 1)
LATEST = datetime.date(2100, 12, 31)
OUT_OF_RANGE = "Date hors des limites : entre le 01/01/1900 et le 31/12/2100."


def check_range(day: datetime.date | None) -> None:
    if day is not None and not (EARLIEST <= day <= LATEST):
        raise forms.ValidationError(OUT_OF_RANGE, code="out_of_range")


class FrenchDateField(forms.DateField):
    default_error_messages = {"invalid": "Date invalide : utilisez le format JJ/MM/AAAA."}

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATE_FORMATS)
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        check_range(value)


_AMOUNT_JUNK = re.compile(r"[\s\u00a0\u202f€]")
# What remains of a typed amount once spaces and « € » are gone: Western digits, one
# decimal point, a sign. Anything else (« 1e3 », « Infinity », Arabic-Indic digits that
# Python's Decimal would read) is refused rather than read in a way nobody typed.
_AMOUNT_TEXT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_EURO_DECIMAL = re.compile(r"([0-9])\s*€\s*([0-9]{1,2})\s*$")
_EURO_INSIDE = re.compile(r"[0-9]\s*€\s*[0-9]")
# « EUR », « euros » written after (or before) the figure, as « € » is.
_AMOUNT_CURRENCY = re.compile(r"^\s*(?:EUR|EUROS?)\b|\b(?:EUR|EUROS?)\s*$", re.IGNORECASE)
# Thousands grouped by the other separator than the decimal one, both written:
# « 1.240,50 » (French accounting exports), « 1,240.50 » (English).
_GROUPED = re.compile(r"[+-]?[0-9]{1,3}(?:([.,])[0-9]{3})+(?!\1)[.,][0-9]{1,2}")
# One separator followed by exactly three digits: thousands or decimals? (« 1.240 »)
_AMBIGUOUS = re.compile(r"[+-]?[1-9][0-9]{0,2}[.,][0-9]{3}")
# The same separator twice or more between groups of three: thousands (« 1.240.000 »).
_GROUPED_ONLY = re.compile(r"[+-]?[1-9][0-9]{0,2}(?:([.,])[0-9]{3})(?:\1[0-9]{3})+")


class AmountField(forms.DecimalField):
    """Accepts 1234.56, 1234,56 and « 1 234,56 € »; refuses negative amounts."""

    default_error_messages = {
        "invalid": "Montant invalide : saisissez un nombre, par exemple 1 234,56.",
        "min_value": "Le montant ne peut pas être négatif.",
        "max_digits": "Montant trop élevé.",
        "max_whole_digits": "Montant trop élevé.",
        "max_decimal_places": "Deux décimales au plus.",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 10)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0"))
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            typed = value
            # « 12€50 » is 12,50 € (the euro sign as decimal separator); a euro sign
            # between digits anywhere else is no amount (never 1250 €).
            value = _EURO_DECIMAL.sub(r"\1,\2", value)
            if _EURO_INSIDE.search(value):
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            value = _AMOUNT_JUNK.sub("", _AMOUNT_CURRENCY.sub("", value))
            if _GROUPED.fullmatch(value):  # the last separator is the decimal one
                cut = max(value.rfind("."), value.rfind(","))
                value = value[:cut].replace(".", "").replace(",", "") + "." + value[cut + 1 :]
            elif _GROUPED_ONLY.fullmatch(value):
                value = value.replace(".", "").replace(",", "")
            elif _AMBIGUOUS.fullmatch(value):
                raise forms.ValidationError(
                    f"Montant ambigu, « {typed.strip()} » : trois chiffres après le séparateur. "
                    "Deux décimales au plus. S'il s'agit de milliers, écrivez le montant sans "
                    "séparateur (1240).",
                    code="ambiguous",
                )
            value = value.replace(",", ".")
            if not value and typed.strip():
                # « € » alone is not an empty cell: something was typed, and no figure.
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            if value and not _AMOUNT_TEXT.fullmatch(value):
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            if value.startswith("-") and self.min_value is not None and self.min_value >= 0:
                # « -0 » is no amount anyone owes: a minus sign is refused, not dropped.
                raise forms.ValidationError(self.error_messages["min_value"], code="min_value")
        try:
            amount = super().to_python(value)
        except InvalidOperation:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        # Decimals before size: 1,123456789012 has too many decimals, it is not too high
        # (Django's validator checks the total number of digits first).
        exponent = amount.as_tuple().exponent if amount is not None else 0
        if (
            self.decimal_places is not None
            and isinstance(exponent, int)
            and -exponent > self.decimal_places
        ):
            raise forms.ValidationError(
                self.error_messages["max_decimal_places"], code="max_decimal_places"
            )
        return amount


def _without_invisible(to_python):
    """``to_python`` of a text field, given the typed value without the invisible format
    characters (zero-width spaces, direction marks, BOM…) and NUL: a value made of them
    alone is empty (« Ce champ est obligatoire. »), not a name or address that shows
    nothing."""

    def clean(value):
        if isinstance(value, str):
            value = clean_text(value)
        return to_python(value)

    return clean


# Widgets whose messages are not tied to one input (several inputs, or a box ticked).
_NO_DESCRIPTION = (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)


def _auto_id(form, name: str) -> str:
    """The id Django gives the field's input (``BoundField.auto_id``), without building
    the bound field: a subclass may still replace fields after ``__init__``."""
    auto_id, html_name = form.auto_id, form.add_prefix(name)
    if auto_id and "%s" in str(auto_id):
        return str(auto_id) % html_name
    return html_name if auto_id else ""


class DsfrFormMixin:
    """Adds the DSFR classes to widgets so templates can render fields simply, ties each
    input to its messages (``aria-describedby`` → ``<id>-messages``, the block that
    ``includes/field.html`` renders) and marks it invalid once an error is added
    (``aria-invalid``, DSFR error class), so that a screen reader reads the error with the
    field; and cleans every text field of invisible characters before it is validated."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and not isinstance(
                field.widget, forms.PasswordInput
            ):
                field.to_python = _without_invisible(field.to_python)
        self.dsfr_widgets(self.fields)

    def dsfr_widgets(self, names) -> None:
        """DSFR class and messages block of these fields' inputs (a form that adds fields
        after ``__init__`` calls it for them)."""
        for name in names:
            widget = self.fields[name].widget
            if isinstance(widget, _NO_DESCRIPTION) or widget.is_hidden:
                continue
            input_id = widget.attrs.get("id") or _auto_id(self, name)
            if input_id:
                widget.attrs["aria-describedby"] = f"{input_id}-messages"
            if isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "fr-select")
            else:
                widget.attrs.setdefault("class", "fr-input")

    def dsfr_invalid(self, name: str) -> None:
        """Mark this field's input invalid (its error is shown in its messages block)."""
        widget = self.fields[name].widget if name in self.fields else None
        if widget is None or isinstance(widget, _NO_DESCRIPTION) or widget.is_hidden:
            return
        classes = widget.attrs.get("class", "")
        if not isinstance(widget, forms.Select) and "fr-input--error" not in classes.split():
            widget.attrs["class"] = f"{classes} fr-input--error".strip()  # the group's for a select
        widget.attrs["aria-invalid"] = "true"

    def add_error(self, field, error):
        super().add_error(field, error)
        for name in self.errors:
            self.dsfr_invalid(name)
