"""Payment delays granted with a conditional judgment (loi 1989 art. 24 V and VII).

The judge suspends the clause résolutoire and grants delays of up to
``DELAIS_PAIEMENT_MAX`` (3 years since loi ALUR) to pay the debt off while the rent is
paid. The judgment act (``Event``, stage ``JUGEMENT``, decision ``CONDITIONNELLE``) holds
the schedule: ``payment_months`` monthly instalments of ``instalment_amount`` from
``first_instalment_on``. If the tenant pays as ordered, the clause is deemed never to have
applied; a missed instalment (``instalment_missed_on``, recorded by the landlord or the
bailiff) or a commandement de quitter les lieux after the judgment revives it: the CQL and
the eviction delays follow.

Instalments fall due on the same day number each month (clamped to the end of a short
month); a due date is a contractual date, not a delay: it does not move off weekends.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from .models import Decision, Stage
from .rules import RuleBook, add_months

S = Stage
BASIS = "Loi 1989 art. 24 V et VII"


def _d(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


def _euros(amount: Decimal | None) -> str:
    if amount is None:
        return ""
    text = f"{amount:,.2f}".replace(",", "\u202f").replace(".", ",")
    return f" de {text} €"


@dataclass(frozen=True)
class Schedule:
    judgment: object  # the JUGEMENT event
    dues: tuple[datetime.date, ...]
    amount: Decimal | None
    missed_on: datetime.date | None  # the clause revived that day (None: plan running)

    def next_due(self, today: datetime.date) -> tuple[int, datetime.date] | None:
        for number, due in enumerate(self.dues, start=1):
            if due >= today:
                return number, due
        return None


def schedule_of(events) -> Schedule | None:
    """The payment plan of the last conditional judgment with a schedule, if any."""
    judgments = [e for e in events if e.stage == S.JUGEMENT]
    if not judgments:
        return None
    judgment = judgments[-1]
    if (
        judgment.decision != Decision.CONDITIONNELLE
        or not judgment.payment_months
        or judgment.first_instalment_on is None
    ):
        return None
    dues = tuple(
        add_months(judgment.first_instalment_on, k) for k in range(judgment.payment_months)
    )
    missed = judgment.instalment_missed_on
    after = events[next(i for i, e in enumerate(events) if e is judgment) + 1 :]
    cql = next((e for e in after if e.stage == S.CQL), None)
    if cql is not None and (missed is None or cql.date < missed):
        missed = cql.date  # a CQL tells the platform that the plan failed
    return Schedule(judgment, dues, judgment.instalment_amount, missed)


def payment_deadlines(events, rulebook: RuleBook, today: datetime.date) -> list:
    """(code, label, date, rule, text) of the plan: the next instalment due, the end of
    the plan, or the clause résolutoire reviving after a missed instalment."""
    plan = schedule_of(events)
    if plan is None:
        return []
    judged = f"jugement conditionnel du {_d(plan.judgment.date)}"
    rule = rulebook.find("DELAIS_PAIEMENT_MAX", on=plan.judgment.date)
    if plan.missed_on is not None:
        text = (
            f"Échéance du plan impayée le {_d(plan.missed_on)} : la clause résolutoire reprend "
            f"son plein effet ({BASIS}, {judged}) ; le commandement de quitter les lieux peut "
            "être délivré"
        )
        return [("REPRISE_CLAUSE", "Reprise de la clause résolutoire", plan.missed_on, rule, text)]
    found = plan.next_due(today)
    if found is None:
        last = plan.dues[-1]
        text = (
            f"Plan de paiement achevé le {_d(last)} : s'il a été respecté, la clause "
            f"résolutoire est réputée n'avoir pas joué ({BASIS})"
        )
        return [("FIN_PLAN", "Fin du plan de paiement", last, rule, text)]
    number, due = found
    text = (
        f"Échéance n° {number}/{len(plan.dues)} du plan de paiement{_euros(plan.amount)} "
        f"due le {_d(due)} ({judged}, {BASIS})"
    )
    return [("ECHEANCE_PLAN", "Prochaine échéance du plan de paiement", due, rule, text)]
