"""The household's panels written in Python (prevex/households/panels_html.py): every value
escaped whatever it holds, each group's fields shown only when the view holds them, and
a form sent with errors shown in place."""

import datetime
import re
from decimal import Decimal
from html.parser import HTMLParser

from django.test import RequestFactory
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from prevex.access.groups import FieldGroup
from prevex.households.panels_html import dwelling_html, health_html, identity_html, social_html
from prevex.households.selectors import HouseholdView, PersonView

ALLOWED_TAGS = {"section", "h2", "h3", "ul", "li", "strong", "p", "span", "br", "div", "a"}


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.text.append(" ")

    def handle_endtag(self, tag):
        self.text.append(" ")

    def handle_data(self, data):
        self.text.append(data)


def _read(html: str) -> tuple[set[str], str]:
    reader = _Reader()
    reader.feed(str(html))
    return set(reader.tags), " ".join("".join(reader.text).split())


def _words(value: str) -> str:
    return " ".join(value.split())


plain = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=20)
markup = st.sampled_from(
    ["<script>alert(1)</script>", "<b>gras</b>", "<img src=x>", '"><i>', "&amp;", "<", ""]
)
# Free text with, somewhere, what a partner's export may hold: markup, entities, quotes.
text = st.builds(lambda a, m, b: a + m + b, plain, markup, plain).filter(lambda s: s.strip())


def _view(values, groups=frozenset(FieldGroup)) -> HouseholdView:
    holder = PersonView(values[0], values[1], "Titulaire du bail", datetime.date(1980, 3, 4))
    child = PersonView(values[2], values[3], "Enfant", None)
    return HouseholdView(
        id=7,
        reference="93-2026-000007",
        groups=groups,
        holders=[holder],
        address=values[4],
        address_complement=values[5],
        postal_code="93200",
        commune_name=values[6],
        commune_insee="93066",
        landlord_label=values[7],
        lease_date=datetime.date(2001, 12, 31),
        composition_label="Couple avec enfants",
        members=[holder, child],
        contacts=[("Téléphone", values[8])],
        informed_on=datetime.date(2024, 1, 2),
        rent=Decimal("1234.50"),
        charges=Decimal("80"),
        monthly_resources=Decimal("1500"),
        resources_note=values[9],
        social_evaluation=values[10],
        social_written_at=timezone.make_aware(datetime.datetime(2026, 5, 6, 14, 30)),
        social_signature=values[11],
        vulnerabilities=[("Santé", values[12], datetime.date(2025, 5, 6))],
    )


@settings(max_examples=60, deadline=None)
@given(st.lists(text, min_size=13, max_size=13))
def test_every_value_is_escaped_and_shown(values):
    file = _view(values)
    request = RequestFactory().get("/")
    html = "".join(
        [
            identity_html(file),
            dwelling_html(file),
            social_html(file, request=request, form=None),
            health_html(file, request=request, form=None),
        ]
    )
    tags, shown = _read(html)
    assert tags <= ALLOWED_TAGS  # nothing a value holds became markup
    for n, value in enumerate(values):
        if n in (1, 3):  # last names are shown in capitals
            value = value.upper()
        for line in value.splitlines():
            if line.strip():
                assert _words(line) in shown


def test_what_the_panels_say():
    values = ["Ana", "da Silva", "Léo", "da Silva", "3 rue A", "Bât <B>", "Saint-Denis"]
    values += ["OPH & Co", "06 12", "note", "ligne 1\nligne 2", "Paule Martin", "asthme"]
    file = _view(values)
    request = RequestFactory().get("/")
    _, identity = _read(identity_html(file))
    assert "DA SILVA Ana — Titulaire du bail, né(e) le 04/03/1980" in identity
    assert "Autres occupants : Léo DA SILVA (enfant)" in identity
    assert "Téléphone : 06 12" in identity
    assert "informé de l'utilisation de ses données le 02/01/2024" in identity
    _, dwelling = _read(dwelling_html(file))
    assert "3 rue A Bât <B> 93200 Saint-Denis (INSEE 93066)" in dwelling
    assert "Bailleur : OPH & Co" in dwelling and "Date du bail : 31/12/2001" in dwelling
    assert "Loyer : 1 234,50 € + charges 80,00 €" in dwelling
    social = str(social_html(file, request=request, form=None))
    assert "ligne 1<br>ligne 2" in social
    assert re.search(r"Version du 06/05/2026 à \d\d:30, Paule Martin\.", _read(social)[1])
    assert 'hx-get="/menages/7/evaluation-sociale/versions/"' in social
    _, health = _read(health_html(file, request=request, form=None))
    assert "Santé — asthme (06/05/2025)" in health


def test_fields_outside_the_readers_groups_are_not_written():
    values = ["Ana", "Nom", "Léo", "Nom", "adresse", "", "Saint-Denis", "OPH", "0612"]
    values += ["n", "e", "s", "v"]
    file = _view(values, groups=frozenset({FieldGroup.LEASE}))
    _, identity = _read(identity_html(file))
    assert "Ana" in identity and "Composition" not in identity and "0612" not in identity
    _, dwelling = _read(dwelling_html(file))
    assert "Loyer" not in dwelling  # the rent is PROCEDURE data
    empty = HouseholdView(id=1, reference="R", groups=frozenset(FieldGroup))
    _, dwelling = _read(dwelling_html(empty))
    assert "Bailleur : non renseigné" in dwelling and "Date du bail : inconnue" in dwelling
    _, health = _read(health_html(empty, request=None, form=None))
    assert "Aucune vulnérabilité signalée." in health
