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
