"""OpenAPI 3 document and documentation page, served without any outside resource."""

import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_openapi_document_describes_every_operation(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    assert spec["openapi"].startswith("3.")
    assert set(spec["paths"]) == {
        "/api/v1/notifications",
        "/api/v1/notifications/{id}",
        "/api/v1/menages/{id}/suivi",
        "/api/v1/plans/{id}/versements",
    }
    post = spec["paths"]["/api/v1/notifications"]["post"]
    assert {"201", "401", "422", "429"} <= set(post["responses"])
    assert spec["components"]["securitySchemes"]["ApiTokenAuth"]["scheme"] == "bearer"
    notification = spec["components"]["schemas"]["NotificationIn"]
    assert set(notification["required"]) == {
        "type_acte",
        "date_acte",
        "locataire_nom",
        "locataire_prenom",
        "adresse",
        "code_postal",
    }
    assert notification["additionalProperties"] is False
    type_acte = notification["properties"]["type_acte"]
    assert "CDP" in type_acte["enum"]
    batch = spec["components"]["schemas"]["NotificationBatchIn"]
    assert batch["properties"]["notifications"]["maxItems"] == 1000


def test_every_answer_of_the_openapi_document_is_described_in_french(client):
    """The documentation page shows each answer's description: django-ninja writes the
    HTTP reason phrase (« Not Found », « Unauthorized »…), English text for the partners'
    developers. Each one is in French, and every status the API answers has one."""
    spec = client.get("/api/v1/openapi.json").json()
    english = re.compile(
        r"\b(OK|Created|Bad Request|Unauthorized|Forbidden|Not Found|Too Many Requests"
        r"|Unprocessable Entity|Request Entity Too Large)\b"
    )
    seen = set()
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            for status, answer in operation["responses"].items():
                seen.add(status)
                description = answer["description"]
                assert description and not english.search(description), (
                    path,
                    method,
                    status,
                    description,
                )
    assert {"200", "201", "400", "401", "403", "404", "413", "422", "429"} <= seen


def test_docs_page_loads_nothing_from_outside(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui-bundle.js" in html
    assert not re.search(r"(https?:)?//[^\"'\s]+", html.replace("/static/", "")), html
    assert '"validatorUrl": null' in html
    for asset in re.findall(r'(?:src|href)="/static/([^"]+)"', html):
        assert finders.find(asset), asset
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "cdn" not in csp


@pytest.mark.parametrize("method", ["put", "delete", "patch", "post"])
@pytest.mark.parametrize("url", ["/api/v1/docs", "/api/v1/openapi.json"])
def test_docs_and_spec_refuse_writing_methods_in_french(client, method, url):
    """Found by an independent probe: the documentation answered 200 to PUT, DELETE…"""
    response = getattr(client, method)(url)
    assert response.status_code == 405
    assert "Méthode HTTP non acceptée" in response.json()["detail"]
    assert "GET" in response["Allow"]
    assert client.head(url).status_code == 200


def test_docs_and_spec_need_no_login_and_no_token(client):
    assert client.get("/api/v1/docs").status_code == 200
    assert client.get("/api/v1/openapi.json").status_code == 200


@pytest.mark.parametrize("url", ["/api/v1/", "/api/v1/inconnu", "/api/v1/notifications/1/x"])
def test_unknown_api_urls_get_a_french_json_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response.json()["detail"].startswith("Adresse inconnue de l'API")
