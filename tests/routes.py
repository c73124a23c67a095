"""The routes of prevex's URL configuration, for the tests that sweep all of them (a
route added tomorrow is covered without being listed)."""

import re

from django.urls import get_resolver
from django.urls.resolvers import URLResolver


def routes(patterns=None, prefix=""):
    """Every route as written in the configuration (« menages/<id:household_id>/ »)."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


def filled(route: str, value) -> str:
    """The route's URL with every parameter set to ``value``."""
    return "/" + re.sub(r"<(?:\w+:)?\w+>", str(value), route)
