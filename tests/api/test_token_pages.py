"""Token management in the UI (administrators of the organisation) and in the admin."""

import pytest

from prevex.accounts.models import Role
from prevex.api.models import ApiToken
from prevex.api.services import api_token_create, token_hash
from tests.api.conftest import ApiClient, notification
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.AGENT, Role.TRAVAILLEUR_SOCIAL])
def test_only_admins_and_managers_manage_tokens(client, login_as, bailiff, role):
    login_as(MembershipFactory(organisation=bailiff, role=role))
    assert client.get("/api-jetons/").status_code == 403
    assert client.post("/api-jetons/", {"name": "x"}).status_code == 403
    assert not ApiToken.objects.exists()


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get("/api-jetons/")
    assert response.status_code == 302
    assert "/comptes/connexion/" in response["Location"]


def test_manager_lists_only_the_tokens_of_the_organisation(client, login_as, bailiff, other_org):
    mine, _ = api_token_create(organisation=bailiff, name="Logiciel de l'étude", by=None)
    theirs, _ = api_token_create(organisation=other_org, name="Flux CAF", by=None)
    login_as(MembershipFactory(organisation=bailiff, role=Role.RESPONSABLE))
    html = client.get("/api-jetons/").content.decode()
    assert mine.prefix in html and "Logiciel de l&#x27;étude" in html
    assert theirs.prefix not in html and "Flux CAF" not in html


def test_empty_name_is_refused_in_french(client, login_as, admin_membership):
    login_as(admin_membership)
    response = client.post("/api-jetons/", {"name": "   "})
    assert response.status_code == 422
    assert "Ce champ est obligatoire" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_revocation_in_the_ui_stops_the_token(client, login_as, admin_membership):
    token, clear = api_token_create(
        organisation=admin_membership.organisation, name="Ancien logiciel", by=None
    )
    login_as(admin_membership)
    confirm = client.get(f"/api-jetons/{token.pk}/revoquer/")
    assert confirm.status_code == 200 and "définitive" in confirm.content.decode()
    response = client.post(f"/api-jetons/{token.pk}/revoquer/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == admin_membership.user
    assert ApiClient(client, clear).post(notification()).status_code == 401
    assert "Révoqué" in client.get("/api-jetons/").content.decode()


def test_another_organisations_token_cannot_be_revoked(
    client, login_as, admin_membership, other_org
):
    theirs, clear = api_token_create(organisation=other_org, name="Flux CAF", by=None)
    login_as(admin_membership)
    assert client.post(f"/api-jetons/{theirs.pk}/revoquer/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


@pytest.fixture
def staff_client(client, login_as, admin_membership):
    user = admin_membership.user
    user.is_staff = user.is_superuser = True
    user.save()
    return login_as(admin_membership)


def test_admin_creates_a_token_shown_once(staff_client, bailiff):
    response = staff_client.post(
        "/admin/api/apitoken/add/",
        {
            "organisation": bailiff.pk,
            "name": "Créé par l'administration",
            "requests_per_minute": 30,
            "rows_per_day": 5000,
        },
    )
    assert response.status_code == 200, response.content
    token = ApiToken.objects.get(name="Créé par l'administration")
    html = response.content.decode()
    clear = html.split('id="clear-token"')[1].split('value="')[1].split('"')[0]
    assert token.token_hash == token_hash(clear)
    assert (token.requests_per_minute, token.rows_per_day) == (30, 5000)
    assert token.service_user.username == "api:etude-durand"
    assert not token.service_user.is_active and not token.service_user.has_usable_password()
    change = staff_client.get(f"/admin/api/apitoken/{token.pk}/change/").content.decode()
    assert clear not in change and token.token_hash not in change


def test_admin_action_revokes_selected_tokens(staff_client, bailiff):
    a, _ = api_token_create(organisation=bailiff, name="A", by=None)
    b, _ = api_token_create(organisation=bailiff, name="B", by=None)
    staff_client.post(
        "/admin/api/apitoken/",
        {"action": "revoke_selected", "_selected_action": [a.pk]},
    )
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.revoked_at is not None and b.revoked_at is None


def test_tokens_of_one_organisation_share_one_technical_account(bailiff, other_org):
    a, _ = api_token_create(organisation=bailiff, name="A", by=None)
    b, _ = api_token_create(organisation=bailiff, name="B", by=None)
    c, _ = api_token_create(organisation=other_org, name="C", by=None)
    assert a.service_user_id == b.service_user_id != c.service_user_id
    assert UserFactory._meta.model.objects.filter(username__startswith="api:").count() == 2
