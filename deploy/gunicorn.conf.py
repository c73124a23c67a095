"""gunicorn settings for prevex (docs/operations.md). Every value can be overridden on the
command line or by the environment variables named below."""

import multiprocessing
import os

bind = os.environ.get("PREVEX_BIND", "0.0.0.0:8000")  # noqa: S104 (behind the reverse proxy)
workers = int(os.environ.get("PREVEX_WORKERS", str(min(4, multiprocessing.cpu_count() * 2 + 1))))
threads = int(os.environ.get("PREVEX_THREADS", "2"))
timeout = int(os.environ.get("PREVEX_REQUEST_TIMEOUT", "60"))
graceful_timeout = 30
# Longer than a client's pause between two requests on one connection: otherwise the
# server may close it just as the client reuses it (« connection closed » for the client).
keepalive = int(os.environ.get("PREVEX_KEEPALIVE", "5"))
max_requests = 2000
max_requests_jitter = 200
# One line per request on the standard output, collected by the container or journald.
accesslog = "-"
errorlog = "-"
# The proxies whose X-Forwarded-* headers gunicorn believes (Django reads its own
# setting, PREVEX_TRUSTED_PROXIES, for the client address and HTTPS).
forwarded_allow_ips = os.environ.get("PREVEX_TRUSTED_PROXIES", "127.0.0.1")
# gunicorn's runtime control socket (``gunicornc``, since 25.1) is not used: systemd or
# compose restart the server. Off, so that no management interface is left in the
# user's home (and two servers of one user do not share its path).
control_socket_disable = True
