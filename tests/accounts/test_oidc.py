"""ProConnect (OIDC): match an existing active account by e-mail, never create one."""

from urllib.parse import parse_qs, urlparse

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import SESSION_KEY

from prevex.accounts.models import User
from prevex.accounts.oidc import LOGIN_FAILED, ProConnectBackend
from tests.accounts.helpers import page_text
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

PROVIDER = "https://proconnect.exemple.invalid/api/v2"


@pytest.fixture
def oidc_on(settings):
    settings.OIDC_ENABLED = True
    settings.AUTHENTICATION_BACKENDS = [
        *django_settings.AUTHENTICATION_BACKENDS,
        "prevex.accounts.oidc.ProConnectBackend",
    ]
    settings.OIDC_RP_CLIENT_ID = "prevex-test"
    settings.OIDC_RP_CLIENT_SECRET = "secret-de-test"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{PROVIDER}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{PROVIDER}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{PROVIDER}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{PROVIDER}/jwks"
    settings.OIDC_OP_LOGOUT_ENDPOINT = f"{PROVIDER}/session/end"
    return settings


@pytest.fixture
def provider(monkeypatch):
    """The identity provider, answering with the claims the test sets."""
    claims = {"sub": "abc", "email": "camille.martin@ddets.gouv.fr"}
    calls = {}

    def get_token(self, payload):
        calls["redirect_uri"] = payload["redirect_uri"]
        return {"id_token": "jeton-id", "access_token": "jeton-acces"}

    monkeypatch.setattr(ProConnectBackend, "get_token", get_token)
    monkeypatch.setattr(ProConnectBackend, "verify_token", lambda self, token, **kw: {"sub": "abc"})
    monkeypatch.setattr(ProConnectBackend, "get_userinfo", lambda self, *a: dict(claims))
    return claims, calls


@pytest.fixture
def civil_servant(db):
    membership = MembershipFactory(
        user__email="Camille.Martin@ddets.gouv.fr", organisation__name="DDETS 93 – CCAPEX"
    )
    return membership.user


def backend_user():
    return ProConnectBackend().get_or_create_user("jeton-acces", "jeton-id", {"sub": "abc"})


def test_backend_matches_an_active_account_by_email_ignoring_case(oidc_on, provider, civil_servant):
    claims, _ = provider
    assert backend_user() == civil_servant


def test_backend_refuses_an_unknown_email_and_creates_nobody(oidc_on, provider, civil_servant):
    claims, _ = provider
    claims["email"] = "inconnu@exemple.gouv.fr"
    before = User.objects.count()
    assert backend_user() is None
    assert User.objects.count() == before


def test_backend_refuses_inactive_demo_duplicate_or_missing_email(oidc_on, provider, civil_servant):
    claims, _ = provider
    civil_servant.is_active = False
    civil_servant.save()
    assert backend_user() is None

    civil_servant.is_active = True
    civil_servant.is_demo = True
    civil_servant.save()
    assert backend_user() is None

    civil_servant.is_demo = False
    civil_servant.save()
    UserFactory(email="camille.martin@DDETS.gouv.fr")
    assert backend_user() is None

    claims.pop("email")
    assert backend_user() is None


def start(client, next_url=None):
    url = "/comptes/oidc/authenticate/"
    response = client.get(url, {"next": next_url} if next_url else {})
    assert response.status_code == 302
    location = urlparse(response["Location"])
    assert location.netloc == "proconnect.exemple.invalid"
    return parse_qs(location.query)


def test_full_proconnect_login_counts_as_verified(client, oidc_on, provider, civil_servant):
    _, calls = provider
    params = start(client)
    assert params["redirect_uri"] == ["http://testserver/comptes/oidc/callback/"]
    response = client.get(
        "/comptes/oidc/callback/", {"code": "code-recu", "state": params["state"][0]}
    )
    assert calls["redirect_uri"] == "http://testserver/comptes/oidc/callback/"
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert int(client.session[SESSION_KEY]) == civil_servant.pk
    # No TOTP asked: ProConnect provides the second factor.
    page = client.get("/")
    assert page.status_code == 200
    assert "DDETS 93 – CCAPEX" in page_text(page)

    # Logging out goes through the provider's end-session endpoint.
    response = client.post("/comptes/deconnexion/")
    logout = urlparse(response["Location"])
    assert logout.path == "/api/v2/session/end"
    assert parse_qs(logout.query)["id_token_hint"] == ["jeton-id"]
    assert SESSION_KEY not in client.session


def test_unknown_email_at_callback_goes_back_to_login_with_french_message(
    client, oidc_on, provider, civil_servant
):
    claims, _ = provider
    claims["email"] = "inconnu@exemple.gouv.fr"
    params = start(client)
    response = client.get(
        "/comptes/oidc/callback/", {"code": "code-recu", "state": params["state"][0]}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/comptes/connexion/"
    assert LOGIN_FAILED in page_text(response)
    assert SESSION_KEY not in client.session


def test_login_page_shows_the_proconnect_button_only_when_enabled(client, oidc_on, settings):
    content = page_text(client.get("/comptes/connexion/?next=/classe/"))
    assert "S'identifier avec ProConnect" in content
    assert 'href="/comptes/oidc/authenticate/?next=%2Fclasse%2F"' in content
    settings.OIDC_ENABLED = False
    assert "ProConnect" not in page_text(client.get("/comptes/connexion/"))


def test_oidc_views_answer_404_when_disabled(client, settings):
    settings.OIDC_ENABLED = False
    assert client.get("/comptes/oidc/authenticate/").status_code == 404
    assert client.get("/comptes/oidc/callback/").status_code == 404


def test_oidc_session_is_not_verified_once_oidc_is_switched_off(
    client, oidc_on, provider, civil_servant
):
    params = start(client)
    client.get("/comptes/oidc/callback/", {"code": "c", "state": params["state"][0]})
    assert client.get("/").status_code == 200
    oidc_on.OIDC_ENABLED = False
    assert client.get("/")["Location"].startswith("/comptes/connexion/")
