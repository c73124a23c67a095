"""Local development and demo: SQLite in var/, debug on, demo mode on."""

from .base import *  # noqa: F403
from .base import env_bool

SECRET_KEY = "dev-only-not-secret"  # noqa: S105
DEBUG = env_bool("PREVEX_DEBUG", True)
DEMO_MODE = env_bool("PREVEX_DEMO_MODE", True)
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# Plain HTTP on the loopback: no HTTPS redirect, no HSTS.
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
# runserver serves the static files from the apps' folders (no collectstatic needed).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
