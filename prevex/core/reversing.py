"""``reverse()`` once per URL name, not once per link.

A file page draws some twenty links to views that take an id. Django's ``reverse()``
walks the resolver for each, a few tens of microseconds every time. Here a URL name
called with ids only is reversed once, with stand-in ids, into a pattern in which the
real ids are then written. Anything else (a string argument, an id out of range, a
pattern that refuses the stand-ins or shows one twice) goes through ``reverse()``
unchanged, so the result is always the URL ``reverse()`` gives.

The ``{% url %}`` tag of every template uses it (``prevex.core.templatetags.prevex_urls``,
a template builtin); Python code may call :func:`reverse_ids` too.
"""

from __future__ import annotations

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse

# Stand-in ids: long enough never to occur by chance in a URL's fixed part.
_STAND_INS = (8_417_290_351_001, 8_417_290_351_002, 8_417_290_351_003, 8_417_290_351_004)
_MAX_ID = 2**63 - 1
_NO_PATTERN = ""  # cached: this name (with this shape) always goes through reverse()
_patterns: dict[tuple, str] = {}


def _is_id(value) -> bool:
    return type(value) is int and 0 <= value <= _MAX_ID


def _pattern(key: tuple, viewname: str, arg_count: int, names: tuple, current_app) -> str:
    stand_ins = iter(_STAND_INS)
    args = [next(stand_ins) for _ in range(arg_count)]
    kwargs = {name: next(stand_ins) for name in names}
    try:
        url = reverse(viewname, args=args or None, kwargs=kwargs or None, current_app=current_app)
    except Exception:  # the pattern refuses the stand-ins: reverse() answers each time
        _patterns[key] = _NO_PATTERN
        return _NO_PATTERN
    used = [*args, *kwargs.values()]
    if any(url.count(str(s)) != 1 for s in used):
        _patterns[key] = _NO_PATTERN
        return _NO_PATTERN
    _patterns[key] = url
    return url


def reverse_ids(viewname: str, args=None, kwargs=None, current_app=None) -> str:
    """``reverse(viewname, args=args, kwargs=kwargs)``, cached by shape when every
    argument is an id (a non-negative int)."""
    args = list(args or ())
    kwargs = dict(kwargs or {})
    values = [*args, *kwargs.values()]
    if len(values) > len(_STAND_INS) or not all(_is_id(v) for v in values):
        return reverse(viewname, args=args or None, kwargs=kwargs or None, current_app=current_app)
    names = tuple(sorted(kwargs))
    key = (viewname, len(args), names, current_app, get_script_prefix(), get_urlconf())
    url = _patterns.get(key)
    if url is None:
        url = _pattern(key, viewname, len(args), names, current_app)
    if url == _NO_PATTERN:
        return reverse(viewname, args=args or None, kwargs=kwargs or None, current_app=current_app)
    for stand_in, value in zip(_STAND_INS, [*args, *(kwargs[n] for n in names)], strict=False):
        url = url.replace(str(stand_in), str(value))
    return url


def clear() -> None:
    _patterns.clear()


@receiver(setting_changed)
def _urlconf_changed(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":
        clear()
