"""Production static files: the stylesheets the DSFR tags pin with an integrity checksum
are served with exactly those bytes (else the browser drops them: unstyled pages)."""

import base64
import hashlib
import os
import re

import pytest
from django.core.management import call_command
from django.template import Context, Template
from django.test import override_settings

from prevex.core.staticstorage import StaticStorage

PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "prevex.core.staticstorage.StaticStorage"},
}


def _pinned(html: str):
    for tag in re.findall(r"<(?:link|script)[^>]*integrity=[^>]*>", html):
        url = re.search(r'(?:href|src)="([^"]+)"', tag).group(1)
        algo, digest = re.search(r'integrity="(sha\d+)-([^"]+)"', tag).groups()
        yield url, algo, digest


TAGS = "{% load dsfr_tags %}{% dsfr_css %}{% dsfr_js %}"
HASHED = re.compile(r"\.[0-9a-f]{12}(\.(?:css|js))$")


# No database: run once per `make test`, in the SQLite run (the PostgreSQL run would
# repeat it to the byte).
@pytest.mark.skipif(
    os.environ.get("PREVEX_TEST_DATABASE_URL", "").startswith("postgres"),
    reason="indépendant du moteur : exécuté dans la passe SQLite de make test",
)
def test_collected_files_match_the_integrity_checksums(tmp_path, monkeypatch):
    # The files the tags pin, by their unhashed names (the test settings' plain storage).
    sources = {
        url.split("/static/", 1)[1] for url, _, _ in _pinned(Template(TAGS).render(Context({})))
    }
    assert sources
    # Compression (brotli, gzip) of the 14 MB of vendored CSS and JS took 90 s of this
    # test: only the pinned files are compressed here, which are the ones it reads.
    compress = StaticStorage.compress_files
    monkeypatch.setattr(
        StaticStorage,
        "compress_files",
        lambda self, paths: compress(self, [p for p in paths if HASHED.sub(r"\1", p) in sources]),
    )
    root = tmp_path / "static"
    with override_settings(STORAGES=PRODUCTION_STORAGES, STATIC_ROOT=str(root)):
        call_command("collectstatic", "--noinput", verbosity=0)
        html = Template(TAGS).render(Context({}))
    pinned = list(_pinned(html))
    assert any(url.endswith(".css") for url, _, _ in pinned), html
    for url, algo, digest in pinned:
        served = root / url.split("/static/", 1)[1]
        assert HASHED.search(served.name), url  # hashed name
        expected = base64.b64encode(hashlib.new(algo, served.read_bytes()).digest()).decode()
        assert expected == digest, f"{url}: the served bytes do not match integrity"
        assert served.with_name(served.name + ".gz").exists(), url  # compressed as served
