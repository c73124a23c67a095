"""Independent checks that a procedure's acts respect the legal rules (shared by tests).

Works on plans (``prevex.demo.scenarios``) and on saved procedures/events alike.
Each check is written from the law, not from the generator's code; the stage machine
of the services (``check_event``) is applied on top.
"""

import datetime

from prevex.procedures.models import Outcome, Stage
from prevex.procedures.referral_delay import check_warnings
from prevex.procedures.rules import RuleBook, add_delay, add_months, in_winter_truce
from prevex.procedures.stages import check_event


def _fields(event) -> dict:
    return {
        "date": event.date,
        "hearing_date": event.hearing_date,
        "decision": event.decision,
        "contradictoire": event.contradictoire,
        "grace_months": event.grace_months,
        "cfp_decision": event.cfp_decision,
    }


def _last(events, stage):
    found = [e for e in events if e.stage == stage]
    return found[-1] if found else None


def problems(*, ground, events, closed_on, outcome, rules: RuleBook, today) -> list[str]:
    """Every broken rule, as text (empty when the procedure is lawful)."""
    out = []
    if not events:
        return ["aucun acte"]
    dates = [e.date for e in events]
    if dates != sorted(dates):
        out.append(f"actes non ordonnés : {dates}")
    if max(dates) > today:
        out.append("acte dans le futur")
    if closed_on is not None and (closed_on < dates[-1] or closed_on > today):
        out.append(f"clôture {closed_on} avant le dernier acte ou dans le futur")
    if (outcome == Outcome.EXPULSION) != any(e.stage == Stage.EXPULSION for e in events):
        out.append("issue « expulsion » sans expulsion, ou l'inverse")
    for index, event in enumerate(events):
        reasons = check_event(events[:index], event.stage, _fields(event), ground=ground,
                              rulebook=rules)  # fmt: skip
        reasons += check_warnings(events[:index], event.stage, _fields(event), rulebook=rules)
        out += [f"{event.stage} du {event.date} : {r}" for r in reasons]
    out += _delays(events, rules)
    return out


def _delays(events, rules: RuleBook) -> list[str]:
    out = []
    cdp = _last(events, Stage.CDP)
    saisine = _last(events, Stage.SAISINE_BAILLEUR_SOCIAL)
    assignation = _last(events, Stage.ASSIGNATION)
    if assignation is not None:
        hearing = assignation.hearing_date
        notice = rules.get("ASSIGNATION_NOTIFICATION_PREFET", on=assignation.date)
        if hearing is None or hearing < add_delay(assignation.date, notice):
            out.append(f"audience {hearing} trop proche de l'assignation {assignation.date}")
        if cdp is not None:
            clause = rules.get("CLAUSE_RESOLUTOIRE_DELAI", on=cdp.date)
            if assignation.date < add_delay(cdp.date, clause):
                out.append(f"assignation {assignation.date} avant l'acquisition de la clause")
        if saisine is not None:
            # chosen by the assignation's date (bound from 2015 on)
            rule = rules.find("SAISINE_BAILLEUR_SOCIAL_DELAI", on=assignation.date)
            if rule is not None and assignation.date < add_delay(saisine.date, rule):
                out.append("assignation moins de 2 mois après la saisine de la CCAPEX")
        for event in events:
            if event.stage == Stage.AUDIENCE and event.date != hearing:
                out.append(f"audience le {event.date} au lieu du {hearing}")
            if event.stage == Stage.JUGEMENT and hearing and event.date < hearing:
                out.append(f"jugement {event.date} avant l'audience {hearing}")
    cql = _last(events, Stage.CQL)
    if cql is not None:
        possible = add_delay(cql.date, rules.get("CQL_EXPULSION_DELAI", on=cql.date))
        for event in events:
            if event.stage in (Stage.JUGEMENT, Stage.CQL) and event.grace_months:
                possible = max(possible, add_months(event.date, event.grace_months))
        expulsion = _last(events, Stage.EXPULSION)
        if expulsion is not None:
            if in_winter_truce(expulsion.date, rules):
                out.append(f"expulsion pendant la trêve hivernale ({expulsion.date})")
            if expulsion.date < possible:
                out.append(f"expulsion {expulsion.date} avant le {possible} (CQL + délai)")
        rfp = _last(events, Stage.RFP)
        if rfp is not None and rfp.date < possible:
            out.append(f"réquisition {rfp.date} avant la fin du délai du CQL ({possible})")
    rfp, cfp = _last(events, Stage.RFP), _last(events, Stage.CFP)
    if rfp is not None and cfp is not None:
        limit = add_delay(rfp.date, rules.get("CFP_DECISION_DELAI", on=rfp.date))
        if not rfp.date <= cfp.date <= limit:
            out.append(f"décision CFP {cfp.date} hors du délai de 2 mois après la RFP")
    return out


def procedure_problems(procedure, rules: RuleBook, today: datetime.date) -> list[str]:
    """The acts that count only: an act waiting in the review queue (sent out of
    sequence by a partner, as the demo's CAF file does) counts for nothing until the
    secretariat accepts it."""
    events = list(procedure.events.filter(pending_review=False).order_by("date", "id"))
    return problems(
        ground=procedure.ground,
        events=events,
        closed_on=procedure.closed_on,
        outcome=procedure.outcome,
        rules=rules,
        today=today,
    )
