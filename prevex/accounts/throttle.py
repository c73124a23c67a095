"""Throttling of logins per client address, whatever the usernames tried.

django-axes locks a username from one address (``AXES_LOCKOUT_PARAMETERS``): one address
could still try a few passwords on each of many accounts. Here, once the failures
recorded by axes from one address (all usernames together) reach
``PREVEX_LOGIN_IP_FAILURE_LIMIT`` within the cool-off, every login from that address is
refused until the cool-off has passed. The address is the client's, seen through the
trusted proxies (``prevex.core.clientip``). Counts live in the database (axes' table):
they hold across workers.
"""

import datetime
import math

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

from prevex.core.clientip import client_ip

IP_THROTTLED = (
    "Trop de tentatives de connexion échouées depuis votre adresse réseau : les connexions "
    "depuis cette adresse sont suspendues pendant un moment. Réessayez plus tard ou "
    "contactez votre administrateur."
)


def ip_failures(ip: str) -> int:
    since = timezone.now() - datetime.timedelta(hours=float(settings.AXES_COOLOFF_TIME))
    total = AccessAttempt.objects.filter(ip_address=ip, attempt_time__gte=since).aggregate(
        n=Sum("failures_since_start")
    )["n"]
    return total or 0


def ip_is_throttled(request) -> bool:
    ip = client_ip(request)
    return bool(ip) and ip_failures(ip) >= settings.PREVEX_LOGIN_IP_FAILURE_LIMIT


# Back-off per username and address, before axes' lockout: no CAPTCHA, a growing delay.
BACKOFF_REFUSAL = (
    "Plusieurs mots de passe erronés pour cet identifiant : patientez {seconds} seconde{s} "
    "avant de réessayer."
)


def backoff_seconds(failures: int) -> int:
    """The delay imposed after ``failures`` failed logins for one username from one
    address: none for the first ``PREVEX_LOGIN_BACKOFF_FREE`` failures, then the base
    delay, doubled at each further failure, capped."""
    free = settings.PREVEX_LOGIN_BACKOFF_FREE
    if failures < free:
        return 0
    delay = settings.PREVEX_LOGIN_BACKOFF_SECONDS * 2 ** min(failures - free, 30)
    return min(delay, settings.PREVEX_LOGIN_BACKOFF_MAX_SECONDS)


def backoff_remaining(request, username: str) -> int:
    """Seconds before this address may try this username again (0: now)."""
    ip = client_ip(request)
    if not ip or not username:
        return 0
    since = timezone.now() - datetime.timedelta(hours=float(settings.AXES_COOLOFF_TIME))
    attempt = (
        AccessAttempt.objects.filter(ip_address=ip, username=username, attempt_time__gte=since)
        .order_by("-attempt_time")
        .first()
    )
    if attempt is None:
        return 0
    wait = backoff_seconds(attempt.failures_since_start)
    left = attempt.attempt_time + datetime.timedelta(seconds=wait) - timezone.now()
    return max(0, math.ceil(left.total_seconds()))


def backoff_refusal(seconds: int) -> str:
    return BACKOFF_REFUSAL.format(seconds=seconds, s="s" if seconds > 1 else "")
