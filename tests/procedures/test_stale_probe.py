"""Stale and repeated submits on the procedure forms (independent probe): a double click,
a form loaded before someone else closed the procedure, an id that no longer exists."""

import datetime

import pytest

from prevex.accounts.models import Role
from prevex.audit.models import WriteLog
from prevex.core import clock
from prevex.procedures.models import Event, Procedure, Stage
from prevex.procedures.services import procedure_close
from tests.factories import HouseholdFactory, MemberFactory, MembershipFactory, OrganisationFactory
from tests.procedures.factories import procedure_at_cdp
from tests.stale_text import text

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def secretariat(db):
    return MembershipFactory(organisation=OrganisationFactory(ccapex=True), role=Role.AGENT)


@pytest.fixture
def file(db):
    clock.freeze(datetime.date(2024, 9, 1))
    household = HouseholdFactory()
    MemberFactory(household=household)
    return procedure_at_cdp(household=household, cdp_on=datetime.date(2024, 3, 10))


def _assignation(**extra):
    return {
        "stage": Stage.ASSIGNATION,
        "date": "03/06/2024",
        "hearing_date": "15/10/2024",
        "debt_amount": "2600",
        **extra,
    }


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_same_act_posted_twice_is_recorded_once(client, login_as, secretariat, file, headers):
    login_as(secretariat)
    url = f"/procedures/{file.pk}/actes/"
    first = client.post(url, _assignation(), **headers)
    assert first.status_code in (200, 302)
    second = client.post(url, _assignation(), **headers)
    assert second.status_code in (200, 302, 422), second.status_code
    assert Event.objects.filter(procedure=file, stage=Stage.ASSIGNATION).count() == 1
    assert "Cet acte est déjà enregistré dans la procédure : assignation du 03/06/2024" in text(
        second
    )


@pytest.mark.parametrize("stage", [Stage.AUDIENCE, Stage.DSF, Stage.SIGNALEMENT])
@pytest.mark.parametrize("headers", [{}, HTMX])
def test_repeatable_act_posted_twice_is_recorded_once(
    client, login_as, secretariat, file, headers, stage
):
    login_as(secretariat)
    url = f"/procedures/{file.pk}/actes/"
    assert client.post(url, _assignation()).status_code == 302
    act = {
        "stage": stage,
        "date": "01/07/2024",
        "hearing_date": "15/10/2024",
        "debt_amount": "2700",
    }
    first = client.post(url, act, **headers)
    assert first.status_code in (200, 302)
    assert Event.objects.filter(procedure=file, stage=stage).count() == 1
    second = client.post(url, act, **headers)
    assert second.status_code in (200, 422)
    assert Event.objects.filter(procedure=file, stage=stage).count() == 1
    assert "déjà enregistré" in text(second)


def test_act_on_a_procedure_closed_meanwhile(client, login_as, secretariat, file):
    login_as(secretariat)
    assert client.get(f"/procedures/{file.pk}/actes/formulaire/").status_code == 200
    procedure_close(
        procedure=file, outcome="DETTE_SOLDEE", closed_on=datetime.date(2024, 8, 1), by=secretariat
    )
    before = Event.objects.filter(procedure=file).count()
    response = client.post(f"/procedures/{file.pk}/actes/", _assignation())
    assert response.status_code == 422
    assert "clôturée" in text(response)
    assert Event.objects.filter(procedure=file).count() == before
    response = client.post(f"/procedures/{file.pk}/actes/", _assignation(), **HTMX)
    assert response.status_code == 200
    assert "clôturée" in text(response)


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_close_posted_twice(client, login_as, secretariat, file, headers):
    login_as(secretariat)
    url = f"/procedures/{file.pk}/cloturer/"
    data = {"outcome": "DETTE_SOLDEE", "closed_on": "01/08/2024"}
    assert client.post(url, data, **headers).status_code == 302
    entries = WriteLog.objects.count()
    second = client.post(url, data, **headers)
    assert second.status_code in (200, 422)
    assert "déjà clôturée" in text(second)
    assert WriteLog.objects.count() == entries
    file.refresh_from_db()
    assert file.closed_on == datetime.date(2024, 8, 1)


def test_open_posted_twice(client, login_as, secretariat):
    clock.freeze(datetime.date(2024, 9, 1))
    household = HouseholdFactory()
    MemberFactory(household=household)
    login_as(secretariat)
    url = f"/procedures/menage/{household.pk}/ouvrir/"
    data = {"ground": "IMPAYES", "stage": Stage.CDP, "date": "10/03/2024", "debt_amount": "1850"}
    assert client.post(url, data).status_code == 302
    second = client.post(url, data)
    assert second.status_code == 422
    assert "déjà une procédure en cours" in text(second)
    assert Procedure.objects.filter(household=household).count() == 1


@pytest.mark.parametrize(
    "path",
    [
        "/procedures/{pk}/actes/",
        "/procedures/{pk}/cloturer/",
        "/procedures/{pk}/echeance-impayee/",
    ],
)
def test_deleted_procedure_is_a_french_404(client, login_as, secretariat, file, path):
    login_as(secretariat)
    pk = file.pk
    Event.objects.filter(procedure=file).delete()
    Procedure.objects.filter(pk=pk).delete()
    response = client.post(path.format(pk=pk), _assignation())
    assert response.status_code == 404
    assert "introuvable" in text(response).lower()
    for get in ("/procedures/{pk}/actes/formulaire/", "/procedures/{pk}/cloture/formulaire/"):
        assert client.get(get.format(pk=pk)).status_code == 404


def test_deactivated_membership_between_load_and_submit(client, login_as, secretariat, file):
    login_as(secretariat)
    assert client.get(f"/procedures/{file.pk}/actes/formulaire/").status_code == 200
    secretariat.is_active = False
    secretariat.save()
    response = client.post(f"/procedures/{file.pk}/actes/", _assignation())
    assert response.status_code in (204, 302, 403, 404)
    assert not Event.objects.filter(procedure=file, stage=Stage.ASSIGNATION).exists()


def test_deactivated_organisation_between_load_and_submit(client, login_as, secretariat, file):
    login_as(secretariat)
    secretariat.organisation.is_active = False
    secretariat.organisation.save()
    response = client.post(f"/procedures/{file.pk}/actes/", _assignation(), **HTMX)
    assert response.status_code in (204, 302, 403, 404)
    assert not Event.objects.filter(procedure=file, stage=Stage.ASSIGNATION).exists()


def test_revoked_involvement_between_load_and_submit(client, login_as, file):
    from prevex.households.models import Involvement, InvolvementReason

    bailiff = MembershipFactory(organisation=OrganisationFactory(type="COMMISSAIRE_JUSTICE"))
    involvement = Involvement.objects.create(
        household=file.household,
        organisation=bailiff.organisation,
        reason=InvolvementReason.ORIENTATION,
        starts_on=datetime.date(2024, 1, 1),
    )
    login_as(bailiff)
    assert client.get(f"/procedures/{file.pk}/actes/formulaire/").status_code == 200
    involvement.delete()
    response = client.post(f"/procedures/{file.pk}/actes/", _assignation())
    assert response.status_code in (403, 404)
    assert not Event.objects.filter(procedure=file, stage=Stage.ASSIGNATION).exists()


def test_a_refused_act_or_closing_without_javascript_says_so_at_the_top(
    client, login_as, secretariat, file
):
    """Without htmx, a refused act or closing comes back on the whole file page (422):
    an alert at the top names the form and says nothing was saved, as for every form of
    the file page (core.panels.file_page_refused)."""
    login_as(secretariat)
    act = client.post(f"/procedures/{file.pk}/actes/", {"stage": "", "date": ""})
    assert act.status_code == 422
    assert "« Enregistrer un acte » : rien n&#x27;a été enregistré" in act.content.decode()
    closing = client.post(f"/procedures/{file.pk}/cloturer/", {"outcome": "", "closed_on": ""})
    assert closing.status_code == 422
    assert "« Clôturer la procédure » : rien n&#x27;a été enregistré" in closing.content.decode()
