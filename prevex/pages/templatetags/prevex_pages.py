"""``{% panel p %}``: a panel's fragment rendered with its own context on top of the page's.
``{% fixed_url 'name' %}``: ``{% url 'name' %}`` for a URL without arguments, reversed
once per process and script prefix (the header and menu of every page: a dozen
``reverse()`` calls per page otherwise)."""

from functools import lru_cache

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()


@register.simple_tag(takes_context=True)
def panel(context, rendered):
    fragment = context.template.engine.get_template(rendered.template)
    with context.push(rendered.context):
        return fragment.render(context)


@lru_cache(maxsize=256)
def _reversed(name: str, prefix: str, urlconf) -> str:
    return reverse(name, urlconf=urlconf)


@register.simple_tag
def fixed_url(name: str) -> str:
    return _reversed(name, get_script_prefix(), get_urlconf())
