"""The DPO's read-only view of the access journal (the administration, « view »
permission only): by household, user, organisation and period, a CSV export, and
reading it is journaled."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from prevex.audit.models import AccessAction, AccessLog
from prevex.audit.services import log_file_view, log_search
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = reverse("admin:audit_accesslog_changelist")


@pytest.fixture
def dpo(login_as):
    user = UserFactory(is_staff=True, last_name="Délégué")
    user.user_permissions.add(
        Permission.objects.get(codename="view_accesslog", content_type__app_label="audit")
    )
    membership = MembershipFactory(user=user)
    login_as(membership)
    return membership


@pytest.fixture
def journal():
    reader = MembershipFactory(organisation__name="CAF de la Seine-Saint-Denis")
    other = MembershipFactory(organisation__name="ADIL 93")
    log_file_view(membership=reader, household_id=41)
    log_file_view(membership=other, household_id=42)
    log_search(membership=other, query="=Benali")
    return reader, other


def test_the_dpo_reads_the_journal_by_household_and_reading_is_journaled(client, dpo, journal):
    reader, other = journal
    page = client.get(URL, {"menage": "41"})
    assert page.status_code == 200
    assert {r.user_id for r in page.context["cl"].result_list} == {reader.user_id}
    too_big = client.get(URL, {"menage": str(2**64)})  # no 500, no rows
    assert too_big.status_code == 200 and not too_big.context["cl"].result_list
    by_org = client.get(URL, {"organisation__id__exact": other.organisation_id})
    assert {r.user_id for r in by_org.context["cl"].result_list} == {other.user_id}
    assert AccessLog.objects.filter(
        user_id=dpo.user_id, action=AccessAction.ADMIN, what__contains="journal"
    ).exists()


def test_the_dpo_exports_the_selection_as_csv_and_the_export_is_journaled(client, dpo, journal):
    ids = list(AccessLog.objects.exclude(user_id=dpo.user_id).values_list("pk", flat=True))
    response = client.post(URL, {"action": "export_csv", "_selected_action": [str(i) for i in ids]})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "no-store" in response["Cache-Control"]
    lines = response.content.decode().splitlines()
    assert lines[0] == "le;utilisateur;organisation;action;ménage;objet"
    assert len(lines) == 1 + len(ids)
    assert any("Recherche : =Benali" in line for line in lines)
    assert AccessLog.objects.filter(user_id=dpo.user_id, what__contains="export CSV").exists()


def test_the_dpo_can_neither_change_nor_delete_nor_see_other_data(client, dpo, journal):
    row = AccessLog.objects.first()
    change = client.post(reverse("admin:audit_accesslog_change", args=[row.pk]), {"what": "x"})
    assert change.status_code == 403
    assert client.get(reverse("admin:audit_accesslog_delete", args=[row.pk])).status_code == 403
    assert client.get(reverse("admin:households_householdkey_changelist")).status_code == 403
    assert AccessLog.objects.get(pk=row.pk).what == row.what
