"""Who gets through: the decorator, the mixin, the middleware and the admin site."""

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY

from tests.accounts.helpers import PASSWORD, full_login, page_text, password_step

pytestmark = pytest.mark.django_db

LOGIN = "/comptes/connexion/"
NET = "prevex.accounts.middleware.LoginRequiredMiddleware"
MIDDLEWARE_WITH_NET = [*(m for m in settings.MIDDLEWARE if m != NET), NET]
MIDDLEWARE_WITHOUT_NET = [m for m in settings.MIDDLEWARE if m != NET]


@pytest.mark.parametrize("url", ["/", "/classe/", "/menages/nouveau/"])
def test_anonymous_visitor_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next={url}"


def test_htmx_request_of_an_anonymous_visitor_reloads_the_page_to_login(client):
    response = client.get("/", headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(LOGIN)


def test_half_logged_in_person_reaches_no_page_through_the_mixin(client, agent):
    password_step(client, agent)
    response = client.get("/classe/")
    assert response["Location"] == "/comptes/double-authentification/"
    full_login(client, agent)
    assert client.get("/classe/").status_code == 200


def test_header_shows_the_acting_organisation_and_links_to_the_choice(client, agent):
    full_login(client, agent)
    content = page_text(client.get("/comptes/connexion/", follow=True))
    assert 'href="/comptes/organisation/"' in content
    assert "Service social départemental" in content


def test_middleware_protects_views_without_decorator(client, agent, settings):
    settings.MIDDLEWARE = MIDDLEWARE_WITH_NET
    assert client.get("/libre/")["Location"] == f"{LOGIN}?next=/libre/"
    # The login flow itself stays open.
    assert client.get(LOGIN).status_code == 200
    password_step(client, agent)
    assert client.get("/libre/")["Location"] == "/comptes/double-authentification/"
    full_login(client, agent)
    assert client.get("/libre/").status_code == 200


def test_without_middleware_undecorated_views_are_open(client, settings):
    """What the middleware adds (so that the test above means something)."""
    settings.MIDDLEWARE = MIDDLEWARE_WITHOUT_NET
    assert client.get("/libre/").status_code == 200


def test_admin_login_page_sends_to_ours(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=/admin/"


def test_admin_password_only_login_is_impossible(client, agent, settings):
    settings.MIDDLEWARE = MIDDLEWARE_WITHOUT_NET  # the admin's own guard, without the net
    agent.is_staff = agent.is_superuser = True
    agent.save()
    client.post("/admin/login/", {"username": agent.username, "password": PASSWORD})
    assert SESSION_KEY not in client.session
    password_step(client, agent)
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


def test_admin_opens_to_verified_staff(client, agent):
    agent.is_staff = agent.is_superuser = True
    agent.save()
    full_login(client, agent)
    for url in [
        "/admin/",
        "/admin/accounts/user/",
        f"/admin/accounts/user/{agent.pk}/change/",
        "/admin/accounts/organisation/",
        "/admin/accounts/organisation/?type__exact=CD_SOCIAL",
        "/admin/accounts/membership/",
        "/admin/accounts/organisation/add/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
    change_page = page_text(client.get(f"/admin/accounts/user/{agent.pk}/change/"))
    assert 'name="is_demo"' in change_page
    assert 'name="memberships-TOTAL_FORMS"' in change_page


def test_admin_refuses_verified_non_staff_without_looping(client, agent):
    full_login(client, agent)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
