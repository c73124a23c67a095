"""The commission's documents: the file summary (page and PDF), the session's minutes
(« procès-verbal ») and the letter to the household after the session.

Made with WeasyPrint exactly like the DSF (``prevex/support/pdf.py``): the vendored DejaVu
fonts, nothing fetched (``_no_fetch``). The summary page and its PDF share one context
builder (``summary_context``) and one fragment (``commissions/summary/_sections.html``);
``summary_html`` is the PDF's HTML alone (what ``bench/commission.py`` compares).

Each builder returns ``None`` when the reader may not have the document; the public
functions then raise ``Http404`` (a file one may not see is never hinted at). Nothing is
journaled here: the views journal what they send.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Prefetch
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone

from prevex.access.gate import groups_for
from prevex.access.groups import FieldGroup, declared_groups
from prevex.accounts.models import Membership
from prevex.households.models import Member
from prevex.support.groups import SUIVI
from prevex.support.pdf import FONTS, _no_fetch

from . import perms
from .choices import AddresseeKind
from .models import AgendaItem, Recommendation
from .summary import session_day, summary_for_reader
from .summary_sections import HOLDER_ROLES, person

NOT_FOUND = "Document introuvable."


# --------------------------------------------------------------------------- display


def revive(value, key: str = ""):
    """The stored document with Python values again, for the templates: ``…_on`` dates,
    ``…_at`` moments (local time; also a contact's ``at``, stored so in the summaries
    frozen since the beginning), ``…_eur`` amounts (see ``summary_sections``)."""
    if isinstance(value, dict):
        return {k: revive(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [revive(v, key) for v in value]
    if not isinstance(value, str) or not value:
        return value
    try:
        if key.endswith("_on") or key == "as_of":
            return datetime.date.fromisoformat(value)
        if key.endswith("_at") or key == "at":
            return timezone.localtime(datetime.datetime.fromisoformat(value))
        if key.endswith("_eur"):
            return Decimal(value)
    except (ValueError, ArithmeticError):  # not a stored value: shown as it is
        return value
    return value


def fonts() -> dict:
    return {
        "font_regular": (FONTS / "DejaVuSans.ttf").as_uri(),
        "font_bold": (FONTS / "DejaVuSans-Bold.ttf").as_uri(),
    }


def group_labels() -> dict[str, str]:
    return {spec.code: spec.label for spec in declared_groups()}


def to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # heavy import, only when a PDF is asked

    return HTML(string=html, url_fetcher=_no_fetch).write_pdf()


def agenda_item(item_id) -> AgendaItem | None:
    """The agenda item with its session, commission and household (no access decided)."""
    if not str(item_id).isdigit():
        return None
    return (
        AgendaItem.objects.select_related("session__commission", "household__commune")
        .filter(pk=item_id)
        .first()
    )


# --------------------------------------------------------------------------- summary


def summary_context(*, item: AgendaItem, membership: Membership) -> dict | None:
    """What the summary page and its PDF show to this reader (``None``: nothing)."""
    document = summary_for_reader(item=item, membership=membership)
    if document is None:
        return None
    document = revive(document)
    sections = document["sections"]
    labels = group_labels()
    return {
        "item": item,
        "session": item.session,
        "commission": item.session.commission,
        "session_on": session_day(item.session),
        "document": document,
        "lease": sections.get(FieldGroup.LEASE),
        "identity": sections.get(FieldGroup.IDENTITY),
        "procedure": sections.get(FieldGroup.PROCEDURE),
        "social": sections.get(FieldGroup.SOCIAL),
        "health": sections.get(FieldGroup.HEALTH),
        "suivi": sections.get(SUIVI),
        "hidden": [
            labels.get(code, code) for code in labels if code not in document["reader_groups"]
        ],
        "printed_at": timezone.localtime(),
        **fonts(),
    }


def summary_html(*, item: AgendaItem, membership: Membership) -> str:
    """The summary's PDF as HTML alone (no WeasyPrint): what the reader may see only."""
    context = summary_context(item=item, membership=membership)
    if context is None:
        raise Http404(NOT_FOUND)
    return render_to_string("commissions/pdf/summary.html", context)


def summary_pdf(*, item: AgendaItem, membership: Membership) -> bytes:
    return to_pdf(summary_html(item=item, membership=membership))


# --------------------------------------------------------------------------- minutes


def _holders(household_ids) -> dict[int, list[str]]:
    names: dict[int, list[str]] = {}
    for member in Member.objects.filter(
        household_id__in=sorted(household_ids), role__in=HOLDER_ROLES
    ).order_by("household_id", "role", "id"):
        names.setdefault(member.household_id, []).append(person(member))
    return names


def minutes_context(*, session, membership: Membership) -> dict | None:
    """The minutes: for the commission's secretariat and its members only. The files'
    identities (lease holders, commune) only where the reader reads LEASE today."""
    commission = session.commission
    if not perms.sees(membership, commission):
        return None
    recommendations = Recommendation.objects.select_related("type", "addressee").order_by(
        "due_on", "id"
    )
    items = list(
        AgendaItem.objects.filter(session_id=session.pk)
        .select_related("household__commune")
        .prefetch_related(Prefetch("recommendations", queryset=recommendations))
        .order_by("position", "id")
    )
    named = {
        item.household_id
        for item in items
        if FieldGroup.LEASE in groups_for(membership=membership, household=item.household)
    }
    holders = _holders(named)
    rows = [
        {
            "item": item,
            "named": item.household_id in named,
            "holders": holders.get(item.household_id, []),
            "recommendations": list(item.recommendations.all()),
        }
        for item in items
    ]
    attendances = list(session.attendances.select_related("organisation").all())
    present = sum(1 for a in attendances if a.present)
    return {
        "session": session,
        "commission": commission,
        "session_on": session_day(session),
        "attendances": attendances,
        "present": present,
        "quorum": commission.quorum,
        "quorum_reached": present >= commission.quorum,
        "examined": [row for row in rows if row["item"].examined],
        "not_examined": [row for row in rows if not row["item"].examined],
        "named_household_ids": sorted(named),
        "printed_at": timezone.localtime(),
        **fonts(),
    }


def render_minutes(context: dict) -> bytes:
    return to_pdf(render_to_string("commissions/pdf/minutes.html", context))


def minutes_pdf(*, session, membership: Membership) -> bytes:
    context = minutes_context(session=session, membership=membership)
    if context is None:
        raise Http404(NOT_FOUND)
    return render_minutes(context)


# --------------------------------------------------------------------------- letter


def letter_context(*, item: AgendaItem, membership: Membership) -> dict | None:
    """The letter to the household: the commission's secretariat only, and only while it
    reads the file's lease holders and address (LEASE)."""
    session = item.session
    commission = session.commission
    if not perms.manages(membership, commission):
        return None
    if FieldGroup.LEASE not in groups_for(membership=membership, household=item.household):
        return None
    recommendations = list(
        Recommendation.objects.filter(item_id=item.pk)
        .select_related("type", "addressee")
        .order_by("due_on", "id")
    )
    to_household = [r for r in recommendations if r.addressee_kind == AddresseeKind.MENAGE]
    partners = {}
    for reco in recommendations:
        if reco.addressee_id is not None:
            partners.setdefault(reco.addressee_id, reco.addressee)
    return {
        "item": item,
        "session": session,
        "commission": commission,
        "session_on": session_day(session),
        "household": item.household,
        "holders": _holders([item.household_id]).get(item.household_id, []),
        "to_household": to_household,
        "partners": list(partners.values()),
        "secretariat": commission.secretariat,
        "printed_at": timezone.localtime(),
        **fonts(),
    }


def household_letter_pdf(*, item: AgendaItem, membership: Membership) -> bytes:
    context = letter_context(item=item, membership=membership)
    if context is None:
        raise Http404(NOT_FOUND)
    return to_pdf(render_to_string("commissions/pdf/letter.html", context))
