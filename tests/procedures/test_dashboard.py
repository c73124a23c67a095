"""The dashboard's list of procedures: order, bounded count, pages, export."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils.html import strip_tags

from prevex.core import clock
from prevex.procedures import listing
from prevex.procedures.models import Event, Outcome, Procedure, Stage
from tests.factories import (
    HouseholdFactory,
    MemberFactory,
    MembershipFactory,
    OrganisationFactory,
    commune,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def ccapex(login_as):
    commune()
    membership = MembershipFactory(organisation=OrganisationFactory(ccapex=True))
    login_as(membership)
    clock.freeze(datetime.date(2024, 6, 1))
    return membership


def _procedure(name: str, *, deadline=None, closed=False) -> Procedure:
    household = HouseholdFactory()
    MemberFactory(household=household, last_name=name, first_name="Jean")
    procedure = Procedure.objects.create(
        household=household,
        departement_id="93",
        opened_on=datetime.date(2024, 5, 2),
        closed_on=datetime.date(2024, 5, 20) if closed else None,
        outcome=Outcome.DETTE_SOLDEE if closed else "",
        stage=Stage.CDP,
        stage_date=datetime.date(2024, 5, 2),
        current_debt=Decimal("1500"),
        key_deadline=deadline,
    )
    Event.objects.create(procedure=procedure, stage=Stage.CDP, date=datetime.date(2024, 5, 2))
    return procedure


def _text(response) -> str:
    return re.sub(r"\s+", " ", strip_tags(response.content.decode()))


def _names(response) -> list[str]:
    return re.findall(r"(NOM\d+) Jean", _text(response))


def test_open_procedures_soonest_deadline_first_and_without_deadline_last(client, ccapex):
    _procedure("Nom1", deadline=None)
    _procedure("Nom2", deadline=datetime.date(2024, 7, 1))
    _procedure("Nom3", deadline=datetime.date(2024, 6, 10))
    _procedure("Nom4", deadline=datetime.date(2024, 6, 5), closed=True)
    response = client.get("/dossiers/")
    assert _names(response) == ["NOM3", "NOM2", "NOM1"]
    assert "Dossiers (3)" in _text(response)
    assert "Page 1" not in _text(response)  # one page: no pagination


def test_beyond_the_cap_the_list_says_more_and_pages_on(client, ccapex, monkeypatch):
    monkeypatch.setattr(listing, "COUNT_CAP", 3)
    monkeypatch.setattr(listing, "PAGE_SIZE", 2)
    for i in range(5):
        _procedure(f"Nom{i}", deadline=datetime.date(2024, 6, 10 + i))
    first = client.get("/dossiers/")
    text = _text(first)
    assert "Dossiers (plus de 3)" in text
    assert "Page 1 " in text and "Page 1 sur" not in text
    assert _names(first) == ["NOM0", "NOM1"]
    assert "page=2" in first.content.decode()
    third = client.get("/dossiers/?page=3")
    assert _names(third) == ["NOM4"]
    assert "Page suivante" not in _text(third)
    assert "Page précédente" in _text(third)
    # Past the end, or a bad number: the last page, the first page.
    assert _names(client.get("/dossiers/?page=99")) == ["NOM4"]
    assert _names(client.get("/dossiers/?page=abc")) == ["NOM0", "NOM1"]


def test_under_the_cap_the_count_is_exact_and_pages_are_numbered(client, ccapex, monkeypatch):
    monkeypatch.setattr(listing, "PAGE_SIZE", 2)
    for i in range(3):
        _procedure(f"Nom{i}", deadline=datetime.date(2024, 6, 10 + i))
    text = _text(client.get("/dossiers/"))
    assert "Dossiers (3)" in text
    assert "Page 1 sur 2" in text
    assert _names(client.get("/dossiers/?page=7")) == ["NOM2"]


def test_the_list_read_is_journaled_with_its_page(client, ccapex):
    from prevex.audit.models import AccessLog

    _procedure("Nom1", deadline=datetime.date(2024, 6, 10))
    before = AccessLog.objects.count()
    client.get("/dossiers/")
    assert AccessLog.objects.count() == before + 1


def _export(client, url: str) -> str:
    return b"".join(client.get(url).streaming_content).decode("utf-8-sig")


def test_export_follows_the_filters_and_neutralises_formulas(client, ccapex):
    _procedure("=HYPERLINK", deadline=datetime.date(2024, 6, 10))
    _procedure("Nom2", deadline=None, closed=True)
    body = _export(client, "/menages/export.csv")
    lines = body.strip().splitlines()
    assert lines[0] == "référence;titulaire;commune;parc;étape;date;dette;échéance"
    assert len(lines) == 2  # open procedures only, as on the list
    assert ";'=HYPERLINK Jean;" in lines[1]
    assert "10/06/2024" in lines[1]
    everything = _export(client, "/menages/export.csv?status=tous")
    assert len(everything.strip().splitlines()) == 3


@pytest.mark.parametrize(
    "query", ["status=clos&deadline_days=-1", "status=clos&deadline_days=abc", "stage=INCONNU"]
)
def test_an_invalid_filter_refuses_the_export_instead_of_exporting_everything(
    client, ccapex, query
):
    """A wrong filter once gave the whole list of open files in place of the filtered one
    (the form's errors were ignored): the export says which filter is wrong, in French,
    and exports nothing (nothing journaled)."""
    from prevex.audit.models import AccessLog

    _procedure("Ouvert", deadline=datetime.date(2024, 6, 10))
    before = AccessLog.objects.count()
    response = client.get(f"/menages/export.csv?{query}")
    assert response.status_code == 400
    assert not getattr(response, "streaming", False)
    text = strip_tags(response.content.decode())
    assert "un filtre est invalide" in text
    assert "Ouvert" not in text
    assert AccessLog.objects.count() == before
    valid = _export(client, "/menages/export.csv?status=clos")
    assert len(valid.strip().splitlines()) == 1  # header only: no closed file


def test_export_streams_every_row_with_french_decimals_and_the_lease_holder(
    client, ccapex, monkeypatch
):
    """No cap: more rows than a chunk; debts as « 1234,56 »; the holder, not the co-holder;
    the export journaled once."""
    from prevex.audit.models import AccessLog
    from prevex.households.models import MemberRole
    from prevex.procedures import dashboard

    monkeypatch.setattr(dashboard, "EXPORT_CHUNK", 2)
    for i in range(5):
        p = _procedure(f"Nom{i}", deadline=datetime.date(2024, 6, 10 + i))
        Procedure.objects.filter(pk=p.pk).update(current_debt=Decimal("1234.56") + i)
    household = Procedure.objects.order_by("id").first().household
    MemberFactory(
        household=household, role=MemberRole.COTITULAIRE, last_name="Aaron", first_name="Zoé"
    )
    before = AccessLog.objects.count()
    response = client.get("/menages/export.csv")
    assert response.streaming
    lines = b"".join(response.streaming_content).decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 6
    assert lines[1].split(";")[1] == "Nom0 Jean"  # the lease holder, not « Aaron Zoé »
    assert lines[1].split(";")[6] == "1234,56"
    assert lines[5].split(";")[6] == "1238,56"
    assert AccessLog.objects.count() == before + 1
