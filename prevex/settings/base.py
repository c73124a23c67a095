"""Production settings: everything comes from environment variables.

dev.py and test.py override what they need. See README « Configuration ».
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, SELF

from prevex.settings.jobs import huey_settings

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("PREVEX_SECRET_KEY", "")
DEBUG = env_bool("PREVEX_DEBUG")
ALLOWED_HOSTS = [h for h in os.environ.get("PREVEX_ALLOWED_HOSTS", "").split(",") if h]
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("PREVEX_CSRF_TRUSTED_ORIGINS", "").split(",") if o
]

# Demo mode: demo accounts exist and may log in without a second factor.
DEMO_MODE = env_bool("PREVEX_DEMO_MODE")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # recovery codes
    "axes",
    "mozilla_django_oidc",
    "django_htmx",
    "dsfr",
    "prevex.core",
    "prevex.audit",
    "prevex.accounts",
    "prevex.access",
    "prevex.households",
    "prevex.procedures",
    "prevex.support",
    "prevex.demo",
    "prevex.matching",
    "prevex.commissions",
    "prevex.intake",
    "prevex.synth",
    "prevex.api",
    "prevex.pages",
    "prevex.lifecycle",
    "ninja",
    "huey.contrib.djhuey",
]

# Background jobs (huey): the consumer runs beside the web server (``make demo`` starts
# both, scripts/serve.py); periodic jobs are declared in each app's ``tasks.py``. Queue in
# Redis when PREVEX_REDIS_URL is set, else in a SQLite file (prevex/settings/jobs.py).
HUEY = huey_settings(os.environ, BASE_DIR)

# Uploads are cut at the import's size limit while they arrive, before Django keeps them
# (prevex/intake/uploads.py); the two handlers after it are Django's defaults.
FILE_UPLOAD_HANDLERS = [
    "prevex.intake.uploads.BoundedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files (compressed, hashed names) served by the application itself.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Reads' journal rows, written once the view has answered (prevex/audit/buffer.py).
    "prevex.audit.middleware.JournalMiddleware",
    # ``Cache-Control: no-store`` on every answer to an authenticated request.
    "prevex.core.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Ends sessions idle for PREVEX_SESSION_IDLE_MINUTES.
    "prevex.accounts.middleware.IdleTimeoutMiddleware",
    "prevex.accounts.middleware.ActingMembershipMiddleware",
    "prevex.accounts.middleware.LoginRequiredMiddleware",
    "axes.middleware.AxesMiddleware",
    "prevex.core.middleware.OutOfRangeMiddleware",
    # Last, so that it sees the views' exceptions first (DEBUG only: French error pages).
    "prevex.core.error_pages.FrenchErrorPagesMiddleware",
]
CSRF_FAILURE_VIEW = "prevex.core.error_pages.csrf_failure"

ROOT_URLCONF = "prevex.urls"
WSGI_APPLICATION = "prevex.wsgi.application"
AUTH_USER_MODEL = "accounts.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "prevex" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "prevex.accounts.context_processors.acting",
            ],
            # ``{% url %}``: one reverse() per URL name, not per link (core/reversing.py).
            "builtins": ["prevex.core.templatetags.prevex_urls"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("PREVEX_DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'prevex.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Mail (reminders of recommendations): SMTP when a host is given, else written to the
# console (demo, tests: nothing leaves the machine).
EMAIL_HOST = os.environ.get("PREVEX_EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = int(os.environ.get("PREVEX_EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("PREVEX_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("PREVEX_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("PREVEX_EMAIL_TLS", True)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("PREVEX_EMAIL_FROM", "prevex <ne-pas-repondre@localhost>")

# OIDC (ProConnect-compatible): switched on by PREVEX_OIDC_ENABLED.
OIDC_ENABLED = env_bool("PREVEX_OIDC_ENABLED")
OIDC_RP_CLIENT_ID = os.environ.get("PREVEX_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("PREVEX_OIDC_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = os.environ.get("PREVEX_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = "openid email given_name usual_name siret"
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("PREVEX_OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("PREVEX_OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("PREVEX_OIDC_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("PREVEX_OIDC_JWKS_ENDPOINT") or None
OIDC_OP_LOGOUT_ENDPOINT = os.environ.get("PREVEX_OIDC_LOGOUT_ENDPOINT", "")
OIDC_CREATE_USER = False  # accounts are provisioned by an admin, matched by e-mail
if OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("prevex.accounts.oidc.ProConnectBackend")

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# django-axes: throttle failed logins.
AXES_FAILURE_LIMIT = int(os.environ.get("PREVEX_AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("PREVEX_AXES_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The client's address as seen through the trusted proxies, not the proxy's own.
AXES_CLIENT_IP_CALLABLE = "prevex.core.clientip.client_ip"
# Throttling per address, whatever the usernames tried (prevex/accounts/throttle.py): more
# failed logins than this from one address within the cool-off refuses every login there.
PREVEX_LOGIN_IP_FAILURE_LIMIT = int(os.environ.get("PREVEX_LOGIN_IP_FAILURE_LIMIT", "20"))
# Back-off per username and address (prevex/accounts/throttle.py), before the lockout:
# after PREVEX_LOGIN_BACKOFF_FREE failures, wait PREVEX_LOGIN_BACKOFF_SECONDS, doubled at
# each further failure. Only that address is slowed down for that username.
PREVEX_LOGIN_BACKOFF_FREE = int(os.environ.get("PREVEX_LOGIN_BACKOFF_FREE", "2"))
PREVEX_LOGIN_BACKOFF_SECONDS = int(os.environ.get("PREVEX_LOGIN_BACKOFF_SECONDS", "2"))
PREVEX_LOGIN_BACKOFF_MAX_SECONDS = int(os.environ.get("PREVEX_LOGIN_BACKOFF_MAX_SECONDS", "300"))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"

OTP_TOTP_ISSUER = "prevex"

LANGUAGE_CODE = "fr"
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("PREVEX_STATIC_ROOT", BASE_DIR / "var" / "static"))
STATICFILES_DIRS = [BASE_DIR / "prevex" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "prevex.core.staticstorage.StaticStorage"},
}

# HTTPS behind a reverse proxy (docs/operations.md). PREVEX_TRUSTED_PROXIES lists the
# addresses (or networks) of the proxies in front of prevex: only their X-Forwarded-For
# and X-Forwarded-Proto headers are believed (prevex/core/clientip.py).
TRUSTED_PROXIES = [
    p.strip() for p in os.environ.get("PREVEX_TRUSTED_PROXIES", "").split(",") if p.strip()
]
if TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("PREVEX_SSL_REDIRECT", True)
# The health check answers over plain HTTP too (container and load-balancer probes).
SECURE_REDIRECT_EXEMPT = [r"^sante/"]
SECURE_HSTS_SECONDS = int(os.environ.get("PREVEX_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("PREVEX_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("PREVEX_HSTS_PRELOAD", False)
# Submitting the domain to the browsers' preload list is the operator's decision (it
# binds every subdomain for months): off by default, so its reminder is silenced.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

SESSION_COOKIE_SECURE = env_bool("PREVEX_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600  # absolute lifetime of a session
# Inactivity after which a session ends (prevex/accounts/middleware.py); the last
# activity goes into a cookie signed for the session (never a session write), renewed at
# most every PREVEX_SESSION_TOUCH_SECONDS.
PREVEX_SESSION_IDLE_MINUTES = int(os.environ.get("PREVEX_SESSION_IDLE_MINUTES", "30"))
# A nominative export asks for the password (and the TOTP code) again, valid this long.
PREVEX_REAUTH_MINUTES = int(os.environ.get("PREVEX_REAUTH_MINUTES", "5"))
PREVEX_SESSION_TOUCH_SECONDS = int(os.environ.get("PREVEX_SESSION_TOUCH_SECONDS", "60"))
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": ["'none'"],
        "form-action": [SELF],
    }
}

# Retention: closed files are anonymised after this many months (prevex/households/retention.py).
PREVEX_RETENTION_MONTHS = int(os.environ.get("PREVEX_RETENTION_MONTHS", "24"))

# Bounds of an imported file, checked before anything is stored (prevex/intake/bounds.py).
PREVEX_IMPORT_MAX_ROWS = int(os.environ.get("PREVEX_IMPORT_MAX_ROWS", "200000"))
PREVEX_IMPORT_MAX_COLUMNS = int(os.environ.get("PREVEX_IMPORT_MAX_COLUMNS", "100"))
PREVEX_IMPORT_MAX_CELL_CHARS = int(os.environ.get("PREVEX_IMPORT_MAX_CELL_CHARS", "1000"))
PREVEX_IMPORT_MAX_UNCOMPRESSED_MB = int(os.environ.get("PREVEX_IMPORT_MAX_UNCOMPRESSED_MB", "150"))
PREVEX_IMPORT_MAX_SHARED_STRINGS_MB = int(
    os.environ.get("PREVEX_IMPORT_MAX_SHARED_STRINGS_MB", "40")
)

# Reads' journal rows (prevex/audit/buffer.py): how long a read waits for SQLite's write
# lock before its rows are spooled to files, inserted later.
PREVEX_JOURNAL_WAIT_SECONDS = float(os.environ.get("PREVEX_JOURNAL_WAIT_SECONDS", "0.05"))
PREVEX_JOURNAL_SPOOL_DIR = Path(
    os.environ.get("PREVEX_JOURNAL_SPOOL_DIR", BASE_DIR / "var" / "journal-spool")
)

# Backups (manage.py backup / restore): where they go.
# and, when set, the Fernet key that encrypts them (manage.py backup --nouvelle-cle).
PREVEX_BACKUP_KEY = os.environ.get("PREVEX_BACKUP_KEY", "")
PREVEX_BACKUP_DIR = Path(os.environ.get("PREVEX_BACKUP_DIR", BASE_DIR / "var" / "backups"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("PREVEX_LOG_LEVEL", "INFO")},
}

# API v1 rate limits, per token (prevex/api/ratelimit.py).
PREVEX_API_REQUESTS_PER_MINUTE = int(os.environ.get("PREVEX_API_REQUESTS_PER_MINUTE", "60"))
PREVEX_API_ROWS_PER_DAY = int(os.environ.get("PREVEX_API_ROWS_PER_DAY", "100000"))
