"""Token pages sent twice or after the token went (independent probe): one active token
per label, a French message, never a 500."""

import pytest

from prevex.api.models import ApiToken
from tests.stale_text import text


@pytest.fixture
def admin(admin_membership, client, login_as):
    login_as(admin_membership)
    return admin_membership


def test_token_created_twice_keeps_one_active_token(client, admin):
    data = {"name": "Logiciel de l'étude, envoi quotidien"}
    first = client.post("/api-jetons/", data)
    assert first.status_code == 200
    assert "pvx_" in first.content.decode()
    second = client.post("/api-jetons/", data)
    assert second.status_code == 422
    assert "porte déjà ce libellé" in text(second)
    assert "pvx_" not in text(second).replace(ApiToken.objects.get().prefix, "")
    assert ApiToken.objects.filter(organisation=admin.organisation).count() == 1


def test_label_of_a_revoked_token_can_be_used_again(client, admin):
    from prevex.api.services import api_token_create, api_token_revoke

    token, _ = api_token_create(organisation=admin.organisation, name="Flux", by=None)
    api_token_revoke(token=token, by=None)
    assert client.post("/api-jetons/", {"name": "Flux"}).status_code == 200
    assert ApiToken.objects.filter(name="Flux", revoked_at__isnull=True).count() == 1


def test_token_revoked_twice(client, admin):
    from prevex.api.services import api_token_create

    token, _ = api_token_create(organisation=admin.organisation, name="Flux", by=None)
    url = f"/api-jetons/{token.pk}/revoquer/"
    assert client.post(url).status_code == 302
    first_revoked_at = ApiToken.objects.get(pk=token.pk).revoked_at
    second = client.post(url, follow=True)
    assert second.status_code == 200
    assert ApiToken.objects.get(pk=token.pk).revoked_at == first_revoked_at


def test_revoke_of_a_deleted_token_is_a_french_404(client, admin):
    response = client.post("/api-jetons/999999/revoquer/")
    assert response.status_code == 404
    assert "introuvable" in text(response).lower()


def test_token_created_after_the_membership_was_deactivated(client, admin):
    admin.is_active = False
    admin.save()
    response = client.post("/api-jetons/", {"name": "Flux"})
    assert response.status_code in (302, 403)
    assert not ApiToken.objects.filter(name="Flux").exists()


def test_admin_add_form_refuses_the_label_of_an_active_token(admin_membership):
    from django.core.exceptions import ValidationError

    from prevex.api.services import api_token_create

    api_token_create(organisation=admin_membership.organisation, name="Flux", by=None)
    token = ApiToken(organisation=admin_membership.organisation, name="Flux")
    with pytest.raises(ValidationError, match="porte déjà ce libellé"):
        token.clean()
