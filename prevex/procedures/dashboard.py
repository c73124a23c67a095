"""The dashboard's list of procedures: its filters and its CSV rows (one page of the list
is in ``listing.py``).

The dashboard is a list of procedures, so it lives here; the page layer (prevex.pages)
shows it as a panel (prevex.procedures.panels) and serves the CSV export.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from prevex.accounts.models import Membership
from prevex.core.forms import DsfrFormMixin
from prevex.core.models import Commune
from prevex.core.spreadsheet import safe_cell
from prevex.households.models import Parc

from .models import Stage
from .selectors import DashboardFilters, dashboard_procedures

EXPORT_CHUNK = 2_000  # procedures read per query while the export streams

STAGE_CHOICES = [("", "Toutes les étapes")] + Stage.choices
STATUS_CHOICES = [("ouverts", "En cours"), ("clos", "Clôturés"), ("tous", "Tous")]


class Select(forms.Select):
    """Django's select, its options written in Python: the template engine renders each
    option through its own template, and the filters' sixty options cost more than the
    whole list of procedures. Same HTML; same class name, so that ``field.widget_type``
    stays ``select`` for the DSFR field template."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        options = "".join(
            f'<option value="{escape(v)}"{" selected" if str(v) in chosen else ""}>'
            f"{escape(label)}</option>"
            for v, label in self.choices
        )
        attributes = flatatt(self.build_attrs(self.attrs, attrs))
        options = mark_safe(options)  # noqa: S308 — every value and label escaped above
        return format_html('<select name="{}"{}>{}</select>', name, attributes, options)


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
    signalement = forms.ChoiceField(
        label="Signalement CCAPEX",
        choices=[("", "Tous les dossiers"), ("requis", "Signalement à la CCAPEX requis")],
        required=False,
        widget=Select,
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
            report_required=d.get("signalement") == "requis",
        )
    return form, filters


EXPORT_HEADER = ["référence", "titulaire", "commune", "parc", "étape", "date", "dette", "échéance"]


def french_decimal(value: Decimal | None) -> str:
    """« 1234,56 »: a decimal comma, no thousands separator (what a French spreadsheet
    reads as a number from a « ; »-separated file)."""
    return "" if value is None else f"{value:.2f}".replace(".", ",")


def export_rows(*, membership: Membership, filters: DashboardFilters) -> Iterator[list]:
    """The filtered list as CSV rows (header first): every procedure, read by chunks of
    ``EXPORT_CHUNK`` (the holders prefetched per chunk). Free-text cells have spreadsheet
    formulas neutralised; the lease holder (« titulaire ») is named, not the co-holder."""
    yield EXPORT_HEADER
    procedures = dashboard_procedures(membership=membership, filters=filters)
    for p in procedures.iterator(chunk_size=EXPORT_CHUNK):
        h = p.household
        holder = h.holders[0] if h.holders else None
        yield [
            safe_cell(h.reference),
            safe_cell(f"{holder.last_name} {holder.first_name}" if holder else ""),
            safe_cell(h.commune.name),
            h.get_parc_display(),
            p.get_stage_display(),
            p.stage_date.strftime("%d/%m/%Y"),
            french_decimal(p.current_debt),
            p.key_deadline.strftime("%d/%m/%Y") if p.key_deadline else "",
        ]
