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
            value = _AMOUNT_JUNK.sub("", value).replace(",", ".")
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


class DsfrFormMixin:
    """Adds the DSFR classes to widgets so templates can render fields simply, and cleans
    every text field of invisible characters before it is validated."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and not isinstance(
                field.widget, forms.PasswordInput
            ):
                field.to_python = _without_invisible(field.to_python)
            widget = field.widget
            if isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "fr-select")
            elif isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
                continue
            else:
                widget.attrs.setdefault("class", "fr-input")
