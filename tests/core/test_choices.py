"""``choice_label`` shows what ``get_<field>_display()`` shows, for every field with
choices of every prevex model, and for an unknown value."""

from django.apps import apps

from prevex.core.choices import choice_label, choice_values, has_choices
from prevex.procedures.models import Stage


def test_choice_labels_are_those_of_django():
    checked = 0
    for model in apps.get_models():
        if not model.__module__.startswith("prevex."):
            continue
        for field in model._meta.concrete_fields:
            if not field.choices:
                assert not has_choices(model, field.name)
                continue
            assert has_choices(model, field.name)
            for value in [*(v for v, _ in field.flatchoices), "INCONNU"]:
                instance = model(**{field.attname: value})
                display = getattr(instance, f"get_{field.name}_display")()
                assert choice_label(model, field.name, value) == str(display)
                checked += 1
    assert checked > 100


def test_choice_values_are_the_values():
    assert choice_values(Stage) == frozenset(Stage.values)
