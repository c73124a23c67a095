"""Production hardening: no-store on authenticated answers, ids out of range, health
checks, ``check --deploy`` with the documented production variables."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import get_resolver
from django.urls.converters import IntConverter
from django.urls.resolvers import URLResolver

from prevex.api.services import api_token_create
from prevex.core.converters import IdConverter
from tests.access.conftest import ccapex, known_file, territory  # noqa: F401

pytestmark = pytest.mark.django_db

TOO_BIG = [str(2**63), "99999999999999999999999"]


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), getattr(pattern.pattern, "converters", {})


def test_no_route_of_prevex_takes_an_unbounded_int():
    routes = [(r, c) for r, c in _walk(get_resolver().url_patterns) if not r.startswith("admin/")]
    assert not [r for r, conv in routes if any(isinstance(c, IntConverter) for c in conv.values())]
    assert sum(any(isinstance(c, IdConverter) for c in conv.values()) for _, conv in routes) >= 20


def _filled(route: str, value: str) -> str:
    import re

    return "/" + re.sub(r"<(?:\w+:)?\w+>", value, route)


@pytest.mark.parametrize("value", TOO_BIG)
def test_every_route_answers_404_not_500_to_an_id_out_of_range(client, login_as, ccapex, value):  # noqa: F811
    user = ccapex.user
    user.is_staff = user.is_superuser = True
    user.save()
    login_as(ccapex)
    checked = 0
    for route, converters in _walk(get_resolver().url_patterns):
        if not converters or "<path:" in route and not route.startswith("admin/"):
            continue
        url = _filled(route, value)
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code != 500, url
            if not route.startswith(("admin/", "api/v1/")):
                assert response.status_code == 404, url
        checked += 1
    assert checked > 60


def _no_store(response):
    cache = response.headers.get("Cache-Control", "")
    assert "no-store" in cache and "private" in cache, cache


def test_nominative_pages_fragments_exports_and_api_answers_are_not_stored(
    client,
    login_as,
    ccapex,  # noqa: F811
    known_file,  # noqa: F811
):
    login_as(ccapex)
    page = client.get(f"/menages/{known_file.pk}/")
    assert page.status_code == 200 and "Samia" in page.content.decode()
    _no_store(page)
    fragment = client.get(f"/menages/{known_file.pk}/historique/", HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    _no_store(fragment)
    export = client.get("/menages/export.csv")
    assert export.status_code == 200 and export["Content-Type"].startswith("text/csv")
    _no_store(export)
    _, clear = api_token_create(organisation=ccapex.organisation, name="Outil", by=None)
    client.logout()
    answer = client.get("/api/v1/notifications/1", headers={"Authorization": f"Bearer {clear}"})
    assert answer.status_code in {200, 404}
    _no_store(answer)


def test_anonymous_pages_and_static_files_keep_their_cache_headers(client):
    health = client.get("/sante/vivant/")
    assert "Cache-Control" not in health.headers
    static = client.get("/static/prevex/prevex.css")
    assert static.status_code == 200
    assert "no-store" not in static.headers.get("Cache-Control", "")
    assert b"".join(static.streaming_content)
    static.close()


def test_health_checks_the_database_and_the_queue(client, monkeypatch):
    assert client.get("/sante/vivant/").content == b"ok"
    response = client.get("/sante/")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "queue": "ok"}

    from huey.contrib.djhuey import HUEY

    def broken():
        raise ConnectionError("file injoignable")

    monkeypatch.setattr(HUEY, "pending_count", broken)
    response = client.get("/sante/")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "queue": "erreur"}


PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "prevex.settings.base",
    "PREVEX_SECRET_KEY": "x" * 60 + "-une-cle-longue-et-aleatoire-de-production",
    "PREVEX_ALLOWED_HOSTS": "prevex.example.fr",
    "PREVEX_CSRF_TRUSTED_ORIGINS": "https://prevex.example.fr",
    "PREVEX_TRUSTED_PROXIES": "127.0.0.1",
}


def test_check_deploy_is_clean_with_the_documented_production_variables():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREVEX_", "DJANGO_"))}
    env.update(PRODUCTION_ENV)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
