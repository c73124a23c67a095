"""Benchmark settings (bench/file_page.py): production settings, DEBUG off, demo mode on.

The database comes from ``PREVEX_DATABASE_URL`` (as in base). Demo mode lets the bench's
``is_demo`` account act without a second factor; never use these settings with real data.
"""

from .base import *  # noqa: F403

SECRET_KEY = "bench-only-not-secret"  # noqa: S105
DEBUG = False
DEMO_MODE = True
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# Plain HTTP on the loopback: no HTTPS redirect, no HSTS.
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # runserver's one line per request would be measured too.
    "loggers": {"django.server": {"handlers": ["console"], "level": "WARNING", "propagate": False}},
}
# No collectstatic before a benchmark: plain static names (whitenoise still serves them).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
