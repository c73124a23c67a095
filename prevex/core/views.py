"""Health checks, without login: ``/sante/vivant/`` (the process answers) and ``/sante/``
(the database and the job queue answer too), for the container's health check and for
monitoring (docs/operations.md)."""

import logging

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpResponse, JsonResponse

logger = logging.getLogger(__name__)


@login_not_required
def liveness(request):
    """Trivial view: the reference of the benchmarks (no database, no template)."""
    return HttpResponse("ok", content_type="text/plain")


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _queue() -> None:
    from huey.contrib.djhuey import HUEY

    HUEY.pending_count()  # reaches the queue's storage (SQLite file or Redis)


@login_not_required
def health(request):
    """200 with ``{"database": "ok", "queue": "ok"}``, or 503 naming what fails."""
    checks = {}
    for name, probe in (("database", _database), ("queue", _queue)):
        try:
            probe()
            checks[name] = "ok"
        except Exception:  # any failure is the answer, never a 500
            logger.exception("Contrôle de santé : %s en échec", name)
            checks[name] = "erreur"
    status = 200 if all(v == "ok" for v in checks.values()) else 503
    return JsonResponse(checks, status=status)
