"""A procedure's block on the file page (heading, CCAPEX report, deadlines, next steps,
timeline, acts awaiting verification, actions), written once in Python.

The block is shown for every procedure of every file read, and re-sent alone by htmx
after an act is recorded. Written by the template engine it cost about a millisecond a
page (twenty tags and lookups); here each part is one ``format_html`` (every value
escaped) and the links are reversed once per shape (``core.reversing``). The forms that
come back inline with their errors (act, closure), the missed-instalment form and the
judgment's signification keep their templates: they are rendered only when shown.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from prevex.core.reversing import reverse_ids

HEAD = (
    '<section class="prevex-panel fr-mb-3w" id="procedure-{pk}" '
    'aria-labelledby="titre-procedure-{pk}">\n'
    '<h3 class="fr-h5" id="titre-procedure-{pk}">\n{ground} — ouverte le {opened}\n{badge}\n</h3>'
)
CLOSED = '<span class="fr-badge fr-badge--success fr-badge--sm">Clôturée le {} : {}</span>'
OPEN = '<span class="fr-badge fr-badge--info fr-badge--sm">Étape : {}</span>'
REPORT = (
    '\n<div class="fr-alert fr-alert--warning fr-alert--sm fr-mb-2w" '
    'data-testid="signalement-requis">\n<p>Signalement à la CCAPEX requis : {}.</p>\n</div>'
)
DEADLINES = (
    '\n<div class="fr-callout fr-py-2w fr-mb-2w">\n'
    '<h4 class="fr-callout__title fr-h6">Échéances calculées</h4>\n'
    '<ul class="fr-mb-0" data-testid="echeances">\n{}</ul>\n</div>'
)
DEADLINE = '<li class="{}">{}{}</li>\n'
# A passed deadline says so in words, not by its grey alone.
PASSED = ' <span class="fr-badge fr-badge--sm fr-badge--no-icon">{}</span>'
NEXT_STEPS = '\n<p class="fr-text--sm">\nÉtapes possibles ensuite :\n{}</p>'
NEXT_STEP = '<span class="fr-tag fr-tag--sm">{}</span>\n'
TIMELINE = '\n<ol class="prevex-timeline" aria-label="Chronologie de la procédure">\n{}</ol>'
PENDING = (
    '\n<h4 class="fr-h6 fr-mt-2w">Actes en attente de vérification</h4>\n'
    '<p class="fr-text--sm">Ces actes ne comptent pour aucune échéance tant que le '
    "secrétariat de la CCAPEX ne les a pas acceptés.</p>\n"
    '<ul data-testid="actes-en-attente">\n{}</ul>'
)
PENDING_LINE = (
    "<li>\n<strong>{}</strong>{}\n"
    '<span class="fr-badge fr-badge--warning fr-badge--sm">en attente de vérification</span>'
    "{}\n</li>\n"
)
FLAGGED = '<br><span class="fr-text--sm">{}</span>'
# A form sent from a page loaded before the procedure was closed (by someone else, or
# twice): no form is shown any more, its refusal still is.
REFUSED = '\n<div class="fr-alert fr-alert--error fr-alert--sm fr-mt-2w" role="alert">\n{}</div>'
REFUSAL = "<p>{}</p>\n"
ACTIONS = '\n<div id="procedure-{}-actions" class="fr-mt-2w">\n{}\n</div>'
BUTTONS = (
    '<ul class="fr-btns-group fr-btns-group--inline-sm fr-btns-group--sm">\n'
    '<li>\n<a class="fr-btn" href="{event}" hx-get="{event}" '
    'hx-target="#procedure-{pk}-actions">Enregistrer un acte</a>\n</li>\n{close}</ul>'
)
# Offered only to those who may close with some outcome (the act matrix, CLOTURE_*).
CLOSE_BUTTON = (
    '<li>\n<a class="fr-btn fr-btn--tertiary" href="{close}" hx-get="{close}" '
    'hx-target="#procedure-{pk}-actions">Clôturer la procédure</a>\n</li>\n'
)


def _heading(procedure) -> SafeString:
    if procedure.closed_on:
        badge = format_html(
            CLOSED, f"{procedure.closed_on:%d/%m/%Y}", procedure.get_outcome_display()
        )
    else:
        badge = format_html(OPEN, procedure.get_stage_display())
    return format_html(
        HEAD,
        pk=procedure.pk,
        ground=procedure.get_ground_display(),
        opened=f"{procedure.opened_on:%d/%m/%Y}",
        badge=badge,
    )


def _actions(
    pv, *, request, event_form, close_form, instalment_form, served_form, can_close
) -> SafeString:
    procedure = pv.procedure
    context = {"pv": pv, "event_form": event_form, "close_form": close_form}
    if event_form:
        inner = render_to_string("procedures/_event_form.html", context, request=request)
    elif close_form:
        inner = render_to_string("procedures/_close_form.html", context, request=request)
    else:
        inner = ""
        if pv.unserved_judgment is not None and served_form is not None:
            inner += render_to_string(
                "procedures/_served_form.html",
                {**context, "served_form": served_form},
                request=request,
            )
        if pv.plan_running and instalment_form is not None:
            inner += render_to_string(
                "procedures/_instalment_form.html",
                {**context, "instalment_form": instalment_form},
                request=request,
            )
        close = (
            format_html(
                CLOSE_BUTTON,
                pk=procedure.pk,
                close=reverse_ids("procedures:close_form", [procedure.pk]),
            )
            if can_close
            else ""
        )
        inner += format_html(
            BUTTONS,
            pk=procedure.pk,
            event=reverse_ids("procedures:event_form", [procedure.pk]),
            close=close,
        )
    return format_html(ACTIONS, procedure.pk, mark_safe(inner))  # noqa: S308 — escaped above


def procedure_block(
    pv,
    *,
    request,
    can_record: bool,
    can_close: bool = False,
    event_form=None,
    close_form=None,
    instalment_form=None,
    served_form=None,
) -> SafeString:
    """The ``<section>`` of one procedure (a ``selectors.ProcedureView``).

    ``instalment_form``: the missed-instalment form, shown (for a running plan) only to
    the organisations that record it; ``None`` for the others. ``served_form``: the
    judgment's signification, likewise (for a judgment whose signification is unknown).
    ``can_close``: « Clôturer la procédure » is offered (some outcome is allowed)."""
    procedure = pv.procedure
    parts = [_heading(procedure)]
    if pv.report_reason:
        parts.append(format_html(REPORT, pv.report_reason))
    if pv.deadlines:
        lines = format_html_join(
            "",
            DEADLINE,
            (
                (
                    "prevex-deadline--past" if d.status == "past" else "prevex-deadline--soon",
                    d.text,
                    format_html(PASSED, d.passed_words) if d.passed_words else "",
                )
                for d in pv.deadlines
            ),
        )
        parts.append(format_html(DEADLINES, lines))
    if pv.next_steps:
        steps = format_html_join("", NEXT_STEP, ((s.label,) for s in pv.next_steps))
        parts.append(format_html(NEXT_STEPS, steps))
    parts.append(format_html(TIMELINE, SafeString("\n".join(pv.timeline_html) + "\n")))
    if pv.pending:
        lines = format_html_join(
            "",
            PENDING_LINE,
            (
                (e.heading, e.details, format_html(FLAGGED, e.flagged) if e.flagged else "")
                for e in pv.pending
            ),
        )
        parts.append(format_html(PENDING, lines))
    if can_record and not procedure.closed_on:
        parts.append(
            _actions(
                pv,
                request=request,
                event_form=event_form,
                close_form=close_form,
                instalment_form=instalment_form,
                served_form=served_form,
                can_close=can_close,
            )
        )
    else:
        refused = [e for f in (event_form, close_form) if f for e in f.non_field_errors()]
        if refused:
            parts.append(
                format_html(REFUSED, format_html_join("", REFUSAL, ((e,) for e in refused)))
            )
    parts.append(SafeString("\n</section>\n"))
    return SafeString("".join(parts))
