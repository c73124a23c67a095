"""Test settings: SQLite by default, PostgreSQL when PREVEX_TEST_DATABASE_URL is set.

Traps (docs/architecture.md, « Conventions »): warnings are errors (pytest), undefined template variables
raise, unordered querysets are shuffled (tests/conftest.py).
"""

import os

import dj_database_url

from .base import *  # noqa: F403
from .base import BASE_DIR, TEMPLATES

SECRET_KEY = "test-only-not-secret"  # noqa: S105
DEBUG = False
DEMO_MODE = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# Plain HTTP on the loopback: no HTTPS redirect, no HSTS.
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

_url = os.environ.get("PREVEX_TEST_DATABASE_URL")
if _url:
    DATABASES = {"default": dj_database_url.parse(_url)}
    # Tests never need a commit to survive a crash: no wait for the disk at each commit
    # (the transactional tests commit and flush a lot). Set per connection, the server's
    # configuration is not touched.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(BASE_DIR / "var" / "test.sqlite3"),
            # A file, not memory: the live server's threads get their own connections.
            "TEST": {"NAME": str(BASE_DIR / "var" / f"test-db-{os.getpid()}.sqlite3")},
            # As in production (base.py): writers are serialised from BEGIN.
            "OPTIONS": {"transaction_mode": "IMMEDIATE"},
        }
    }


class InvalidTemplateVariable(str):
    """Make any undefined template variable fail loudly in tests."""

    def __mod__(self, other):
        raise NameError(f"Variable de gabarit indéfinie : {other!r}")


TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = InvalidTemplateVariable("%s")
AXES_ENABLED = True
# Jobs run in the calling thread, storage in memory (no consumer in tests).
HUEY = {"huey_class": "huey.MemoryHuey", "name": "prevex-test", "immediate": True}
LOGGING = {"version": 1, "disable_existing_loggers": False}
PREVEX_JOURNAL_SPOOL_DIR = BASE_DIR / "var" / f"test-journal-spool-{os.getpid()}"
# whitenoise serves the apps' static folders directly (no collectstatic in tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Tests that count failures to the lockout send them in a row: no back-off delay, except
# in the back-off's own tests (tests/accounts/test_backoff.py), which set it.
PREVEX_LOGIN_BACKOFF_SECONDS = 0
