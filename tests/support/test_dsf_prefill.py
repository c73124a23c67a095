"""The DSF's form starts from what the file knows (composition, debt), never writes it
until the social worker saves, and never replaces what was already written."""

import datetime
import html
import re
from decimal import Decimal

import pytest

from prevex.accounts.models import OrganisationType
from prevex.audit.models import WriteLog
from prevex.households.models import Member, MemberRole
from prevex.support import services
from prevex.support.models import Dsf

from .conftest import member_of


def _textarea(page: str, name: str) -> str:
    found = re.search(rf'<textarea[^>]*name="{name}"[^>]*>(.*?)</textarea>', page, re.S)
    assert found, f"no textarea {name}"
    return html.unescape(found.group(1)).strip()


def _input_value(page: str, name: str) -> str:
    found = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert found, f"no input {name}"
    value = re.search(r'value="([^"]*)"', found.group(0))
    return html.unescape(value.group(1)) if value else ""


def _family(household):
    Member.objects.filter(household=household).delete()
    people = [
        (MemberRole.TITULAIRE, "Diallo", "Awa", datetime.date(1983, 8, 31)),
        (MemberRole.COTITULAIRE, "Diallo", "Moussa", None),
        (MemberRole.ENFANT, "Diallo", "Inès", datetime.date(2015, 6, 1)),
        (MemberRole.ENFANT, "Diallo", "Sami", datetime.date(2019, 3, 11)),
    ]
    for role, last, first, birth in people:
        Member.objects.create(
            household=household, role=role, last_name=last, first_name=first, birth_date=birth
        )


@pytest.mark.django_db
def test_the_empty_form_starts_from_the_file_and_writes_nothing(file, client, login_as):
    household, procedure, worker = file
    _family(household)
    dsf = services.dsf_request(procedure=procedure, by=worker)
    writes = WriteLog.objects.count()
    login_as(worker)

    page = client.get(f"/suivi/dsf/{dsf.pk}/").content.decode()

    # Ages on the day (clock frozen on 10/03/2025 by the fixture): 41, 9 and 5.
    assert _textarea(page, "composition").splitlines() == [
        "Titulaire du bail : Awa DIALLO (41 ans)",
        "Cotitulaire : Moussa DIALLO",
        "2 enfants (5 ans, 9 ans)",
    ]
    assert _input_value(page, "debt_amount") in ("2100.00", "2100,00", "2 100,00")
    assert "Pré-rempli à partir du dossier" in page
    # Shown, not written: the DSF and the history are unchanged.
    dsf.refresh_from_db()
    assert (dsf.composition, dsf.debt_amount, dsf.content_at) == ("", None, None)
    assert WriteLog.objects.count() == writes


@pytest.mark.django_db
def test_saving_the_prefilled_form_writes_it_with_its_author(file, client, login_as):
    household, procedure, worker = file
    _family(household)
    dsf = services.dsf_request(procedure=procedure, by=worker)
    login_as(worker)
    page = client.get(f"/suivi/dsf/{dsf.pk}/").content.decode()

    response = client.post(
        f"/suivi/dsf/{dsf.pk}/",
        {
            "composition": _textarea(page, "composition"),
            "debt_amount": _input_value(page, "debt_amount"),
            "opinion": "Ménage joignable, reprise possible.",
        },
    )

    assert response.status_code in (200, 302)
    dsf.refresh_from_db()
    assert dsf.composition.startswith("Titulaire du bail : Awa DIALLO (41 ans)")
    assert dsf.debt_amount == Decimal("2100.00")
    assert dsf.content_by_id == worker.user_id


@pytest.mark.django_db
def test_what_was_written_is_never_replaced(file, client, login_as):
    household, procedure, worker = file
    _family(household)
    dsf = services.dsf_request(procedure=procedure, by=worker)
    services.dsf_update_content(
        dsf=dsf, by=worker, composition="Mère seule, deux enfants.", debt_amount="850"
    )
    login_as(worker)

    page = client.get(f"/suivi/dsf/{dsf.pk}/").content.decode()

    assert _textarea(page, "composition") == "Mère seule, deux enfants."
    assert _input_value(page, "debt_amount") in ("850.00", "850,00")
    assert "Pré-rempli à partir du dossier" not in page


@pytest.mark.django_db
def test_a_reader_without_the_social_group_sees_no_prefilled_content(file, client, login_as):
    household, procedure, worker = file
    _family(household)
    dsf = services.dsf_request(procedure=procedure, by=worker)
    # The préfecture reads the DSF's life (SUIVI), not its content (the bailiff reads
    # neither: docs/decisions/2026-12-06-bailiff-reads-no-follow-up.md).
    prefecture = member_of(household, OrganisationType.PREFECTURE)
    login_as(prefecture)

    response = client.get(f"/suivi/dsf/{dsf.pk}/")

    page = response.content.decode()
    assert response.status_code == 200 and "Demandé" in page  # the DSF's life, not its content
    assert "Awa" not in page and "41 ans" not in page
    assert "Pré-rempli" not in page
    assert Dsf.objects.get().composition == ""
