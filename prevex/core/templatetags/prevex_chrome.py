"""The pages' chrome (``base.html``): style sheets, scripts and the main menu, written in
Python once per process and reused.

Every page draws the same header: the DSFR and htmx tags (seven static files, each a
lookup in the manifest of hashed names) and a menu of ten links with « aria-current »
on one of them. Through the template engine that costs about a millisecond a page, as
much as the view that does nothing. Here:

- ``{% chrome_head %}`` and ``{% chrome_scripts %}`` give the same tags as DSFR's
  ``{% dsfr_css %}``/``{% dsfr_js %}`` and django-htmx's ``{% htmx_script %}``, built
  once (the request's CSP nonce written in each time);
- ``{% main_nav task_count %}``: the menu for the acting membership, built once per
  (organisation type, role, current entry); the count of open tasks written in each time.

Which entries a reader sees is :data:`NAV`; the URLs are Django's (``reverse``), so a
change of URL needs nothing here. ``clear()`` empties the caches (tests that change
settings).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from prevex.core.nav import nav_allows

register = template.Library()

_NONCE = "\x00nonce\x00"  # stands for the request's nonce in the cached scripts
_COUNT = "\x00count\x00"  # stands for the count of open tasks in the cached menu


@dataclass(frozen=True)
class NavEntry:
    key: str  # the page's ``nav`` context value that marks it current
    url_name: str
    label: str
    organisation_types: tuple[str, ...] = ()  # empty: every organisation
    roles: tuple[str, ...] = ()  # empty: every role


NAV = (
    NavEntry("home", "home", "À faire"),
    NavEntry("dashboard", "dashboard", "Dossiers"),
    NavEntry("alerts", "support:alerts", "Alertes"),
    NavEntry("referrals", "support:referrals", "Orientations"),
    NavEntry("commissions", "commissions:list", "Commissions"),
    NavEntry("create", "matching:household_create", "Nouveau ménage"),
    NavEntry("imports", "intake:batches", "Imports"),
    NavEntry("quarantine", "intake:quarantine", "Quarantaine"),
    NavEntry("review", "intake:review", "File de revue", organisation_types=("ETAT_CCAPEX",)),
    NavEntry("duplicates", "matching:flagged", "Doublons", organisation_types=("ETAT_CCAPEX",)),
    NavEntry("api", "api:tokens", "Jetons d'API", roles=("ADMIN", "RESPONSABLE")),
)


def _shown(entry: NavEntry, organisation_type: str, role: str) -> bool:
    return (
        (not entry.organisation_types or organisation_type in entry.organisation_types)
        and (not entry.roles or role in entry.roles)
        and nav_allows(entry.key, organisation_type, role)
    )


@cache
def _nav_html(organisation_type: str, role: str, current: str) -> str:
    items = []
    for entry in NAV:
        if not _shown(entry, organisation_type, role):
            continue
        current_attr = ' aria-current="page"' if entry.key == current else ""
        badge = ""
        if entry.key == "home":  # the count of open tasks, written in per request
            badge = (
                ' <span class="fr-badge fr-badge--sm fr-badge--no-icon fr-ml-1v"'
                f' id="open-task-count">{_COUNT}</span>'
            )
        items.append(
            '<li class="fr-nav__item">'
            f'<a class="fr-nav__link" href="{escape(reverse(entry.url_name))}"{current_attr}>'
            f"{escape(entry.label)}{badge}</a></li>"
        )
    return (
        '<nav class="fr-nav" id="navigation-menu" role="navigation" aria-label="Menu principal">'
        f'<ul class="fr-nav__list">{"".join(items)}</ul></nav>'
    )


@register.simple_tag(takes_context=True)
def main_nav(context, task_count) -> str:
    """The main menu for the acting membership, the page's ``nav`` entry marked current
    (« aria-current »)."""
    membership = context["membership"]
    current = context.get("nav") or ""
    html = _nav_html(str(membership.organisation.type), str(membership.role), str(current))
    return mark_safe(html.replace(_COUNT, escape(task_count)))  # noqa: S308 — built escaped


@cache
def _head_html() -> str:
    dsfr = render_to_string("prevex/chrome/dsfr_css.html")
    return dsfr + format_html(
        '<link rel="stylesheet" href="{}"><link rel="icon" href="{}" type="image/svg+xml">',
        static("prevex/prevex.css"),
        static("dsfr/dist/favicon/favicon.svg"),
    )


@register.simple_tag
def chrome_head() -> str:
    """The style sheets and the favicon (as ``{% dsfr_css %}`` and two ``<link>``)."""
    return mark_safe(_head_html())  # noqa: S308 — rendered by the template engine


@cache
def _scripts_html() -> str:
    # Rendered once with a stand-in nonce, written in per request.
    return render_to_string("prevex/chrome/scripts.html", {"nonce": _NONCE, "csp_nonce": _NONCE})


@register.simple_tag(takes_context=True)
def chrome_scripts(context) -> str:
    """DSFR's scripts and htmx, with the request's CSP nonce."""
    request = context.get("request")
    # str(): django-csp's nonce is lazy (and falsy until read); reading it here puts it
    # in the response's policy.
    lazy = getattr(request, "csp_nonce", None)
    nonce = str(lazy) if lazy is not None else ""
    html = _scripts_html()
    if not nonce:
        html = html.replace(f' nonce="{_NONCE}"', "")
    return mark_safe(html.replace(_NONCE, escape(nonce)))  # noqa: S308 — built escaped


def clear() -> None:
    _nav_html.cache_clear()
    _head_html.cache_clear()
    _scripts_html.cache_clear()


@receiver(setting_changed)
def _settings_changed(*, setting, **kwargs):
    if setting in {
        "DEBUG",
        "ROOT_URLCONF",
        "STATIC_URL",
        "STORAGES",
        "DSFR_USE_INTEGRITY_CHECKSUMS",
    }:
        clear()
