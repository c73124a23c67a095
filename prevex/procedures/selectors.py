"""Reads of procedures, scoped to the acting membership."""

import datetime
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from django.db.models import F, QuerySet

from prevex.access import gate
from prevex.accounts.models import Membership
from prevex.core import batch, clock
from prevex.households import perms
from prevex.households.models import Household
from prevex.households.perms import FieldGroup
from prevex.households.selectors import holders_prefetch

from .models import Decision, Event, Procedure, Stage
from .timeline import TimelineEntry, line_html, timeline_entry


@dataclass
class DashboardFilters:
    stage: str = ""
    parc: str = ""
    commune: str = ""
    deadline_days: int | None = None
    status: str = "ouverts"  # ouverts | clos | tous
    report_required: bool = False  # only « signalement à la CCAPEX requis »


def dashboard_procedures(*, membership: Membership, filters: DashboardFilters) -> QuerySet:
    """Procedures of the files this organisation may see, soonest deadline first."""
    qs = gate.restrict_to_visible(
        Procedure.objects.all(), membership=membership, household_ref="household_id"
    )
    if filters.status == "ouverts":
        qs = qs.filter(closed_on__isnull=True)
    elif filters.status == "clos":
        qs = qs.filter(closed_on__isnull=False)
    if filters.stage:
        qs = qs.filter(stage=filters.stage)
    if filters.report_required:
        qs = qs.filter(ccapex_report_required=True)
    if filters.parc:
        qs = qs.filter(household__parc=filters.parc)
    if filters.commune:
        qs = qs.filter(household__commune_id=filters.commune)
    if filters.deadline_days is not None:
        today = clock.today()
        qs = qs.filter(
            key_deadline__gte=today,
            key_deadline__lte=today + datetime.timedelta(days=filters.deadline_days),
        )
    return (
        qs.select_related("household", "household__commune")
        .prefetch_related(holders_prefetch("household__members"))
        # Soonest deadline first, files without a deadline last (same on both engines).
        .order_by(F("key_deadline").asc(nulls_last=True), "-stage_date", "id")
    )


@dataclass
class ProcedureView:
    procedure: Procedure
    events: list[Event]
    timeline: list[TimelineEntry]
    deadlines: list
    next_steps: list
    pending: list = dataclass_field(default_factory=list)  # acts awaiting verification
    report_reason: str | None = None  # « signalement à la CCAPEX requis » and why
    plan_running: bool = False  # a payment plan with no missed instalment yet
    unserved_judgment: Event | None = None  # the judgment whose signification is unknown

    @property
    def timeline_html(self) -> list:
        """The timeline's ``<li>`` lines, written once in Python (``timeline.line_html``)."""
        return [line_html(entry) for entry in self.timeline]


PROCEDURES_SQL = "SELECT * FROM procedures_procedure WHERE household_id = %s"
# Names by scalar subqueries rather than joins: the same rows, but PostgreSQL plans the
# statement in a third of the time (no join order to search; planning is most of the
# cost of these small reads). The other file page statements are written the same way.
EVENTS_SQL = (
    "SELECT e.*, "
    "(SELECT name FROM accounts_organisation WHERE id = e.source_id) AS source_name, "
    "(SELECT first_name FROM accounts_user WHERE id = e.recorded_by_id) AS recorder_first_name, "
    "(SELECT last_name FROM accounts_user WHERE id = e.recorded_by_id) AS recorder_last_name, "
    "(SELECT name FROM accounts_organisation WHERE id = e.recorded_for_id) "
    "AS recorder_organisation "
    "FROM procedures_event e "
    "WHERE e.procedure_id IN (SELECT id FROM procedures_procedure WHERE household_id = %s) "
    "ORDER BY e.date, e.id"
)


def file_statements(household_id: int) -> list[batch.Statement]:
    """What the procedures' panel reads, for the page's batch (``prevex.core.batch``)."""
    return [(PROCEDURES_SQL, [household_id]), (EVENTS_SQL, [household_id])]


def _procedures_with_events(household_id: int) -> tuple[dict, dict]:
    """The household's procedures and their acts (with the sender's name), as models.

    The file page is prevex's most read page: hand-written SQL (as ``raw()`` would run
    it) costs a third of the ORM's query compilation and still gives model instances
    (with the engine's converters). Every procedure is opened with its first act
    (``procedure_open``), so the procedures are those of the acts.
    """
    with batch.prefetched(file_statements(household_id)):  # one round trip (PostgreSQL)
        procedures = batch.models(Procedure, PROCEDURES_SQL, [household_id])
        events = batch.models(Event, EVENTS_SQL, [household_id])
    procedures_by_id = {p.pk: p for p in procedures}
    events_by_procedure: dict[int, list[Event]] = {}
    for event in events:
        event.procedure = procedures_by_id[event.procedure_id]
        events_by_procedure.setdefault(event.procedure_id, []).append(event)
    procedures_by_id = {pk: p for pk, p in procedures_by_id.items() if pk in events_by_procedure}
    return procedures_by_id, events_by_procedure


def _plan_running(events) -> bool:
    from .payments import schedule_of

    plan = schedule_of(events)
    return plan is not None and plan.missed_on is None


def unserved_judgment(events) -> Event | None:
    """The last accepted judgment that terminates the lease (firm or conditional) and whose
    signification is not recorded: the file asks for its date (CPC art. 511)."""
    judgments = [e for e in events if e.stage == Stage.JUGEMENT and not e.pending_review]
    if not judgments:
        return None
    last = judgments[-1]
    if last.served_on is not None or last.decision not in (Decision.FERME, Decision.CONDITIONNELLE):
        return None
    return last


def procedures_for_file(
    *, membership: Membership, household: Household, groups: frozenset
) -> list[ProcedureView]:
    """Procedures with their events, computed deadlines and next steps (PROCEDURE group)."""
    if FieldGroup.PROCEDURE not in groups:
        return []
    from .deadlines import compute_deadlines, context_for, effective_events, next_steps
    from .rules import RuleBook
    from .thresholds import report_reason

    rulebook = RuleBook.for_departement(household.departement_id)
    procedures_by_id, events_by_procedure = _procedures_with_events(household.pk)
    procedures = sorted(procedures_by_id.values(), key=lambda p: (p.opened_on, p.pk), reverse=True)
    today = clock.today()
    context = context_for(household, today)
    views = []
    for p in procedures:
        events = events_by_procedure[p.pk]
        accepted = effective_events(events)
        reason = None
        if p.is_open:
            reason = report_reason(
                accepted,
                rulebook,
                monthly_rent=context.monthly_rent,
                landlord_type=context.landlord_type,
            )
        views.append(
            ProcedureView(
                procedure=p,
                events=events,
                timeline=[timeline_entry(e) for e in events if not e.pending_review],
                deadlines=compute_deadlines(
                    procedure=p, events=events, rulebook=rulebook, today=today, context=context
                ),
                next_steps=(
                    next_steps(
                        procedure=p,
                        events=events,
                        landlord_type=household.landlord_type,
                    )
                    if p.is_open
                    else []
                ),
                pending=[timeline_entry(e) for e in events if e.pending_review],
                report_reason=reason,
                plan_running=_plan_running(accepted) if p.is_open else False,
                unserved_judgment=unserved_judgment(accepted) if p.is_open else None,
            )
        )
    return views


def procedure_for_writing(*, membership: Membership, procedure_id) -> Procedure:
    """The procedure if this membership may record acts on it, else 404."""
    from django.http import Http404

    from prevex.households.selectors import get_visible_household

    try:
        procedure = Procedure.objects.select_related("household").get(pk=int(procedure_id))
    except (Procedure.DoesNotExist, TypeError, ValueError):
        raise Http404("Procédure introuvable.") from None
    _, groups = get_visible_household(membership=membership, household_id=procedure.household_id)
    if not perms.can_record_event(membership, groups):
        raise Http404("Procédure introuvable.")
    return procedure
