"""Follow-up forms sent twice (a double click) or after the file changed (independent
probe): one result in the database, a French message, never a 500."""

import pytest

from prevex.support.models import Contact, Dsf, Measure, RepaymentPlan
from tests.stale_text import text

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def _twice(client, url, data, **headers):
    first = client.post(url, data, **headers)
    second = client.post(url, data, **headers)
    assert first.status_code == 302, first.status_code
    assert second.status_code != 500
    return second


def test_contact_sent_twice_is_recorded_once(client, login_as, file):
    household, _, worker = file
    login_as(worker)
    data = {
        "channel": "SMS",
        "direction": "SORTANT",
        "at": "09/03/2025 10:30",
        "purpose": "PRISE_CONTACT",
        "outcome": "JOINT",
    }
    second = _twice(client, f"/suivi/menages/{household.pk}/contacts/", data)
    assert Contact.objects.filter(household=household).count() == 1
    assert second.status_code == 422
    assert "déjà enregistré" in text(second)


def test_measure_sent_twice_is_recorded_once(client, login_as, file):
    household, _, worker = file
    login_as(worker)
    data = {"type_code": "ASLL", "status": "PROPOSEE", "on": "09/03/2025"}
    second = _twice(client, f"/suivi/menages/{household.pk}/dispositifs/", data)
    assert Measure.objects.filter(household=household).count() == 1
    assert second.status_code == 422
    assert "déjà" in text(second)


def test_plan_sent_twice_is_opened_once(client, login_as, file):
    from prevex.accounts.models import OrganisationType
    from tests.support.conftest import member_of

    household, _, _ = file
    landlord = member_of(household, OrganisationType.BAILLEUR_SOCIAL)
    login_as(landlord)
    data = {"origin": "NEGOCIE", "starts_on": "05/04/2025", "debt_amount": "600", "instalments": 6}
    second = _twice(client, f"/suivi/menages/{household.pk}/plans/", data)
    assert RepaymentPlan.objects.filter(household=household).count() == 1
    assert second.status_code == 422
    assert "déjà" in text(second)


def test_dsf_requested_twice(client, login_as, file):
    household, procedure, worker = file
    login_as(worker)
    first = client.post(f"/suivi/menages/{household.pk}/dsf/")
    second = client.post(f"/suivi/menages/{household.pk}/dsf/", follow=True)
    assert first.status_code == 302
    assert second.status_code == 200
    assert Dsf.objects.filter(procedure=procedure).count() == 1
    assert "déjà demandé" in text(second)


def test_dsf_step_sent_twice(client, login_as, file):
    household, procedure, worker = file
    from prevex.support import services

    dsf = services.dsf_request(procedure=procedure, by=None)
    login_as(worker)
    url = f"/suivi/dsf/{dsf.pk}/absent/"
    assert client.post(url, {"on": "10/03/2025"}).status_code == 302
    second = client.post(url, {"on": "10/03/2025"}, follow=True)
    assert second.status_code == 200
    assert "ne peut pas passer" in text(second)
    dsf.refresh_from_db()
    assert dsf.status == "ABSENT"


def test_measure_change_on_a_deleted_measure_is_a_french_404(client, login_as, file):
    household, _, worker = file
    from prevex.support import services

    measure = services.measure_propose(household=household, by=worker, type_code="ASLL")
    login_as(worker)
    pk = measure.pk
    measure.steps.all().delete() if hasattr(measure, "steps") else None
    Measure.objects.filter(pk=pk).delete()
    response = client.post(f"/suivi/dispositifs/{pk}/", {"status": "DEMANDEE"})
    assert response.status_code == 404
    assert "introuvable" in text(response).lower()


def test_measure_changed_twice_to_the_same_state(client, login_as, file):
    household, _, worker = file
    from prevex.support import services

    measure = services.measure_propose(household=household, by=worker, type_code="ASLL")
    login_as(worker)
    url = f"/suivi/dispositifs/{measure.pk}/"
    first = client.post(url, {"status": "DEMANDEE", "on": "10/03/2025"})
    second = client.post(url, {"status": "DEMANDEE", "on": "10/03/2025"})
    assert first.status_code == 302
    assert second.status_code == 422
    assert "ne peut pas passer" in text(second)
    measure.refresh_from_db()
    assert measure.status == "DEMANDEE"


def test_contact_on_a_deleted_household(client, login_as, file):
    household, procedure, worker = file
    login_as(worker)
    url = f"/suivi/menages/{household.pk}/contacts/"
    assert client.get(url).status_code == 200
    from prevex.households.models import Household

    Household.objects.filter(pk=household.pk).delete()
    response = client.post(url, {"channel": "SMS"})
    assert response.status_code == 404
    assert "introuvable" in text(response).lower()


def test_task_sent_twice_is_created_once(client, login_as, file):
    from prevex.support.models import Alert

    household, _, worker = file
    login_as(worker)
    data = {
        "reference": household.reference,
        "title": "Rappeler Mme Benali",
        "due_on": "20/03/2025",
    }
    second = _twice(client, "/suivi/taches/nouvelle/", data)
    assert Alert.objects.filter(household=household, kind="MANUELLE").count() == 1
    assert second.status_code == 422
    assert "déjà ouverte" in text(second)


def test_task_done_twice(client, login_as, file):
    from prevex.support import services
    from prevex.support.models import Alert

    household, _, worker = file
    task = services.task_create(household=household, by=worker, title="Rappeler")
    login_as(worker)
    url = f"/suivi/taches/{task.pk}/faite/"
    client.post(url)
    second = client.post(url, follow=True)
    assert second.status_code == 200
    assert "n'est plus ouverte pour votre organisme (déjà faite" in text(second)
    assert Alert.objects.get(pk=task.pk).resolved_on is not None
