"""Labels of model choices without rebuilding the choices at each call.

``instance.get_FOO_display()`` and ``dict(field.flatchoices)`` flatten and hash the whole
list of choices every time; the history builders call them once per written row (tens
of thousands of times per import). Same labels, one dict per field.
"""

from __future__ import annotations

import functools

from django.db import models


@functools.cache
def _labels(model: type[models.Model], name: str) -> dict:
    return dict(model._meta.get_field(name).flatchoices)


def has_choices(model: type[models.Model], name: str) -> bool:
    return bool(_labels(model, name))


def choice_label(model: type[models.Model], name: str, value) -> str:
    """What ``get_<name>_display()`` shows for ``value`` (the value itself if unknown)."""
    return str(_labels(model, name).get(value, value))


@functools.cache
def choice_values(choices: type[models.Choices]) -> frozenset:
    """``choices.values`` as a set, built once."""
    return frozenset(choices.values)
