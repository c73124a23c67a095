"""reverse_ids and the ``{% url %}`` builtin give exactly Django's reverse()."""

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from prevex.core import reversing
from prevex.core.reversing import reverse_ids


def _named_routes(patterns=None, namespace="", outer=None):
    """(name, {parameter: converter}) of every named route of the project."""
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        converters = {**(outer or {}), **entry.pattern.converters}
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _named_routes(entry.url_patterns, inner, converters)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", converters


ID_ROUTES = [
    (name, params)
    for name, params in _named_routes()
    if params and all(type(c).__name__ in ("IdConverter", "IntConverter") for c in params.values())
]
ids = st.integers(min_value=0, max_value=2**63 - 1)


def test_the_project_has_routes_with_ids():
    assert len(ID_ROUTES) > 20


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_every_id_route_gives_what_reverse_gives(data):
    name, params = data.draw(st.sampled_from(ID_ROUTES))
    values = [data.draw(ids) for _ in params]
    try:
        expected = reverse(name, kwargs=dict(zip(params, values, strict=True)))
    except NoReverseMatch:
        expected = None
    kwargs = dict(zip(params, values, strict=True))
    if expected is None:
        with pytest.raises(NoReverseMatch):
            reverse_ids(name, kwargs=kwargs)
    else:
        assert reverse_ids(name, kwargs=kwargs) == expected
        assert reverse_ids(name, kwargs=kwargs) == expected  # cached pattern, same answer


def test_positional_ids_and_other_arguments_fall_back_to_reverse():
    name, params = ID_ROUTES[0]
    values = list(range(7, 7 + len(params)))
    assert reverse_ids(name, args=values) == reverse(name, args=values)
    # A string id is not cached by shape: reverse() answers (and refuses a bad one).
    with pytest.raises(NoReverseMatch):
        reverse_ids(name, args=["abc"] * len(params))
    with pytest.raises(NoReverseMatch):
        reverse_ids(name, args=[2**64] * len(params))  # out of range: the route refuses it
    with pytest.raises(NoReverseMatch):
        reverse_ids("pas:une-route", args=[1])


def test_one_reverse_per_name_and_shape_then_substitutions(monkeypatch):
    reversing.clear()
    calls = []
    real = reversing.reverse

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(reversing, "reverse", counting)
    name, params = ID_ROUTES[0]
    for value in (1, 2, 3):
        reverse_ids(name, args=[value] * len(params))
    assert len(calls) == 1  # one reverse() for the shape, then only substitutions
    assert reverse_ids("households:detail", args=[12]) == reverse("households:detail", args=[12])


def test_the_url_tag_of_every_template_uses_it_with_the_same_result():
    template = Template(
        "{% url 'households:detail' hid %}|{% url 'households:detail' household_id=hid %}|"
        "{% url 'pas:une-route' as missing %}[{{ missing }}]|{% url 'households:export' %}"
    )
    rendered = template.render(Context({"hid": 42}))
    expected = reverse("households:detail", args=[42])
    assert rendered == f"{expected}|{expected}|[]|{reverse('households:export')}"
    assert type(template.nodelist[0]).__name__ == "IdURLNode"
