"""The follow-up's reads for the file page: hand-written SQL, each line written once.

The file page is the most read page of prevex, and a file in follow-up carries about ten
contacts, a few measures, a plan with its schedule, referrals. Read through the ORM and
rendered by a template, the two panels cost more than the rest of the page together
(a query compiled per list, a model instance per row, a dozen lookups and filters per
line). Here each list is one constant SQL statement on one cursor (no compilation), its
rows plain tuples, and each line's HTML is written once in Python with ``format_html``
(every value escaped), one ``reverse()`` per kind of link and process. The number of
statements does not depend on the data: 5 for « Suivi », 2 for the plans (tests/support/
test_file_page_reads.py); what the lines show is pinned by tests/support/
test_file_page_content.py.

Reading rights are the caller's (the page checked the reader's field groups and
journaled the read); nothing here decides access.
"""

from __future__ import annotations

import datetime
import decimal
from dataclasses import dataclass

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import number_format
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString

from prevex.audit.models import WriteChannel
from prevex.core import batch, clock
from prevex.core.panels import TimelineItem
from prevex.core.reversing import reverse_ids

from .choices import (
    EXPIRE_WHEN_DUE,
    AlertKind,
    ContactChannel,
    ContactOutcome,
    ContactPurpose,
    Direction,
    DsfStatus,
    MeasureStatus,
    PlanEndReason,
    PlanOrigin,
    ReferralReason,
    ReferralStatus,
)

CONTACTS_SHOWN = 20
# The jobs' alerts on the file; not the organisations' own work (manual tasks) nor the
# deadline reminders (the procedure block shows the deadlines).
OWN_WORK = (AlertKind.MANUELLE.value, AlertKind.ECHEANCE_PROCEDURE.value)

CHANNELS = dict(ContactChannel.choices)
DIRECTIONS = {k: v.lower() for k, v in Direction.choices}
PURPOSES = dict(ContactPurpose.choices)
OUTCOMES = dict(ContactOutcome.choices)
DSF_STATUSES = {k: v.lower() for k, v in DsfStatus.choices}
MEASURE_STATUSES = {k: v.lower() for k, v in MeasureStatus.choices}
REFERRAL_STATUSES = {k: v.lower() for k, v in ReferralStatus.choices}
REFERRAL_REASONS = {k: v.lower() for k, v in ReferralReason.choices}
REFERRAL_BADGES = {
    ReferralStatus.ACCEPTEE.value: "fr-badge--success",
    ReferralStatus.REFUSEE.value: "fr-badge--error",
}
PLAN_ORIGINS = dict(PlanOrigin.choices)
MEASURE_ENDED = (MeasureStatus.REFUSEE.value, MeasureStatus.TERMINEE.value)

# Names by scalar subqueries rather than joins (required foreign keys: the same rows):
# PostgreSQL plans each statement in a third of the time (procedures/selectors.py).
CONTACTS_SQL = (
    "SELECT c.at, c.channel, c.direction, "
    "(SELECT name FROM accounts_organisation WHERE id = c.organisation_id), "
    "c.purpose, c.purpose_detail, (SELECT a.at FROM support_contact a WHERE a.id = c.answers_id), "
    "c.outcome FROM support_contact c "
    "WHERE c.household_id = %s ORDER BY c.at DESC, c.id DESC LIMIT %s"
)
# For a reader without the contacts' notes (CONTACT_NOTES, support/groups.py): the
# « précision » is not even read.
CONTACTS_WITHOUT_NOTES_SQL = CONTACTS_SQL.replace("c.purpose_detail", "''")
DSFS_SQL = (
    "SELECT d.id, d.status, d.requested_on, "
    "(SELECT name FROM accounts_organisation WHERE id = d.assigned_to_id), "
    "d.hearing_date, d.appointment_at, d.sent_on FROM support_dsf d "
    "WHERE d.household_id = %s ORDER BY d.requested_on DESC, d.id DESC"
)
MEASURES_SQL = (
    "SELECT m.id, (SELECT label FROM support_measuretype WHERE id = m.type_id), m.status, "
    "m.status_on, (SELECT name FROM accounts_organisation WHERE id = m.organisation_id), "
    "m.deciding_body, m.amount, m.note, "
    "m.outcome FROM support_measure m "
    "WHERE m.household_id = %s ORDER BY m.status_on DESC, m.id DESC"
)
ALERTS_SQL = (
    "SELECT kind, dsf_id, plan_id, referral_id, message, raised_on FROM support_alert "
    "WHERE household_id = %s AND resolved_on IS NULL AND kind NOT IN (%s, %s) "
    "AND NOT (kind IN (%s, %s) AND due_on < %s) "
    "ORDER BY due_on, id"
)
REFERRALS_SQL = (
    "SELECT (SELECT name FROM accounts_organisation WHERE id = r.from_organisation_id), "
    "(SELECT name FROM accounts_organisation WHERE id = r.to_organisation_id), "
    "r.reason, r.sent_at, r.status, r.due_on, r.decline_reason FROM support_referral r "
    "WHERE r.household_id = %s ORDER BY r.sent_at DESC, r.id DESC"
)
PLANS_SQL = (
    "SELECT id, origin, debt_amount, starts_on, compliance_on, late_instalments, ended_on, "
    "end_reason FROM support_repaymentplan WHERE household_id = %s ORDER BY starts_on DESC, id DESC"
)
# Instalments and payments of the file's plans in one round trip: (part, plan, day,
# amount, payer, id), each plan's instalments then its payments, by day then id.
SCHEDULES_SQL = (
    "SELECT 'i', i.plan_id, i.due_on, i.amount, '', i.id FROM support_instalment i "
    "WHERE i.plan_id IN (SELECT id FROM support_repaymentplan WHERE household_id = %s) "
    "UNION ALL "
    "SELECT 'p', y.plan_id, y.paid_on, y.amount, "
    "(SELECT name FROM accounts_organisation WHERE id = y.organisation_id), y.id "
    "FROM support_payment y "
    "WHERE y.plan_id IN (SELECT id FROM support_repaymentplan WHERE household_id = %s) "
    "ORDER BY 1, 2, 3, 6"
)

# --------------------------------------------------------------------------- values

_CENTS = decimal.Decimal("0.01")
_FLOATS = decimal.Context(prec=15)


def _day(value) -> datetime.date | None:
    """A date column: SQLite gives text through a ``UNION``, else both engines a date."""
    if value is None or isinstance(value, datetime.date):
        return value
    return parse_date(value)


def _moment(value, zone=None) -> datetime.datetime | None:
    """A datetime column in the current time zone (SQLite gives naive UTC, or text);
    ``zone``: the current time zone, when the caller looked it up once for many rows."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = datetime.datetime.fromisoformat(value)  # SQLite's text, ISO 8601
        except ValueError:
            value = parse_datetime(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    return value.astimezone(zone or timezone.get_current_timezone())


def _money(value) -> decimal.Decimal | None:
    """A 2-decimal amount as the ORM gives it (SQLite stores a number)."""
    if value is None or isinstance(value, decimal.Decimal):
        return value
    if isinstance(value, float):
        return _FLOATS.create_decimal_from_float(value).quantize(_CENTS)
    return decimal.Decimal(value).quantize(_CENTS)


def _d(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _grouped(value) -> str:
    return number_format(value, 2, use_l10n=True, force_grouping=True)


def _euros(value, memo: dict | None = None) -> str:
    """« 1 234,50 », as the acts' lines write amounts (``floatformat:"2g"``); a schedule
    repeats its amounts, hence ``memo``."""
    if memo is None:
        return _grouped(value)
    text = memo.get(value)
    if text is None:
        text = memo[value] = _grouped(value)
    return text


def _url(name: str):
    """A function of an id giving the URL ``name`` (one ``reverse()`` per process and
    name: ``core.reversing``)."""
    return lambda pk: reverse_ids(name, [pk])


# --------------------------------------------------------------------------- « Suivi »

ALERT = (
    '<div class="fr-alert fr-alert--warning fr-alert--sm fr-mb-1w"><p>{} (alerte du {})</p></div>'
)
DSF = '<li><a href="{}">DSF {}</a> — demandé le {} à {}{}</li>'
MEASURE = "<li><strong>{}</strong> — {} depuis le {} ({}){}{}</li>"
MEASURE_CHANGE = (
    ' <a class="fr-link fr-text--sm" href="{}" hx-get="{}" hx-target="#dispositif-{}">'
    'Changer l\'état</a><div id="dispositif-{}"></div>'
)
REFERRAL = (
    "<li>{} → <strong>{}</strong> ({}), le {} : "
    '<span class="fr-badge fr-badge--sm {}">{}</span>{}</li>'
)


@dataclass
class FollowUpLines:
    """The « Suivi » panel's lists, each line's HTML written once (escaped)."""

    alerts: list[SafeString]
    dsfs: list[SafeString]
    measures: list[SafeString]
    referrals: list[SafeString]
    contacts: list[SafeString]
    more_contacts: bool


def _alert_lines(rows) -> list[SafeString]:
    seen = set()  # one line per alert, not one per organisation it was raised for
    lines = []
    for kind, dsf_id, plan_id, referral_id, message, raised_on in rows:
        key = (kind, dsf_id, plan_id, referral_id)
        if key not in seen:
            seen.add(key)
            lines.append(format_html(ALERT, message, _d(_day(raised_on))))
    return lines


def _dsf_lines(rows) -> list[SafeString]:
    url = _url("support:dsf")
    lines = []
    for pk, status, requested_on, organisation, hearing, appointment, sent_on in rows:
        details = ""
        if hearing:
            details += f" · audience le {_d(_day(hearing))}"
        if appointment:
            details += f" · rendez-vous le {_moment(appointment):%d/%m/%Y %H:%M}"
        if sent_on:
            details += f" · transmis le {_d(_day(sent_on))}"
        lines.append(
            format_html(
                DSF, url(pk), DSF_STATUSES[status], _d(_day(requested_on)), organisation, details
            )
        )
    return lines


def _measure_lines(rows) -> list[SafeString]:
    url = _url("support:measure_change")
    lines = []
    for pk, label, status, status_on, organisation, body, amount, note, outcome in rows:
        who = organisation
        if body:
            who += f", décision : {body}"
        amount = _money(amount)
        if amount is not None:
            who += f", {_euros(amount)} €"
        remarks = (f" — {note}" if note else "") + (f" — issue : {outcome}" if outcome else "")
        change = ""
        if status not in MEASURE_ENDED:
            link = url(pk)
            change = format_html(MEASURE_CHANGE, link, link, pk, pk)
        lines.append(
            format_html(
                MEASURE,
                label,
                MEASURE_STATUSES[status],
                _d(_day(status_on)),
                who,
                remarks,
                change,
            )
        )
    return lines


def _referral_lines(rows) -> list[SafeString]:
    lines = []
    for sender, receiver, reason, sent_at, status, due_on, decline_reason in rows:
        if status == ReferralStatus.ENVOYEE:
            after = f" (réponse attendue avant le {_d(_day(due_on))})"
        else:
            after = f" — {decline_reason}" if decline_reason else ""
        lines.append(
            format_html(
                REFERRAL,
                sender,
                receiver,
                REFERRAL_REASONS[reason],
                f"{_moment(sent_at):%d/%m/%Y}",
                REFERRAL_BADGES.get(status, "fr-badge--info"),
                REFERRAL_STATUSES[status],
                after,
            )
        )
    return lines


# The contacts' closed lists, escaped once (a file shows up to CONTACTS_SHOWN lines).
_CHANNELS_HTML = {k: escape(v) for k, v in CHANNELS.items()}
_DIRECTIONS_HTML = {k: escape(v) for k, v in DIRECTIONS.items()}
_PURPOSES_HTML = {k: escape(v) for k, v in PURPOSES.items()}
_OUTCOMES_HTML = {k: escape(v) for k, v in OUTCOMES.items()}


def _contact_lines(rows) -> list[SafeString]:
    """Each contact's table row: dates written here, the closed lists
    escaped once, the organisation's name and the free text escaped on each line. Each
    cell carries its column's name (« data-label », shown on a phone: the header of
    ``support/panels/follow_up.html``)."""
    zone = timezone.get_current_timezone()
    lines = []
    for at, channel, direction, organisation, purpose, detail, answered_at, outcome in rows:
        answers = (
            f'<br><span class="fr-text--xs">en réponse au contact du '
            f"{_moment(answered_at, zone):%d/%m/%Y}</span>"
            if answered_at
            else ""
        )
        what = _PURPOSES_HTML[purpose] + (f" : {escape(detail)}" if detail else "")
        lines.append(
            SafeString(
                f'<tr><td data-label="Date">{_moment(at, zone):%d/%m/%Y %H:%M}</td>'
                f'<td data-label="Canal et sens">{_CHANNELS_HTML[channel]} · '
                f"{_DIRECTIONS_HTML[direction]}</td>"
                f'<td data-label="Organisation">{escape(organisation)}</td>'
                f'<td data-label="Objet">{what}{answers}</td>'
                f'<td data-label="Résultat">{_OUTCOMES_HTML[outcome]}</td></tr>'
            )
        )
    return lines


def follow_up_statements(household_id: int, *, notes: bool) -> list[batch.Statement]:
    """What :func:`follow_up_lines` reads, for the page's batch (``prevex.core.batch``);
    ``notes``: whether the reader reads the contacts' « précision » (the gate's groups)."""
    contacts = CONTACTS_SQL if notes else CONTACTS_WITHOUT_NOTES_SQL
    return [
        (contacts, [household_id, CONTACTS_SHOWN + 1]),
        (DSFS_SQL, [household_id]),
        (MEASURES_SQL, [household_id]),
        # not the reminders of a date already passed (``EXPIRE_WHEN_DUE``)
        (ALERTS_SQL, [household_id, *OWN_WORK, *EXPIRE_WHEN_DUE, clock.today()]),
        (REFERRALS_SQL, [household_id]),
    ]


def follow_up_lines(*, household_id: int, notes: bool) -> FollowUpLines:
    """Alerts, DSF, measures, referrals and the latest contacts of a file (5 statements,
    one round trip on PostgreSQL); the contacts' « précision » only when ``notes``."""
    statements = follow_up_statements(household_id, notes=notes)
    with batch.prefetched(statements):
        contacts, dsfs, measures, alerts, referrals = (batch.rows(*s) for s in statements)
    return FollowUpLines(
        alerts=_alert_lines(alerts),
        dsfs=_dsf_lines(dsfs),
        measures=_measure_lines(measures),
        referrals=_referral_lines(referrals),
        contacts=_contact_lines(contacts[:CONTACTS_SHOWN]),
        more_contacts=len(contacts) > CONTACTS_SHOWN,
    )


# --------------------------------------------------------------------------- plans

LATE = '<span class="fr-badge fr-badge--warning fr-badge--sm">{} échéance{} en retard</span>'
UP_TO_DATE = SafeString('<span class="fr-badge fr-badge--success fr-badge--sm">à jour</span>')
COMPLIANCE = ' · {} <span class="fr-text--xs">(calculé le {})</span>'
NOT_YET = SafeString(
    ' · <span class="fr-text--xs">respect calculé à la prochaine mise à jour de nuit</span>'
)
PLAN_HEAD = "<strong>{}</strong> — {} € à partir du {}{}"
PLAN_ENDED = ' · <span class="fr-badge fr-badge--sm">clos le {}{}</span>'
PLAN_END_REASONS = dict(PlanEndReason.choices)


@dataclass
class PlanLines:
    """One repayment plan: its heading (origin, debt, compliance) and its two columns."""

    id: int
    heading: SafeString
    instalments: SafeString
    payments: SafeString  # empty: no payment yet
    payment_url: str  # empty: no payment link (a payer's only, on a plan not ended)


def _join(lines: list[str]) -> SafeString:  # lines written escaped
    return SafeString("".join(lines))


def plan_statements(household_id: int) -> list[batch.Statement]:
    """What :func:`plan_lines` reads, for the page's batch (``prevex.core.batch``)."""
    return [(PLANS_SQL, [household_id]), (SCHEDULES_SQL, [household_id] * 2)]


def plan_lines(*, household_id: int, can_pay: bool) -> list[PlanLines]:
    """The repayment plans of a file, newest first, with instalments and payments (2
    statements, one round trip on PostgreSQL)."""
    statements = plan_statements(household_id)
    with batch.prefetched(statements):
        plans = batch.rows(*statements[0])
        schedules = batch.rows(*statements[1]) if plans else []
    if not plans:
        return []
    instalments: dict[int, list[str]] = {}
    payments: dict[int, list[str]] = {}
    memo: dict = {}
    for part, plan_id, day, amount, payer, _ in schedules:
        # A day (digits and « / ») and an amount (digits, « , » and spaces) need no
        # escaping; the payer's name does.
        line = f"{_d(_day(day))} : {_euros(_money(amount), memo)} €"
        if part == "i":
            instalments.setdefault(plan_id, []).append(f"{line}<br>")
        else:
            payments.setdefault(plan_id, []).append(f"{line} ({escape(payer)})<br>")
    url = _url("support:payment")
    out = []
    for pk, origin, debt, starts_on, compliance_on, late, ended_on, end_reason in plans:
        compliance_on = _day(compliance_on)
        if ended_on:
            reason = PLAN_END_REASONS.get(end_reason, "")
            compliance = format_html(
                PLAN_ENDED, _d(_day(ended_on)), f" : {reason}" if reason else ""
            )
        elif compliance_on:
            badge = format_html(LATE, late, "" if late == 1 else "s") if late else UP_TO_DATE
            compliance = format_html(COMPLIANCE, badge, _d(compliance_on))
        else:
            compliance = NOT_YET
        out.append(
            PlanLines(
                id=pk,
                heading=format_html(
                    PLAN_HEAD,
                    PLAN_ORIGINS[origin],
                    _euros(_money(debt)),
                    _d(_day(starts_on)),
                    compliance,
                ),
                instalments=_join(instalments.get(pk, [])),
                payments=_join(payments.get(pk, [])),
                payment_url=url(pk) if can_pay and not ended_on else "",
            )
        )
    return out


# --------------------------------------------------------------------------- timeline

# The measures' steps, for the file's timeline next to the legal acts (1 statement).
STEPS_SQL = (
    "SELECT s.status_on, s.status, (SELECT t.label FROM support_measuretype t "
    "WHERE t.id = (SELECT m.type_id FROM support_measure m WHERE m.id = s.measure_id)), "
    "s.amount, s.deciding_body, s.outcome, "
    "(SELECT name FROM accounts_organisation WHERE id = s.organisation_id), "
    "(SELECT first_name FROM accounts_user WHERE id = s.recorded_by_id), "
    "(SELECT last_name FROM accounts_user WHERE id = s.recorded_by_id), s.channel "
    "FROM support_measurestep s WHERE s.household_id = %s ORDER BY s.status_on, s.id"
)
STEP_CHANNELS = {k: v.lower() for k, v in WriteChannel.choices}


def step_statements(household_id: int) -> list[batch.Statement]:
    """What :func:`measure_step_items` reads, for the page's batch."""
    return [(STEPS_SQL, [household_id])]


def measure_step_items(household_id: int) -> list[TimelineItem]:
    """Each step of the file's measures as a timeline line (SUIVI readers: the caller
    checked the group). Never the measure's note."""
    rows = batch.rows(*step_statements(household_id)[0])
    items = []
    for on, status, label, amount, body, outcome, org, first, last, channel in rows:
        on = _day(on)
        parts = []
        amount = _money(amount)
        if amount is not None:
            parts.append(f"{number_format(amount, 2, use_l10n=True, force_grouping=True)} €")
        if body:
            parts.append(f"décision : {body}")
        if outcome:
            parts.append(f"issue : {outcome}")
        name = " ".join(p for p in (first or "", last or "") if p)
        recorded = f"enregistré par {name} ({org})" if name else f"enregistré pour {org}"
        if channel in STEP_CHANNELS:
            recorded += f", via {STEP_CHANNELS[channel]}"
        items.append(
            TimelineItem(
                on=on,
                heading=f"{_d(on)} — {label} : {MEASURE_STATUSES[status]}",
                details="".join(f" · {p}" for p in parts),
                recorded=recorded,
                kind="dispositif",
            )
        )
    return items
