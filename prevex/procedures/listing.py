"""One page of the dashboard's list, at département scale.

A secretariat sees every open procedure of its département (tens of thousands). The list
counts at most ``COUNT_CAP`` + 1 rows (« plus de 1 000 dossiers ») instead of all of them
and pages on while rows remain; the rows come, soonest deadline first, in the order of one
index (``procedure_open_by_deadline``), as values of the ten columns shown, and each line
is written once in Python. See docs/decisions/2026-11-30-dashboard.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.db.models import QuerySet
from django.template.defaultfilters import floatformat
from django.utils.html import format_html

from prevex.core.reversing import reverse_ids
from prevex.households.models import Member, MemberRole, Parc, holder_first

from .models import Stage

PAGE_SIZE = 25
COUNT_CAP = 1000


@dataclass
class ListPage:
    """One page of the list. ``count`` is exact up to ``COUNT_CAP``; beyond, it is
    ``COUNT_CAP + 1`` and ``capped`` is true (the number of pages is then unknown)."""

    object_list: list
    number: int
    count: int
    has_next: bool
    page_size: int

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP

    @property
    def cap(self) -> int:
        return COUNT_CAP

    @property
    def num_pages(self) -> int | None:
        return None if self.capped else max(1, math.ceil(self.count / self.page_size))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


LIST_COLUMNS = (
    "id",
    "household_id",
    "household__reference",
    "household__parc",
    "household__commune__name",
    "stage",
    "stage_date",
    "closed_on",
    "current_debt",
    "key_deadline",
)
PARC_LABELS = dict(Parc.choices)
STAGE_LABELS = dict(Stage.choices)
HOLDER_ROLES = (MemberRole.TITULAIRE, MemberRole.COTITULAIRE)


@dataclass
class ListRow:
    """One line of the list, its texts composed once in Python (no model instances: the
    list reads only the columns it shows). ``html`` is the table row."""

    household_id: int
    reference: str
    holders: str
    commune: str
    parc: str
    stage: str
    closed_on: str
    stage_date: str
    debt: str
    deadline: str
    html: str = ""


def _day(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


# Each cell carries its column's name (« data-label », shown on a phone), the header of
# procedures/panels/list.html.
# The long cells (the holders of a couple, a stage such as « Saisine de la CCAPEX par le
# bailleur (social ou personne morale) », a deadline's label) wrap (« fr-cell--multiline »):
# the design system's tables do not, and the list then ran past the page's width on every
# screen, its last column, the next deadline, out of sight.
ROW = (
    '<tr><td class="fr-cell--multiline" data-label="Ménage"><a href="{}">{}</a><br>'
    '<span class="fr-text--xs">{}</span></td>'
    '<td data-label="Commune">{}</td><td data-label="Parc">{}</td>'
    '<td class="fr-cell--multiline" data-label="Étape">'
    '<span class="fr-badge fr-badge--sm {} fr-badge--no-icon">{}</span>'
    '<br><span class="fr-text--xs">{}</span></td>'
    '<td data-label="Dette">{}</td>'
    '<td class="fr-cell--multiline" data-label="Prochaine échéance">{}</td></tr>'
)


def _row_html(row: ListRow, url: str) -> str:
    return format_html(
        ROW,
        url,
        row.holders or row.reference,
        row.reference,
        row.commune,
        row.parc,
        "fr-badge--success" if row.closed_on else "fr-badge--info",
        row.stage,
        f"clôturée le {row.closed_on}" if row.closed_on else f"depuis le {row.stage_date}",
        row.debt,
        row.deadline or "—",
    )


def _rows(values: list[tuple]) -> list[ListRow]:
    holders: dict[int, list[str]] = {}
    for household_id, last_name, first_name in (
        Member.objects.filter(household_id__in={v[1] for v in values}, role__in=HOLDER_ROLES)
        .order_by(holder_first(), "id")
        .values_list("household_id", "last_name", "first_name")
    ):
        holders.setdefault(household_id, []).append(f"{last_name.upper()} {first_name}")
    rows = []
    for _, hid, reference, parc, commune, stage, stage_date, closed_on, debt, deadline in values:
        row = ListRow(
            household_id=hid,
            reference=reference,
            holders=" et ".join(holders.get(hid, ())),
            commune=commune,
            parc=PARC_LABELS.get(parc, parc),
            stage=STAGE_LABELS.get(stage, stage),
            closed_on=_day(closed_on),
            stage_date=_day(stage_date),
            debt=f"{floatformat(debt, '2g')} €" if debt is not None else "",
            deadline=_day(deadline),
        )
        # One reverse() per process, not one per line (core.reversing).
        row.html = _row_html(row, reverse_ids("households:detail", [hid]))
        rows.append(row)
    return rows


def _page_number(raw) -> int:
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return 1
    return max(1, number)


def list_page(queryset: QuerySet, raw_number) -> ListPage:
    """Page ``raw_number`` of the procedures of ``queryset`` as list rows (a bad number
    gives the first page, one past the end the last), counting at most ``COUNT_CAP`` + 1."""
    number, page_size = _page_number(raw_number), PAGE_SIZE
    count = queryset.order_by().values("pk")[: COUNT_CAP + 1].count()
    if count <= COUNT_CAP:
        number = min(number, max(1, math.ceil(count / page_size)))
    values = queryset.prefetch_related(None).values_list(*LIST_COLUMNS)
    found = list(values[(number - 1) * page_size : number * page_size + 1])
    if not found and number > 1:  # past the end of a long list: its last page
        number = max(1, math.ceil(queryset.count() / page_size))
        found = list(values[(number - 1) * page_size : number * page_size + 1])
    rows = _rows(found[:page_size]) if found else []
    return ListPage(rows, number, count, len(found) > page_size, page_size)
