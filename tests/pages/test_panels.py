"""Composed pages: the panels the apps declare, in order, for the readers who may see them."""

import copy
import datetime

import pytest

from prevex.core import panels
from prevex.core.panels import FILE_PAGE, Panel, panels_of
from tests.factories import (
    HouseholdFactory,
    InvolvementFactory,
    MemberFactory,
    MembershipFactory,
    OrganisationFactory,
    commune,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def extra_panel():
    """A panel a new app would declare in its ``panels.py`` (e.g. the write history)."""
    calls = []

    def selector(subject):
        calls.append(subject)
        return {"note": f"Panneau du dossier {subject.file.reference}"}

    panel = panels.register(
        Panel(FILE_PAGE, "test-extra", "tests/extra_panel.html", selector, "main", 50, "SOCIAL")
    )
    yield calls
    del panels._panels[FILE_PAGE][panel.name]


@pytest.fixture(autouse=True)
def _extra_template(settings, tmp_path):
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "extra_panel.html").write_text('<p id="extra">{{ note }}</p>')
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], tmp_path]
    settings.TEMPLATES = templates  # assigned, so that the template engines are rebuilt


def test_the_apps_panels_are_declared_in_page_order():
    assert [p.name for p in panels_of(FILE_PAGE, slot="aside")] == [
        "household",
        "dwelling",
        "social",
        "health",
        "history",
    ]
    assert [p.name for p in panels_of(FILE_PAGE, slot="main")][0] == "procedures"
    assert [p.name for p in panels_of(panels.DASHBOARD)] == ["procedures"]


def test_a_declared_panel_shows_on_the_file_page_for_readers_of_its_group(
    client, login_as, extra_panel
):
    commune()
    household = HouseholdFactory()
    MemberFactory(household=household)
    login_as(MembershipFactory(organisation=OrganisationFactory(ccapex=True)))
    page = client.get(f"/menages/{household.pk}/").content.decode()
    assert f'<p id="extra">Panneau du dossier {household.reference}</p>' in page
    # After the procedures (order 10 < 50), in the main column.
    assert page.index("Procédures") < page.index('id="extra"')
    assert len(extra_panel) == 1


def test_a_panel_is_not_even_computed_for_a_reader_without_its_group(client, login_as, extra_panel):
    commune()
    household = HouseholdFactory()
    MemberFactory(household=household)
    landlord = OrganisationFactory(social_landlord=True)
    InvolvementFactory(household=household, organisation=landlord)
    login_as(MembershipFactory(organisation=landlord))
    response = client.get(f"/menages/{household.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="extra"' not in page
    assert "Évaluation sociale" not in page and "Vulnérabilités" not in page
    assert extra_panel == []


def test_a_domain_view_asks_for_a_composed_page_by_name(rf):
    with pytest.raises(LookupError, match="inconnue"):
        panels.render_page("pas-une-page", rf.get("/"))


def test_no_panel_selector_adds_a_query_on_the_file_page(client, login_as):
    """The household panels read the one file view the page built: the page's queries are
    the same whatever panels are declared (the procedures panel brings its own two)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    commune()
    household = HouseholdFactory()
    MemberFactory(household=household, birth_date=datetime.date(1980, 1, 1))
    login_as(MembershipFactory(organisation=OrganisationFactory(ccapex=True)))
    client.get(f"/menages/{household.pk}/")
    with CaptureQueriesContext(connection) as queries:
        client.get(f"/menages/{household.pk}/")
    sql = [q["sql"] for q in queries.captured_queries]
    assert sum("households_member" in s for s in sql) == 1
    assert sum("procedures_event" in s for s in sql) == 1
