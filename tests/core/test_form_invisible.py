"""Text typed in a form is cleaned of invisible format characters (zero-width spaces,
direction marks, BOM, soft hyphen) and NUL before it is validated: a value made of them
alone is empty, a name that holds one is saved without it (prevex.core.forms)."""

import pytest
from django import forms
from hypothesis import given, settings
from hypothesis import strategies as st

from prevex.core.forms import DsfrFormMixin
from prevex.households.models import Member
from tests.households.test_holder_correction import _form, holder  # noqa: F401 (fixture)
from tests.pages.test_adversarial_forms import secretariat_file  # noqa: F401 (fixture)

INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u202a\u202e\u2060\u2066\ufeff\u00ad\u061c\x00"


class _Form(DsfrFormMixin, forms.Form):
    name = forms.CharField(max_length=20)
    note = forms.CharField(required=False, widget=forms.Textarea)
    secret = forms.CharField(required=False, widget=forms.PasswordInput)


def test_a_value_of_invisible_characters_alone_is_required_in_french():
    form = _Form(data={"name": "\ufeff \u200b\u00a0\u2060"})
    assert not form.is_valid()
    assert form.errors["name"] == ["Ce champ est obligatoire."]


def test_a_password_is_left_as_typed():
    form = _Form(data={"name": "x", "secret": "a\u200bb"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["secret"] == "a\u200bb"


@settings(deadline=None)  # a loaded machine is no failure of the cleaning
@given(
    text=st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cf", "Cc")), max_size=15),
    noise=st.lists(st.sampled_from(INVISIBLE), max_size=6),
    at=st.lists(st.integers(min_value=0, max_value=15), max_size=6),
)
def test_invisible_characters_never_reach_the_cleaned_value(text, noise, at):
    typed = text
    for char, index in zip(noise, at, strict=False):
        typed = typed[:index] + char + typed[index:]
    plain, noisy = _Form(data={"name": text}), _Form(data={"name": typed, "note": typed})
    assert plain.is_valid() == noisy.is_valid()
    if noisy.is_valid():
        assert noisy.cleaned_data["name"] == plain.cleaned_data["name"]
        assert not set(noisy.cleaned_data["note"]) & set(INVISIBLE)


@pytest.mark.django_db
def test_the_edit_form_refuses_an_address_of_a_bom_alone_and_writes_nothing(holder):  # noqa: F811
    client, household, member = holder
    address = household.address
    response = client.post(
        f"/menages/{household.pk}/modifier/",
        _form(household, address="\ufeff", holder_first_name="Sam\u200bira"),
    )
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in response.content.decode()
    household.refresh_from_db()
    member.refresh_from_db()
    assert household.address == address and member.first_name == "Samia"


@pytest.mark.django_db
def test_a_name_typed_with_a_zero_width_space_is_saved_without_it(holder):  # noqa: F811
    client, household, member = holder
    response = client.post(
        f"/menages/{household.pk}/modifier/", _form(household, holder_first_name="Sam\u200bira")
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.first_name == "Samira"
    assert Member.objects.filter(household=household, first_name__contains="\u200b").count() == 0


def _product_forms():
    import importlib
    import pkgutil

    import prevex

    for module in pkgutil.walk_packages(prevex.__path__, "prevex."):
        if module.name.rsplit(".", 1)[-1].startswith("forms"):
            importlib.import_module(module.name)
    seen, todo = set(), [forms.BaseForm]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
    return sorted(
        (c for c in seen if c.__module__.startswith("prevex.")), key=lambda c: c.__qualname__
    )


def test_every_product_form_with_free_text_cleans_invisible_characters():
    """Found by an independent probe: a referral to a commission whose « exposé » was a
    zero-width space alone was saved (its form was a plain Form). Every form of the
    product with a text field gets the cleaning of DsfrFormMixin."""
    missing = [
        f"{cls.__module__}.{cls.__qualname__}"
        for cls in _product_forms()
        if any(
            isinstance(f, forms.CharField) and not isinstance(f.widget, forms.PasswordInput)
            for f in cls.base_fields.values()
        )
        and not issubclass(cls, DsfrFormMixin)
    ]
    assert missing == []
