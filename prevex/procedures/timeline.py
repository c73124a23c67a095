"""The procedure timeline as display lines, composed once in Python.

The file page is the most read page of prevex; building each act's line here instead of
in the template (method calls, filters and a dozen lookups per act) keeps its cost flat.
The entries are text; ``line_html`` writes an entry's ``<li>`` once, every value escaped
by ``conditional_escape`` (docs/decisions/2026-12-01-timeline-lines-in-python.md).
"""

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.html import conditional_escape as _esc
from django.utils.safestring import SafeString
from django.utils.text import capfirst

from prevex.core.panels import timeline_items

from .models import Channel, Event


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    heading: str  # « 12/03/2025 — Assignation »
    details: str  # « · dette 1 234,56 € · audience le … »
    source: str
    recorded: str  # « enregistré par Prénom Nom (Organisation), via import »
    notes: str
    flagged: str
    kind: str = ""  # an act; other apps' lines (core.panels.TimelineItem) name theirs


def euros(amount) -> str:
    """« 1 234,56 » as the French locale writes it (same as ``floatformat:"2g"``)."""
    return number_format(amount, 2, use_l10n=True, force_grouping=True)


EURO = "\u00a0€"  # tied to its amount: never « 1 234,56 » then « € » alone on the next line


def recorded_text(
    *, first_name: str | None, last_name: str | None, organisation: str | None, channel: str
) -> str:
    """Who recorded an act, for which organisation, through which channel."""
    name = " ".join(p for p in (first_name or "", last_name or "") if p).strip()
    text = "enregistré"
    if name:
        text += f" par {name}"
        if organisation:
            text += f" ({organisation})"
    elif organisation:
        text += f" pour {organisation}"
    if channel:
        text += f", via {Channel(channel).label}"
    return "" if text == "enregistré" else text


def timeline_entry(event: Event) -> TimelineEntry:
    """The display line of an act read by the file page's SQL (``source_name`` and the
    ``recorder_*`` columns come with it)."""
    parts = []
    if event.debt_amount is not None:
        parts.append(f"dette {euros(event.debt_amount)}{EURO}")
    if event.hearing_date:
        parts.append(f"audience le {event.hearing_date:%d/%m/%Y}")
    if event.decision:
        decision = event.get_decision_display()
        if event.contradictoire is True:
            decision += " (contradictoire)"
        elif event.contradictoire is False:
            decision += " (non contradictoire)"
        parts.append(decision)
    if event.grace_months:
        parts.append(f"délais de {event.grace_months} mois")
    if event.served_on:
        parts.append(f"signifié le {event.served_on:%d/%m/%Y}")
    if event.cfp_decision:
        parts.append(event.get_cfp_decision_display())
    if event.payment_months:
        plan = f"délais de paiement de {event.payment_months} mois"
        if event.instalment_amount is not None:
            plan += f", échéances de {euros(event.instalment_amount)}{EURO}"
        if event.first_instalment_on:
            plan += f" à partir du {event.first_instalment_on:%d/%m/%Y}"
        parts.append(plan)
    if event.instalment_missed_on:
        parts.append(f"échéance impayée le {event.instalment_missed_on:%d/%m/%Y}")
    return TimelineEntry(
        heading=f"{event.date:%d/%m/%Y} — {event.get_stage_display()}",
        details="".join(f" · {p}" for p in parts),
        source=getattr(event, "source_name", None) or "",
        recorded=recorded_text(
            first_name=getattr(event, "recorder_first_name", None),
            last_name=getattr(event, "recorder_last_name", None),
            organisation=getattr(event, "recorder_organisation", None),
            channel=event.channel,
        ),
        notes=event.notes,
        flagged=event.flagged,
    )


def line_html(entry) -> SafeString:
    """The ``<li>`` of a timeline entry (an act's ``TimelineEntry`` or another app's
    ``core.panels.TimelineItem``), as the procedure block shows it (``block.py``); every
    value escaped (``conditional_escape``: a file page writes some twenty of them)."""
    if entry.kind:
        kind = _esc(entry.kind)
        html = (
            f'<li class="prevex-timeline__other" data-kind="{kind}">'
            f'<span class="fr-tag fr-tag--sm">{_esc(capfirst(entry.kind))}</span>\n'
            f"<strong>{_esc(entry.heading)}</strong>{_esc(entry.details)}"
        )
    else:
        html = f"<li><strong>{_esc(entry.heading)}</strong>{_esc(entry.details)}"
    if entry.source or entry.recorded:
        source = ""
        if entry.source:
            source = f"Transmis par {_esc(entry.source)}{' · ' if entry.recorded else ''}"
        html += f'\n<br><span class="fr-text--xs">{source}{_esc(entry.recorded)}</span>'
    if entry.notes:
        html += f'\n<br><span class="fr-text--sm">{_esc(entry.notes)}</span>'
    if entry.flagged:
        html += f'\n<p class="fr-badge fr-badge--warning fr-badge--sm">{_esc(entry.flagged)}</p>'
    return SafeString(html + "</li>")


def with_other_lines(views: list, *, household_id: int, groups) -> list:
    """The procedures' timelines with the lines other apps add (``core.panels``: the
    support measures' steps for readers of the follow-up), each in date order after the
    acts of the same day. A line goes to the latest procedure opened on or before its
    date (the oldest procedure for a line older than every procedure); a file without a
    procedure shows none (the « Suivi » section lists them). ``views`` are
    ``ProcedureView`` rows, newest first, changed in place."""
    if not views:
        return views
    items = timeline_items(household_id=household_id, groups=groups)
    if not items:
        return views
    by_view: dict[int, list] = {}
    for item in items:
        target = next((i for i, pv in enumerate(views) if pv.procedure.opened_on <= item.on), None)
        by_view.setdefault(len(views) - 1 if target is None else target, []).append(item)
    for index, extra in by_view.items():
        pv = views[index]
        dates = [e.date for e in pv.events if not e.pending_review]
        lines = [
            (day, 0, n, entry)
            for n, (day, entry) in enumerate(zip(dates, pv.timeline, strict=True))
        ]
        lines += [(item.on, 1, n, item) for n, item in enumerate(extra)]
        pv.timeline = [line[3] for line in sorted(lines, key=lambda x: x[:3])]
    return views
