"""Deadlines computed from a procedure's dated events and the rules in force.

Every date comes from a ``LegalRule`` applied on the date of the act that starts the
delay (never typed in, never hard-coded). Two kinds of deadlines:

* legal starting points, kept once past for the record: clause résolutoire acquired,
  assignation possible after a social landlord's referral, expulsion possible;
* awaited acts, dropped once the act is recorded: notification of the assignation to the
  préfet, DSF before the hearing, the hearing itself, the préfet's decision on an RFP.

A deadline whose rule is missing from the rule book is left out (and logged) rather
than breaking the page. Acts waiting in the review queue (``Event.pending_review``) drive
nothing until the secretariat accepts them (``effective_events``).

Dates: « à partir du » is the day after the last day of the delay (``effect_from``),
« au plus tard le » its last day (``delay_end``), both moved off weekends and public
holidays as CPC art. 642 says (docs/decisions/2026-12-01-working-days-and-a-partir-du.md).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from prevex.core.errors import BusinessError

from .calendar_fr import execution_day, next_working_day, public_holiday, service_day
from .models import Ground, Stage
from .payments import payment_deadlines
from .referral_delay import assignation_possible_from
from .rules import (
    LEASE_UNKNOWN,
    Rule,
    RuleBook,
    add_months,
    delay_end,
    effect_from,
    format_delay,
    format_month_day,
    in_winter_truce,
    lease_after_act,
    truce_end_after,
)
from .stages import allowed_next, landlord_refusal, position
from .thresholds import report_required

logger = logging.getLogger(__name__)
S = Stage


# Deadlines that an act is awaited by (« au plus tard le »): once passed without the act
# recorded, « dépassée ». The others (a starting point, a hearing, a plan's day) once
# passed are only « date passée ». docs/decisions/2026-12-06-passed-deadlines.md
AWAITED_BY = frozenset({"NOTIFICATION_PREFET", "DSF", "DECISION_CFP"})


@dataclass
class Deadline:
    code: str
    label: str
    date: datetime.date
    rule: Rule | None
    text: str
    status: str  # 'past' | 'upcoming'

    @property
    def passed_words(self) -> str:
        """How a passed deadline says so in words (not by its colour alone); empty when
        it is still ahead."""
        if self.status != "past":
            return ""
        return "dépassée" if self.code in AWAITED_BY else "date passée"


@dataclass(frozen=True)
class EvictionDate:
    """When an eviction becomes possible after the CQL, and why.

    ``unsure`` (empty when the date is certain) says why ``date`` is only the earliest
    possible day: délais granted by a judgment whose start (its signification) is not
    recorded, which may end later."""

    date: datetime.date
    rule: Rule
    reason: str  # « CPCE L412-1 : 2 mois après le CQL »
    truce_end: Rule | None  # the TREVE_FIN rule when the truce pushed the date
    unsure: str = ""


# CPC art. 511 (unchanged since 1975): « Le délai court du jour du jugement lorsque
# celui-ci est contradictoire ; il ne court, dans les autres cas, que du jour de la
# notification du jugement. » docs/decisions/2026-12-06-grace-from-the-signification.md
GRACE_START = "CPC art. 511"


@dataclass(frozen=True)
class GraceStart:
    """The days the délais of a judgment may run from (``earliest`` = ``latest`` when
    known), how the deadline says it, and what is missing to know it (``doubt``)."""

    earliest: datetime.date
    latest: datetime.date
    words: str
    doubt: str = ""


def _grace_start(events: Sequence, judgment) -> GraceStart:
    """When the délais of ``judgment`` run from.

    Contradictoire: its date. Otherwise its signification (``served_on``); unknown, it
    lies between the judgment's date and the first CQL after it (the CQL executes the
    judgment, which must have been served by then: CPC art. 503), or is the judgment's
    date when no CQL follows. A judgment not said contradictoire or not runs from one or
    the other."""
    when = _d(judgment.date)
    if judgment.contradictoire is True:
        words = f"accordés par le jugement contradictoire du {when}, comptés de sa date"
        return GraceStart(judgment.date, judgment.date, words)
    served = getattr(judgment, "served_on", None)
    following = [e.date for e in events if e.stage == S.CQL and e.date >= judgment.date]
    latest = served or (min(following) if following else judgment.date)
    unserved = "" if served else f"date de signification du jugement du {when} non saisie"
    if judgment.contradictoire is False:
        if served:
            words = (
                f"accordés par le jugement du {when}, comptés de sa signification du {_d(served)}"
            )
            return GraceStart(served, served, words)
        words = f"accordés par le jugement du {when}, comptés au plus tôt de sa date"
        return GraceStart(judgment.date, latest, words, unserved)
    words = (
        f"accordés par le jugement du {when}, comptés au plus tôt de sa date (caractère "
        "contradictoire non indiqué)"
    )
    doubt = f"caractère contradictoire du jugement du {when} non indiqué" + (
        ", date de signification non saisie" if unserved else ""
    )
    return GraceStart(judgment.date, latest, words, doubt)


def _grace_end(start: datetime.date, months: int, dep) -> datetime.date:
    """The day after the délais granted from ``start``, moved off a non-working last day."""
    return next_working_day(add_months(start, months), dep) + datetime.timedelta(days=1)


def _d(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


@dataclass(frozen=True)
class Context:
    """What a computation needs besides the acts: today, the lease date, the rent."""

    today: datetime.date
    lease_date: datetime.date | None = None
    monthly_rent: object = None  # Decimal (rent without charges) or None when unknown
    landlord_type: str = ""


def context_for(household, today: datetime.date) -> Context:
    """The household's facts a computation needs (lease date, rent, landlord type)."""
    return Context(
        today=today,
        lease_date=getattr(household, "lease_date", None),
        monthly_rent=getattr(household, "rent", None),
        landlord_type=getattr(household, "landlord_type", ""),
    )


def sorted_events(events: Sequence) -> list:
    return sorted(events, key=lambda e: (e.date, e.pk is None, e.pk or 0))


def effective_events(events: Sequence) -> list:
    """The acts that count: sorted, without those waiting in the review queue."""
    return [e for e in sorted_events(events) if not getattr(e, "pending_review", False)]


def _last(events: Sequence, stage: str):
    found = [e for e in events if e.stage == stage]
    return found[-1] if found else None


def _index(events: Sequence, event) -> int:
    """Position of ``event`` by identity (duck-typed events may compare equal)."""
    return next(i for i, e in enumerate(events) if e is event)


def _after(events: Sequence, event, stages: set[str]) -> bool:
    """True when an act of ``stages`` was recorded after ``event``."""
    return any(e.stage in stages for e in events[_index(events, event) + 1 :])


def eviction_possible(
    *, events: Sequence, rulebook: RuleBook, ignore_truce: bool = False
) -> EvictionDate | None:
    """First day an eviction is possible: CQL + CQL_EXPULSION_DELAI, or the end of the
    délais granted by the judge when later, then pushed after the winter truce. ``None``
    without a CQL.

    Délais granted by a judgment run from its date when it is contradictoire, from its
    signification otherwise (CPC art. 511): an unknown signification gives the earliest
    possible day, and ``unsure`` says so when the délais may end later. Délais recorded
    on a CQL run from the CQL's date."""
    events = sorted_events(events)
    cql = _last(events, S.CQL)
    if cql is None:
        return None
    rule = rulebook.get("CQL_EXPULSION_DELAI", on=cql.date)
    dep = rulebook.departement_id
    day = effect_from(cql.date, rule, dep)
    reason = f"{rule.short_basis} : {format_delay(rule)} après le CQL"
    latest_ends = []  # (latest end, months, doubt) of délais whose start is unknown
    for event in events:
        if event.stage not in (S.JUGEMENT, S.CQL) or not event.grace_months:
            continue
        months = event.grace_months
        if event.stage == S.JUGEMENT:
            start = _grace_start(events, event)
            words = f"délais de {months} mois {start.words}, {GRACE_START}"
        else:
            start = GraceStart(event.date, event.date, "")
            words = f"délais de {months} mois accordés le {_d(event.date)}"
        end = _grace_end(start.earliest, months, dep)
        if end > day:
            grace_rule = rulebook.get("DELAIS_GRACE_MAX", on=event.date)
            day, rule, reason = end, grace_rule, f"{grace_rule.short_basis} : {words}"
        if start.latest != start.earliest:
            latest_ends.append((_grace_end(start.latest, months, dep), months, start.doubt))
    unsure = [
        f"{doubt} : ses délais de {months} mois peuvent courir jusqu'au "
        f"{_d(end - datetime.timedelta(days=1))}"
        for end, months, doubt in latest_ends
        if end > day
    ]
    truce_end = None
    if not ignore_truce and in_winter_truce(day, rulebook):
        truce_end = rulebook.get("TREVE_FIN", on=day)
        day = truce_end_after(day, rulebook)
    return EvictionDate(
        date=day, rule=rule, reason=reason, truce_end=truce_end, unsure=" ; ".join(unsure)
    )


def clause_selection(cdp_date: datetime.date, rulebook: RuleBook, lease_date):
    return rulebook.select("CLAUSE_RESOLUTOIRE_DELAI", act=cdp_date, lease=lease_date)


def _clause_resolutoire(procedure, events, rulebook, ctx):
    cdp = _last(events, S.CDP)
    if cdp is None:
        return None
    chosen = clause_selection(cdp.date, rulebook, ctx.lease_date)
    rule = chosen.rule
    day = effect_from(cdp.date, rule, rulebook.departement_id)
    if chosen.lease_after_act:
        lease = lease_after_act(ctx.lease_date)
    elif chosen.fallback:
        lease = LEASE_UNKNOWN
    else:
        lease = f"bail du {_d(ctx.lease_date)}"
    text = (
        f"Clause résolutoire acquise à partir du {_d(day)} "
        f"({rule.short_basis} : {format_delay(rule)} après le CDP ; {lease})"
    )
    return "CLAUSE_RESOLUTOIRE", "Acquisition de la clause résolutoire", day, rule, text


def _assignation_possible(procedure, events, rulebook, ctx):
    saisine = _last(events, S.SAISINE_BAILLEUR_SOCIAL)
    if saisine is None or _after(events, saisine, {S.ASSIGNATION}):
        return None
    found = assignation_possible_from(saisine.date, rulebook)
    if found is None:  # no assignation held back (the delay binds from 1 January 2015)
        return None
    legal, rule = found
    # the first day it may be served: not a Sunday nor a public holiday (CPC art. 664)
    day = service_day(legal, rulebook.departement_id)
    text = (
        f"Assignation possible à partir du {_d(day)} ({rule.short_basis} : "
        f"{format_delay(rule)} après la saisine de la CCAPEX par le bailleur)"
    )
    if day != legal:
        text += (
            f" ; le {_d(legal)} est {_no_execution(legal, rulebook)}, sans signification "
            "(CPC art. 664)"
        )
    return "ASSIGNATION_POSSIBLE", "Assignation possible (saisine de la CCAPEX)", day, rule, text


def _next_hearing(events, assignation) -> datetime.date | None:
    dates = [e.hearing_date for e in events[_index(events, assignation) :] if e.hearing_date]
    return max(dates) if dates else None


def _notification_prefet(procedure, events, rulebook, ctx):
    assignation = _last(events, S.ASSIGNATION)
    if procedure.ground != Ground.IMPAYES or assignation is None:
        return None
    if not assignation.hearing_date or _after(events, assignation, {S.AUDIENCE, S.JUGEMENT}):
        return None
    rule = rulebook.get("ASSIGNATION_NOTIFICATION_PREFET", on=assignation.date)
    day = delay_end(assignation.hearing_date, rule, rulebook.departement_id)
    text = (
        f"Assignation à notifier au préfet au plus tard le {_d(day)} ({rule.short_basis} : "
        f"{format_delay(rule)} avant l'audience du {_d(assignation.hearing_date)})"
    )
    if day < assignation.date:
        # The hearing was set too close to the assignation: the notification could not
        # be on time, « à peine d'irrecevabilité » (art. 24 III).
        text += (
            f" — audience fixée moins de {format_delay(rule)} après l'assignation du "
            f"{_d(assignation.date)} : délai impossible à tenir, irrecevabilité possible"
        )
    return "NOTIFICATION_PREFET", "Notification de l'assignation au préfet", day, rule, text


def _dsf(procedure, events, rulebook, ctx):
    assignation = _last(events, S.ASSIGNATION)
    if assignation is None or _after(events, assignation, {S.DSF, S.JUGEMENT}):
        return None
    hearing = _next_hearing(events, assignation)
    if hearing is None:
        return None
    rule = rulebook.find("DSF_TRANSMISSION", on=hearing)
    if rule is None:  # a hearing before the social inquiry existed (loi n° 98-657)
        return None
    day = delay_end(hearing, rule, rulebook.departement_id)
    text = (
        f"Diagnostic social et financier à transmettre au juge au plus tard le {_d(day)} "
        f"({rule.short_basis} : avant l'audience du {_d(hearing)})"
    )
    return "DSF", "Diagnostic social et financier", day, rule, text


def _audience(procedure, events, rulebook, ctx):
    assignation = _last(events, S.ASSIGNATION)
    if assignation is None or _after(events, assignation, {S.JUGEMENT}):
        return None
    hearing = _next_hearing(events, assignation)
    if hearing is None:
        return None
    return "AUDIENCE", "Audience", hearing, None, f"Audience au tribunal le {_d(hearing)}"


def _no_execution(day: datetime.date, rulebook) -> str:
    """Why no eviction (nor any signification) may take place that day: « un dimanche »,
    « un jour férié »."""
    sunday, holiday = day.weekday() == 6, public_holiday(day, rulebook.departement_id)
    return " et ".join(
        word for word, found in (("un dimanche", sunday), ("un jour férié", holiday)) if found
    )


def _expulsion_possible(procedure, events, rulebook, ctx):
    cql = _last(events, S.CQL)
    if cql is None or _after(events, cql, {S.EXPULSION}):
        return None
    possible = eviction_possible(events=events, rulebook=rulebook)
    # the first day it may take place: not a Sunday nor a public holiday (CPCE L141-1)
    day = execution_day(possible.date, rulebook.departement_id)
    earliest = " au plus tôt" if possible.unsure else ""
    text = f"Expulsion possible à partir du {_d(day)}{earliest} ({possible.reason})"
    if possible.unsure:
        text += f" ; {possible.unsure} ({GRACE_START})"
    if possible.truce_end is not None:
        text += f" ; trêve hivernale jusqu'au {format_month_day(possible.truce_end)}"
    if day != possible.date:
        text += (
            f" ; le {_d(possible.date)} est {_no_execution(possible.date, rulebook)}, sans "
            "mesure d'exécution (CPCE L141-1)"
        )
    return "EXPULSION_POSSIBLE", "Expulsion possible", day, possible.rule, text


def _decision_cfp(procedure, events, rulebook, ctx):
    rfp = _last(events, S.RFP)
    if rfp is None or _after(events, rfp, {S.CFP}):
        return None
    rule = rulebook.get("CFP_DECISION_DELAI", on=rfp.date)
    day = delay_end(rfp.date, rule, rulebook.departement_id)
    text = (
        f"Décision du préfet sur le concours de la force publique attendue au plus tard le "
        f"{_d(day)} ({rule.short_basis} : {format_delay(rule)} après la réquisition ; "
        "silence vaut refus)"
    )
    return "DECISION_CFP", "Décision sur le concours de la force publique", day, rule, text


COMPUTATIONS: list[Callable] = [
    _clause_resolutoire,
    _assignation_possible,
    _notification_prefet,
    _dsf,
    _audience,
    _expulsion_possible,
    _decision_cfp,
]


def _payments(procedure, events, rulebook, ctx):
    return payment_deadlines(events, rulebook, ctx.today)


COMPUTATIONS.append(_payments)


def compute_deadlines(
    *, procedure, events, rulebook: RuleBook, today, lease_date=None, context=None
) -> list[Deadline]:
    """The deadlines of ``procedure`` from its accepted ``events``, soonest first. A
    closed procedure keeps only those that fell due while it ran (on or before its
    closing day): nothing is « upcoming » on a closed file, the winter truce included."""
    events = effective_events(events)
    closed_on = procedure.closed_on
    ctx = context or Context(today=today, lease_date=lease_date)
    deadlines = []
    for compute in COMPUTATIONS:
        try:
            found = compute(procedure, events, rulebook, ctx)
        except BusinessError as error:
            logger.warning("Échéance non calculée (procédure %s) : %s", procedure.pk, error)
            continue
        if found is None:
            continue
        for code, label, day, rule, text in found if isinstance(found, list) else [found]:
            if closed_on is not None and day > closed_on:
                continue
            status = "past" if day < today else "upcoming"
            deadlines.append(Deadline(code, label, day, rule, text, status))
            if code == "EXPULSION_POSSIBLE" and day < today and closed_on is None:
                truce = _truce_in_progress(rulebook, today)
                if truce is not None:
                    deadlines.append(truce)
    return sorted(deadlines, key=lambda d: (d.date, d.code))


def _truce_in_progress(rulebook: RuleBook, today) -> Deadline | None:
    """The eviction date has passed but the winter truce now holds it back."""
    try:
        if not in_winter_truce(today, rulebook):
            return None
        resume = truce_end_after(today, rulebook)
        rule = rulebook.get("TREVE_FIN", on=today)
    except BusinessError:
        return None
    text = f"Trêve hivernale en cours : aucune expulsion avant le {_d(resume)} ({rule.short_basis})"
    return Deadline("TREVE_EN_COURS", "Trêve hivernale", resume, rule, text, "upcoming")


def key_deadline(deadlines: Sequence[Deadline], today) -> datetime.date | None:
    """The next deadline on or after ``today``."""
    upcoming = [d.date for d in deadlines if d.date >= today]
    return min(upcoming) if upcoming else None


def next_steps(*, procedure, events, landlord_type: str | None = None) -> list[Stage]:
    """Acts that may be recorded next (none once the procedure is closed); with
    ``landlord_type``, without the acts that landlord cannot record (the referral to the
    CCAPEX when the landlord is a natural person or a family SCI)."""
    if procedure.closed_on is not None:
        return []
    current = position(effective_events(events))
    steps = allowed_next(current.stage if current else None, current, ground=procedure.ground)
    if landlord_type is None:
        return steps
    return [s for s in steps if landlord_refusal(s, landlord_type) is None]


def refresh_procedure_fields(
    procedure, events, rulebook: RuleBook, today, *, context: Context | None = None
) -> None:
    """Set the denormalised stage, stage_date, current_debt, key_deadline and
    ccapex_report_required (no save), from the accepted acts only.

    The stage is the procedure's position (its last act, a late signalement to the
    CCAPEX excepted); the debt is the last amount known; no key deadline once closed.
    """
    ctx = context or Context(today=today)
    events = effective_events(events)
    current = position(events)
    if current is not None:
        procedure.stage, procedure.stage_date = current.stage, current.date
    debts = [e.debt_amount for e in events if e.debt_amount is not None]
    procedure.current_debt = debts[-1] if debts else None
    if procedure.closed_on is not None:
        procedure.key_deadline = None
    else:
        deadlines = compute_deadlines(
            procedure=procedure, events=events, rulebook=rulebook, today=today, context=ctx
        )
        procedure.key_deadline = key_deadline(deadlines, today)
    procedure.ccapex_report_required = procedure.closed_on is None and report_required(
        events, rulebook, monthly_rent=ctx.monthly_rent, landlord_type=ctx.landlord_type
    )
