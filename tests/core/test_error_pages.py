"""French error pages in the DSFR layout, with DEBUG off (Django's handlers) and on
(``FrenchErrorPagesMiddleware`` instead of Django's English technical pages)."""

import pytest
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.error_urls")]

DSFR = ('class="fr-header"', "fr-footer", 'lang="fr"')


def _french_page(response, status: int, title: str) -> str:
    html = response.content.decode()
    assert response.status_code == status
    assert f"<h1>{title}</h1>" in html
    assert f"Erreur {status}" in html
    for marker in DSFR:
        assert marker in html
    assert "Traceback" not in html or "mode débogage" in html
    for english in ("Page not found", "Forbidden", "Bad Request", "Server Error", "CSRF"):
        assert english not in html
    return html


@pytest.fixture(params=[False, True], ids=["production", "debug"])
def debug(request, settings):
    settings.DEBUG = request.param
    return request.param


def test_404_unknown_address(client, debug):
    _french_page(client.get("/nulle-part/"), 404, "Page non trouvée")


def test_404_raised_by_a_view(client, debug):
    _french_page(client.get("/essai/absent/"), 404, "Page non trouvée")


def test_403_shows_the_refusal(client, debug):
    html = _french_page(client.get("/essai/refus/"), 403, "Accès refusé")
    assert "Votre organisation ne peut pas enregistrer cet acte." in html


@pytest.mark.parametrize("url", ["/essai/mauvaise/", "/essai/douteuse/"])
def test_400(client, debug, url):
    _french_page(client.get(url), 400, "Requête incorrecte")


def test_500(debug):
    client = Client(raise_request_exception=False)
    html = _french_page(client.get("/essai/panne/"), 500, "Erreur inattendue")
    # The developer keeps the traceback in debug mode only.
    assert ("panne volontaire" in html) is debug


def test_csrf_failure(debug):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/comptes/connexion/", {"username": "x", "password": "y"})
    html = _french_page(response, 403, "Formulaire expiré")
    assert "Rechargez la page" in html


def test_a_views_own_error_response_is_kept(client, debug):
    response = client.get("/essai/json-404/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found"}


@pytest.mark.parametrize("csrf_checks", [False, True], ids=["sans-csrf", "csrf"])
def test_400_form_too_large(debug, settings, csrf_checks):
    """A form body over DATA_UPLOAD_MAX_MEMORY_SIZE: a French page saying so, whether the
    body is first read by the CSRF check (a browser) or by the view."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_000_000
    client = Client(enforce_csrf_checks=csrf_checks)
    data = {"username": "x", "password": "y", "observations": "é" * 1_100_000}
    if csrf_checks:  # as a browser: the cookie, and the token in the form
        client.get("/comptes/connexion/")
        data["csrfmiddlewaretoken"] = client.cookies["csrftoken"].value
    html = _french_page(client.post("/comptes/connexion/", data), 400, "Formulaire trop volumineux")
    assert "Taille maximale" in html
    assert "2,0 Mo (hors fichiers joints)" in html
    assert "Request body exceeded" not in html


def test_400_too_many_fields(debug, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    data = {f"champ{i}": "x" for i in range(20)}
    _french_page(Client().post("/comptes/connexion/", data), 400, "Formulaire trop volumineux")
