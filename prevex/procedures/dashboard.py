"""The dashboard's list of procedures: filters, a page of rows, the CSV rows.

The dashboard is a list of procedures, so it lives here; the page layer (prevex.pages)
shows it as a panel (prevex.procedures.panels) and serves the CSV export.

Counting: a secretariat sees every open procedure of its département (tens of thousands).
The list counts at most ``COUNT_CAP`` + 1 rows (« plus de 1 000 dossiers ») instead of
all of them, and pages on while rows remain; the rows come, soonest deadline first, from
one index (see ``Procedure.Meta.indexes``). See docs/decisions/2026-11-30-dashboard.md.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from django import forms
from django.db.models import QuerySet
from django.forms.utils import flatatt
from django.template.defaultfilters import floatformat
from django.utils.html import format_html, format_html_join

from prevex.accounts.models import Membership
from prevex.core.forms import DsfrFormMixin
from prevex.core.models import Commune
from prevex.core.spreadsheet import safe_cell
from prevex.households.models import Member, MemberRole, Parc

from .models import Stage
from .selectors import DashboardFilters, dashboard_procedures

PAGE_SIZE = 25
COUNT_CAP = 1000
EXPORT_MAX = 10_000

STAGE_CHOICES = [("", "Toutes les étapes")] + Stage.choices
STATUS_CHOICES = [("ouverts", "En cours"), ("clos", "Clôturés"), ("tous", "Tous")]


class Select(forms.Select):
    """Django's select, its options written in Python: the template engine renders each
    option through its own template, and the filters' sixty options cost more than the
    whole list of procedures. Same HTML; same class name, so that ``field.widget_type``
    stays ``select`` for the DSFR field template."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], flatatt(option["attrs"]), option["label"])
                for _, group, _ in widget["optgroups"]
                for option in group
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(widget["attrs"]), options
        )


class DashboardFilterForm(DsfrFormMixin, forms.Form):
    stage = forms.ChoiceField(label="Étape", choices=STAGE_CHOICES, required=False, widget=Select)
    parc = forms.ChoiceField(
        label="Parc",
        choices=[("", "Tous les parcs")] + Parc.choices,
        required=False,
        widget=Select,
    )
    commune = forms.ChoiceField(label="Commune", required=False, widget=Select)
    deadline_days = forms.IntegerField(
        label="Échéance dans les … jours",
        min_value=0,
        max_value=366,
        required=False,
        error_messages={
            "invalid": "Indiquez un nombre de jours.",
            "min_value": "Le nombre de jours ne peut pas être négatif.",
            "max_value": "366 jours au plus.",
        },
    )
    status = forms.ChoiceField(
        label="Statut", choices=STATUS_CHOICES, required=False, widget=Select
    )

    def __init__(self, *args, communes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].choices = [("", "Toutes les communes")] + [
            (c.insee, c.name) for c in communes
        ]


def dashboard_filters(
    *, membership: Membership, params
) -> tuple[DashboardFilterForm, DashboardFilters]:
    """The filter form (bound to the query string) and the filters it gives."""
    communes = Commune.objects.filter(
        departement_id=membership.organisation.departement_id
    ).order_by("name")
    form = DashboardFilterForm(params or None, communes=communes)
    filters = DashboardFilters()
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        filters = DashboardFilters(
            stage=d["stage"] or "",
            parc=d["parc"] or "",
            commune=d["commune"] or "",
            deadline_days=d["deadline_days"],
            status=d["status"] or "ouverts",
        )
    return form, filters


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
    list reads only the columns it shows)."""

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


def _day(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _rows(values: list[tuple]) -> list[ListRow]:
    holders: dict[int, list[str]] = {}
    for household_id, last_name, first_name in (
        Member.objects.filter(household_id__in={v[1] for v in values}, role__in=HOLDER_ROLES)
        .order_by("role", "id")
        .values_list("household_id", "last_name", "first_name")
    ):
        holders.setdefault(household_id, []).append(f"{last_name.upper()} {first_name}")
    rows = []
    for _, hid, reference, parc, commune, stage, stage_date, closed_on, debt, deadline in values:
        rows.append(
            ListRow(
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
        )
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


EXPORT_HEADER = ["référence", "titulaire", "commune", "parc", "étape", "date", "dette", "échéance"]


def export_rows(*, membership: Membership, filters: DashboardFilters) -> Iterator[list]:
    """The filtered list as CSV rows (header first), at most ``EXPORT_MAX`` procedures.
    Free-text cells have spreadsheet formulas neutralised."""
    yield EXPORT_HEADER
    for p in dashboard_procedures(membership=membership, filters=filters)[:EXPORT_MAX]:
        h = p.household
        holder = h.holders[0] if h.holders else None
        yield [
            safe_cell(h.reference),
            safe_cell(f"{holder.last_name} {holder.first_name}" if holder else ""),
            safe_cell(h.commune.name),
            h.get_parc_display(),
            p.get_stage_display(),
            p.stage_date.strftime("%d/%m/%Y"),
            p.current_debt if p.current_debt is not None else "",
            p.key_deadline.strftime("%d/%m/%Y") if p.key_deadline else "",
        ]
