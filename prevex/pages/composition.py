"""Assembling a composed page from the panels the apps declared (prevex.core.panels)."""

from __future__ import annotations

from dataclasses import dataclass

from prevex.core.panels import Panel, panels_of


@dataclass
class RenderedPanel:
    name: str
    template: str
    context: dict


def compose(page: str, subject, *, slot: str | None = None, groups=None) -> list[RenderedPanel]:
    """The panels of ``page`` (one slot) this reader may see, each with its context.

    A panel that needs a field group the reader lacks is skipped before its selector
    runs; a selector that returns None leaves its panel out."""
    shown = []
    for panel in panels_of(page, slot=slot):
        if not _allowed(panel, groups):
            continue
        context = panel.selector(subject)
        if context is not None:
            shown.append(RenderedPanel(panel.name, panel.template, context))
    return shown


def _allowed(panel: Panel, groups) -> bool:
    return panel.group is None or (groups is not None and panel.group in groups)
