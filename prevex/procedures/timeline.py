"""The procedure timeline as display lines, composed once in Python.

The file page is the most read page of prevex; building each act's line here instead of
in the template (method calls, filters and a dozen lookups per act) keeps its cost flat.
Text only: the template escapes it.
"""

from dataclasses import dataclass

from django.utils.formats import number_format

from .models import Event


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    heading: str  # « 12/03/2025 — Assignation »
    details: str  # « · dette 1 234,56 € · audience le … »
    source: str
    notes: str
    flagged: str


def euros(amount) -> str:
    """« 1 234,56 » as the French locale writes it (same as ``floatformat:"2g"``)."""
    return number_format(amount, 2, use_l10n=True, force_grouping=True)


def timeline_entry(event: Event, source_name: str | None) -> TimelineEntry:
    parts = []
    if event.debt_amount is not None:
        parts.append(f"dette {euros(event.debt_amount)} €")
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
    if event.cfp_decision:
        parts.append(event.get_cfp_decision_display())
    return TimelineEntry(
        heading=f"{event.date:%d/%m/%Y} — {event.get_stage_display()}",
        details="".join(f" · {p}" for p in parts),
        source=source_name or "",
        notes=event.notes,
        flagged=event.flagged,
    )
