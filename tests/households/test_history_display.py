"""``households.history.display`` and ``label`` keep what they look up once per field:
the values they give must stay those read from the field itself (choices, amounts,
dates, plain text), and a verbose name that is a translation still follows the active
language."""

import datetime
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import models
from django.utils import translation

from prevex.households.history import display, label
from prevex.households.models import Household, Member
from prevex.procedures.models import Event, Procedure

VALUES = [None, "", "AUTRE", "CDP", "IMPAYES", "TITULAIRE", Decimal("1234.5"), 12.25, 7,
          datetime.date(2024, 2, 29), datetime.datetime(2024, 2, 29, 9, 5), "texte"]  # fmt: skip


def _expected(field, value) -> str:
    if value is None or value == "":
        return ""
    if field.flatchoices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal | float) or isinstance(field, models.DecimalField):
        return f"{Decimal(value):,.2f} €".replace(",", " ").replace(".", ",")
    return str(value)


def test_display_and_label_read_each_field_as_the_field_says():
    for model in (Household, Member, Procedure, Event):
        for field in model._meta.concrete_fields:
            if field.is_relation or field.primary_key:
                continue
            for _ in range(2):  # the second time from what was kept
                text = str(field.verbose_name)
                assert label(model, field.name) == text[:1].upper() + text[1:]
                for value in VALUES:
                    if isinstance(field, models.DecimalField) and isinstance(value, str):
                        continue
                    assert display(model, field.name, value) == _expected(field, value)


def test_a_translated_verbose_name_follows_the_language():
    with translation.override("en"):
        assert label(User, "username") == "Username"
    with translation.override("fr"):
        assert label(User, "username") == "Nom d’utilisateur"
    with translation.override("en"):
        assert label(User, "username") == "Username"
