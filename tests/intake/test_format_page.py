"""The import format page and the template file: what a sender reads before preparing
its file, built from the lists the import checks."""

import csv
import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import resolve_url

from prevex.accounts.models import OrganisationType
from prevex.intake import format_guide
from prevex.intake.columns import COLUMNS, REQUIRED_COLUMNS
from prevex.intake.models import ImportRow, RowStatus
from prevex.intake.validation import validate_row
from tests import factories
from tests.intake.conftest import row

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.intake.urls")]


def _page(client, login_as, membership) -> str:
    login_as(membership)
    response = client.get("/imports/format/")
    assert response.status_code == 200
    return response.content.decode()


def _acts_section(html: str) -> str:
    return html[html.index('id="actes"') : html.index('id="colonnes"')]


def test_the_page_lists_every_column_with_its_requirement(client, login_as, bailiff):
    html = _page(client, login_as, bailiff)
    for name, label in COLUMNS.items():
        assert f"<code>{name}</code>" in html and label.replace("'", "&#x27;") in html
    table = html[html.index('id="colonnes"') :]
    assert table.count('<td data-label="Obligatoire">oui</td>') == len(REQUIRED_COLUMNS)
    assert "pour jugement" in table and "pour assignation" in table


@pytest.mark.parametrize(
    ("org_type", "listed", "absent"),
    [
        (OrganisationType.COMMISSAIRE_JUSTICE, ["CDP", "ASSIGNATION", "CQL"], ["JUGEMENT"]),
        (OrganisationType.BAILLEUR_PRIVE, ["IMPAYE"], ["CDP", "JUGEMENT"]),
        (OrganisationType.TRIBUNAL, ["JUGEMENT"], ["CDP"]),
    ],
)
def test_the_page_lists_the_acts_of_the_readers_organisation(
    client, login_as, territory, org_type, listed, absent
):
    member = factories.MembershipFactory(organisation__type=org_type)
    html = _page(client, login_as, member)
    acts = _acts_section(html)
    for code in listed:
        assert f"<code>{code}</code>" in acts
    for code in absent:  # nowhere on the page, the columns' table included
        assert f"<code>{code}</code>" not in html


def test_an_organisation_without_acts_is_told_so(client, login_as, territory):
    member = factories.MembershipFactory(organisation__type=OrganisationType.BANQUE_DE_FRANCE)
    acts = _acts_section(_page(client, login_as, member))
    assert "ne transmet pas d'actes par import" in acts and "<code>" not in acts


def test_every_listed_code_is_accepted_by_the_import(territory):
    """No drift between the page and the checks: each code shown for a closed list is
    read without error on its column."""
    for column, values in format_guide.CLOSED_LISTS.items():
        for code in values:
            fields = {column: code}
            if column in format_guide.REQUIRED_FOR and column != "type_acte":
                fields["type_acte"] = format_guide.REQUIRED_FOR[column]
            if column == "parc":  # checked against the landlord type: leave it out
                fields["bailleur_type"] = ""
            _, errors = validate_row(row(**fields))
            assert not [e for e in errors if e.column == column], (column, code, errors)


def test_the_template_filled_in_imports(client, login_as, bailiff):
    login_as(bailiff)
    response = client.get("/imports/modele.csv")
    assert response["Content-Disposition"].endswith('modele-import-actes.csv"')
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    header = next(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert header == list(COLUMNS)
    filled = io.StringIO()
    csv.writer(filled, delimiter=";").writerow([row().get(c, "") for c in header])
    content = response.content + filled.getvalue().encode("utf-8")
    client.post("/imports/", {"fichier": SimpleUploadedFile("modele.csv", content)})
    assert ImportRow.objects.get().status == RowStatus.IMPORTE


def test_the_import_page_links_the_format_and_the_template(client, login_as, bailiff):
    login_as(bailiff)
    html = client.get("/imports/").content.decode()
    assert 'href="/imports/format/"' in html and 'href="/imports/modele.csv"' in html


def test_anonymous_is_sent_to_the_login(client, territory):
    for url in ("/imports/format/", "/imports/modele.csv"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(resolve_url(settings.LOGIN_URL)), url
        assert "next=" in response["Location"], url
