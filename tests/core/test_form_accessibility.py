"""A field's error is tied to its input for assistive technologies: the input names its
messages block (``aria-describedby``), the block exists with the error in it, and the
input says it is invalid (``aria-invalid``, DSFR error class) — on the product's forms
(prevex.core.forms.DsfrFormMixin, includes/field.html), the sign-in forms included, and
on the quarantine row editor, whose fields are added after the form is built."""

from html.parser import HTMLParser

import pytest
from django import forms
from django.template.loader import render_to_string

from prevex.accounts.forms import LoginForm
from prevex.accounts.models import OrganisationType
from prevex.core.forms import DsfrFormMixin
from tests.households.test_holder_correction import _form, holder  # noqa: F401 (fixture)
from tests.pages.test_adversarial_forms import secretariat_file  # noqa: F401 (fixture)


class _Elements(HTMLParser):
    """Every element's attributes, and the text inside each element that has an id."""

    def __init__(self):
        super().__init__()
        self.elements: list[dict] = []
        self.text_by_id: dict[str, str] = {}
        self._open: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        attributes["<tag>"] = tag
        self.elements.append(attributes)
        if tag not in ("input", "br", "img", "meta", "link"):
            self._open.append((tag, attributes.get("id")))

    def handle_endtag(self, tag):
        while self._open:
            open_tag, _ = self._open.pop()
            if open_tag == tag:
                break

    def handle_data(self, data):
        for _, element_id in self._open:
            if element_id:
                self.text_by_id[element_id] = self.text_by_id.get(element_id, "") + data


def _parse(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    return parser


def _input(parsed: _Elements, name: str) -> dict:
    found = [e for e in parsed.elements if e.get("name") == name and e["<tag>"] != "form"]
    assert len(found) == 1, (name, found)
    return found[0]


def _render(form) -> str:
    return "".join(render_to_string("includes/field.html", {"field": field}) for field in form)


class _Form(DsfrFormMixin, forms.Form):
    name = forms.CharField(label="Nom", max_length=5)
    kind = forms.ChoiceField(label="Type", choices=[("A", "A"), ("B", "B")])
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea)
    agree = forms.BooleanField(label="D'accord", required=False)


def _assert_tied(parsed: _Elements, name: str, *, error: str | None) -> None:
    element = _input(parsed, name)
    messages = element.get("aria-describedby")
    assert messages == f"{element['id']}-messages"
    assert messages in parsed.text_by_id, f"no element with id {messages}"
    if error is None:
        assert "aria-invalid" not in element
        assert parsed.text_by_id[messages].strip() == ""
    else:
        assert element.get("aria-invalid") == "true"
        assert error in parsed.text_by_id[messages]


def test_an_error_is_announced_with_its_input_and_a_valid_field_is_not_marked():
    form = _Form(data={"name": "trop long", "kind": "Z", "note": "ok"})
    assert not form.is_valid()
    parsed = _parse(_render(form))

    _assert_tied(parsed, "name", error="Assurez-vous que cette valeur comporte au plus 5")
    _assert_tied(parsed, "kind", error="Sélectionnez un choix valide")
    _assert_tied(parsed, "note", error=None)
    assert "fr-input--error" in _input(parsed, "name")["class"].split()
    assert "fr-input--error" not in _input(parsed, "kind")["class"].split()  # the group's
    assert "fr-select" in _input(parsed, "kind")["class"].split()
    box = _input(parsed, "agree")
    assert "aria-describedby" not in box and "aria-invalid" not in box


def test_an_unbound_form_marks_nothing_invalid_and_a_prefix_keeps_ids_consistent():
    parsed = _parse(_render(_Form(prefix="deux")))
    element = _input(parsed, "deux-name")
    assert element["id"] == "id_deux-name"
    _assert_tied(parsed, "deux-name", error=None)


def test_an_error_added_by_the_view_after_validation_is_tied_too():
    form = _Form(data={"name": "ok", "kind": "A"})
    assert form.is_valid()
    form.add_error("note", "Refusé par le service.")
    _assert_tied(_parse(_render(form)), "note", error="Refusé par le service.")


def test_the_sign_in_form_uses_the_shared_mixin():
    form = LoginForm(None, data={"username": "", "password": ""})
    assert isinstance(form, DsfrFormMixin) and not form.is_valid()
    html = "".join(
        render_to_string("accounts/_input.html", {"field": form[name]}) for name in form.fields
    )
    _assert_tied(_parse(html), "username", error="Saisissez votre identifiant")


@pytest.mark.django_db
def test_the_household_edit_page_ties_its_error_to_the_birth_date_input(holder):  # noqa: F811
    client, household, _ = holder
    response = client.post(
        f"/menages/{household.pk}/modifier/", _form(household, holder_birth_date="32/13/1985")
    )
    assert response.status_code == 200
    parsed = _parse(response.content.decode())
    _assert_tied(
        parsed, "holder_birth_date", error="Date invalide : utilisez le format JJ/MM/AAAA."
    )
    _assert_tied(parsed, "holder_last_name", error=None)


def test_the_quarantine_row_editor_ties_the_import_errors_to_their_cells():
    """The row editor's fields are added after the form is built, and its errors come
    from the import's validation, not from the form: each cell in error is still marked
    and tied to the message shown under it."""
    from types import SimpleNamespace

    from prevex.intake.forms import RowCorrectionForm
    from prevex.intake.validation import FieldError

    row = SimpleNamespace(pk=7, sent_line=3, sent_batch_id=2, raw={"code_postal": "9320"})
    message = "Code postal invalide : 5 chiffres attendus."
    form = RowCorrectionForm(row=row, errors=[FieldError("code_postal", "9320", message)])
    html = render_to_string("intake/_row_form.html", {"row": row, "form": form})
    parsed = _parse(html)

    _assert_tied(parsed, "code_postal", error=message)
    _assert_tied(parsed, "commune", error=None)


@pytest.mark.django_db
def test_the_import_upload_ties_its_error_to_the_file_input(client, login_as):
    """The import's file input is written by hand (DSFR upload): it names its messages
    block too, and says it is invalid when the file is refused."""
    from tests.factories import MembershipFactory

    login_as(MembershipFactory(organisation__type=OrganisationType.COMMISSAIRE_JUSTICE))
    response = client.post("/imports/", {})
    assert response.status_code == 200
    _assert_tied(_parse(response.content.decode()), "fichier", error="Choisissez un fichier.")
