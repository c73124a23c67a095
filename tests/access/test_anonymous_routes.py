"""No route of prevex opens to a visitor without a session, apart from the login, the
health checks and the API's description: walked over the whole URL configuration, so a
route added tomorrow without its login check fails here."""

import pytest

from tests.routes import filled, routes

pytestmark = pytest.mark.django_db

LOGIN = "/comptes/connexion/"
# Routes an anonymous visitor may reach: the login, the health checks, the API's
# description; the API answers for itself (401 without a token, 404, 405).
# The single sign-on's steps (404 when it is not configured) answer before any session.
SIGN_ON = ("/comptes/oidc/", "/comptes/deconnexion/")
PUBLIC = {
    "/comptes/connexion/",
    "/sante/",
    "/sante/vivant/",
    "/api/v1/docs",
    "/api/v1/openapi.json",
}


def test_every_route_sends_an_anonymous_visitor_to_the_login_unless_it_is_public(client):
    """A route added without the login check is caught here, whatever its app: every
    route of prevex (ids filled with 1), fetched and posted to without a session (the
    test client does not check CSRF tokens, so a POST reaches the view)."""
    checked, public = 0, set()
    for route in routes():
        if route.startswith(("admin/", "^")) or ".*" in route:
            continue
        url = filled(route, 1)
        for method in (client.get, client.post):
            response = method(url)
            checked += 1
            if url in PUBLIC or url.startswith(SIGN_ON):
                assert response.status_code < 500, url
                public.add(url) if response.status_code == 200 else None
            elif url.startswith("/api/v1/"):
                assert response.status_code in (401, 404, 405), url
            elif response.status_code != 405:
                assert response.status_code == 302, (method.__name__, url, response.status_code)
                assert response["Location"].startswith(LOGIN), url
    assert public == PUBLIC
    assert checked > 150
