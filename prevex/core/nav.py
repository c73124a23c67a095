"""Which entries of the main menu an organisation sees, when an app decides it.

The menu (``templatetags/prevex_chrome.NAV``) lives in core, below every app; an app
whose page is refused to some organisations declares it here (``nav_rule``, from its
``AppConfig.ready``), so that the menu never offers a page that would refuse them.
"""

from __future__ import annotations

from collections.abc import Callable

NavRule = Callable[[str, str], bool]  # (organisation type, role) → shown?
_RULES: dict[str, NavRule] = {}


def nav_rule(key: str, rule: NavRule) -> None:
    """The menu entry ``key`` is shown only when ``rule(organisation type, role)``."""
    _RULES[key] = rule


def nav_allows(key: str, organisation_type: str, role: str) -> bool:
    rule = _RULES.get(key)
    return rule is None or rule(organisation_type, role)
