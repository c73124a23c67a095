"""The territories are read-only in the admin and searchable by name or INSEE code."""

import pytest
from django.urls import reverse

from prevex.core.models import PostalCode
from prevex.core.territories import load_territories
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(login_as):
    load_territories(departements=["93"])
    user = UserFactory(is_staff=True, is_superuser=True)
    return login_as(MembershipFactory(user=user))  # verified second factor


def test_commune_search_by_name_and_insee(admin_client):
    url = reverse("admin:core_commune_changelist")
    by_name = admin_client.get(url, {"q": "Montreuil"})
    assert by_name.status_code == 200
    assert "93048" in by_name.content.decode()
    assert "93066" not in by_name.content.decode()
    by_insee = admin_client.get(url, {"q": "93066"})
    assert "Saint-Denis" in by_insee.content.decode()


@pytest.mark.parametrize(
    ("model", "pk"), [("departement", "93"), ("commune", "93066"), ("postalcode", None)]
)
def test_territories_cannot_be_added_changed_or_deleted(admin_client, model, pk):
    assert admin_client.get(reverse(f"admin:core_{model}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:core_{model}_add")).status_code == 403
    if pk is None:
        pk = PostalCode.objects.order_by("pk").first().pk
    change_url = reverse(f"admin:core_{model}_change", args=[pk])
    page = admin_client.get(change_url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert admin_client.post(change_url, {"name": "Modifié"}).status_code == 403
    delete_url = reverse(f"admin:core_{model}_delete", args=[pk])
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403
