"""Reads that used to leave no access-journal row: each now writes one."""

import datetime
from decimal import Decimal

import pytest

from prevex.accounts.models import OrganisationType
from prevex.api.services import api_token_create
from prevex.audit.models import AccessAction, AccessLog
from prevex.households.models import HouseholdKey
from prevex.households.services import household_derived_refresh
from prevex.intake.models import ImportRow, RowStatus
from prevex.intake.services import rows_ingest
from prevex.procedures import services as procedures
from prevex.procedures.models import Stage
from tests.factories import MembershipFactory, OrganisationFactory
from tests.intake.conftest import HEADER, row

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def journal(**filters) -> list[AccessLog]:
    return list(AccessLog.objects.filter(**filters).order_by("id"))


@pytest.fixture
def procedure(household, secretariat):
    return procedures.procedure_open(
        household=household,
        stage=Stage.CDP,
        date=datetime.date(2025, 1, 6),
        debt_amount=Decimal("1950"),
        by=secretariat,
    )


def test_htmx_answer_after_recording_an_act(client, login_as, secretariat, procedure):
    login_as(secretariat)
    response = client.post(
        f"/procedures/{procedure.pk}/actes/",
        {"stage": "ASSIGNATION", "date": "07/03/2025", "hearing_date": "02/06/2025"},
        **HTMX,
    )
    assert response.status_code == 200 and "Assignation" in response.content.decode()
    rows = journal(user=secretariat.user, household_id=procedure.household_id)
    assert [r.what for r in rows] == [f"Procédure n° {procedure.pk} du dossier"]


def test_quarantine_row_editor(client, login_as, saint_denis):
    bailiff = MembershipFactory(organisation__type=OrganisationType.COMMISSAIRE_JUSTICE)
    values = {column: "" for column in HEADER} | row(date_acte="31/02/2025")
    rows_ingest(source=bailiff.organisation, rows=[values], by=bailiff)
    quarantined = ImportRow.objects.get(status=RowStatus.QUARANTAINE)
    login_as(bailiff)
    url = f"/imports/lignes/{quarantined.pk}/corriger/"
    assert "Benali" in client.get(url, **HTMX).content.decode()
    client.post(url, {**values, "date_acte": "30/02/2025"}, **HTMX)  # still wrong
    rows = journal(user=bailiff.user)
    expected = f"Ligne en quarantaine n° {quarantined.pk} (import n° {quarantined.batch_id})"
    assert [r.what for r in rows] == [expected, expected]


@pytest.fixture
def staff(secretariat, login_as):
    user = secretariat.user
    user.is_staff = user.is_superuser = True
    user.save()
    login_as(secretariat)
    return secretariat


def test_admin_procedure_pages(client, staff, procedure):
    assert client.get("/admin/procedures/procedure/?q=93").status_code == 200
    assert client.get(f"/admin/procedures/procedure/{procedure.pk}/change/").status_code == 200
    rows = journal(user=staff.user, action=AccessAction.ADMIN)
    assert [(r.what, r.household_id, r.organisation_id) for r in rows] == [
        ("Administration : liste « procédures », recherche « 93 »", None, staff.organisation_id),
        (
            f"Administration : procédure n° {procedure.pk}",
            procedure.household_id,
            staff.organisation_id,
        ),
    ]


def test_admin_matching_key_pages(client, staff, household):
    household_derived_refresh(household_ids=[household.pk])
    key = HouseholdKey.objects.filter(household=household).order_by("id").first()
    assert client.get("/admin/households/householdkey/").status_code == 200
    assert client.get(f"/admin/households/householdkey/{key.pk}/change/").status_code == 200
    rows = journal(user=staff.user, action=AccessAction.ADMIN)
    assert len(rows) == 2
    assert rows[1].household_id == household.pk and "clé" in rows[1].what


def test_admin_read_without_an_organisation_is_journaled(client, login_as, procedure):
    """A staff account that acts for no organisation still leaves its name."""
    operator = MembershipFactory(user__is_staff=True, user__is_superuser=True)
    login_as(operator)
    operator.delete()  # no membership left: request.membership is None
    assert client.get(f"/admin/procedures/procedure/{procedure.pk}/change/").status_code == 200
    (row,) = journal(action=AccessAction.ADMIN)
    assert (row.user_id, row.organisation_id) == (operator.user_id, None)


def test_api_post_answer(client, saint_denis):
    bailiff = OrganisationFactory(type=OrganisationType.COMMISSAIRE_JUSTICE)
    token, clear = api_token_create(organisation=bailiff, name="Logiciel", by=None)
    body = {k: v for k, v in row().items() if v}
    response = client.post(
        "/api/v1/notifications",
        body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {clear}"},
    )
    assert response.status_code == 201
    answer = response.json()["notifications"][0]
    (log,) = journal(action=AccessAction.API)
    assert (log.household_id, log.organisation_id, log.user_id) == (
        answer["menage"],
        bailiff.pk,
        token.service_user_id,
    )
