"""Readers of the generated files and independent legal checks (shared by the tests).

The checks are written from the law and the rules engine (``RuleBook``, ``check_event``
of the stage machine), not from the generator's code.
"""

from __future__ import annotations

import csv
import datetime
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from prevex.procedures.rules import RuleBook, add_delay, add_months, in_winter_truce
from prevex.procedures.stages import check_event

SENDER_FILES = (
    "bailleurs_sociaux.csv",
    "caf.csv",
    "commissaires_justice.csv",
    "prefecture.csv",
    "tribunal.csv",
)


def read(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def parse_date(text: str) -> datetime.date:
    """ISO or JJ/MM/AAAA, as the import format accepts."""
    if "/" in text:
        day, month, year = text.split("/")
        return datetime.date(int(year), int(month), int(day))
    return datetime.date.fromisoformat(text)


def _day(text: str) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


@dataclass
class TrueEvent:
    stage: str
    date: datetime.date
    hearing_date: datetime.date | None
    decision: str
    contradictoire: bool | None
    grace_months: int | None
    cfp_decision: str
    reference: str
    pk = None  # duck-typed like an unsaved Event for the rules engine


def true_events(out: Path) -> dict[str, list[TrueEvent]]:
    """truth_events.csv, by procedure, in file order (date order)."""
    by_procedure: dict[str, list[TrueEvent]] = defaultdict(list)
    for row in read(out / "truth_events.csv"):
        contra = {"OUI": True, "NON": False}.get(row["contradictoire"])
        by_procedure[row["procedure"]].append(
            TrueEvent(
                stage=row["stage"],
                date=_day(row["date"]),
                hearing_date=_day(row["hearing_date"]),
                decision=row["decision"],
                contradictoire=contra,
                grace_months=int(row["grace_months"]) if row["grace_months"] else None,
                cfp_decision=row["cfp_decision"],
                reference=row["reference"],
            )
        )
    return by_procedure


def _fields(event: TrueEvent) -> dict:
    return {
        "date": event.date,
        "hearing_date": event.hearing_date,
        "decision": event.decision,
        "contradictoire": event.contradictoire,
        "grace_months": event.grace_months,
        "cfp_decision": event.cfp_decision,
    }


def legal_problems(events: list[TrueEvent], ground: str, rules: RuleBook) -> list[str]:
    """Every legal minimum or stage rule broken by one procedure (empty when lawful)."""
    out = []
    dates = [e.date for e in events]
    if dates != sorted(dates):
        out.append("actes non ordonnés")
    for index, event in enumerate(events):
        for reason in check_event(events[:index], event.stage, _fields(event), ground=ground,
                                  rulebook=rules):  # fmt: skip
            out.append(f"{event.stage} {event.date}: {reason}")
    last = {}
    for event in events:
        stage, day = event.stage, event.date
        if stage == "ASSIGNATION":
            if "CDP" in last:
                clause = rules.get("CLAUSE_RESOLUTOIRE_DELAI", on=last["CDP"].date)
                if day < add_delay(last["CDP"].date, clause):
                    out.append(f"assignation {day} avant l'acquisition de la clause")
            if "SAISINE_BAILLEUR_SOCIAL" in last:
                saisine = last["SAISINE_BAILLEUR_SOCIAL"].date
                # chosen by the assignation's date (bound from 2015 on)
                rule = rules.find("SAISINE_BAILLEUR_SOCIAL_DELAI", on=day)
                if rule is not None and day < add_delay(saisine, rule):
                    out.append(f"assignation {day} moins de 2 mois après la saisine")
            notice = rules.get("ASSIGNATION_NOTIFICATION_PREFET", on=day)
            hearing = event.hearing_date
            if hearing < add_delay(day, notice):
                out.append(f"audience {hearing} avant le délai de notification au préfet")
            if not add_months(day, 5) <= hearing <= add_months(day, 9) + datetime.timedelta(1):
                out.append(f"audience {hearing} hors de 5 à 9 mois après l'assignation {day}")
        elif stage == "DSF" and day >= last["ASSIGNATION"].hearing_date:
            out.append(f"DSF {day} après l'audience")
        elif stage == "JUGEMENT" and "ASSIGNATION" in last:
            if day < last["ASSIGNATION"].hearing_date:
                out.append(f"jugement {day} avant l'audience")
        elif stage in ("RFP", "EXPULSION"):
            cql = last["CQL"]
            possible = add_delay(cql.date, rules.get("CQL_EXPULSION_DELAI", on=cql.date))
            for other in events:
                if other.stage in ("JUGEMENT", "CQL") and other.grace_months:
                    possible = max(possible, add_months(other.date, other.grace_months))
            if day < possible:
                out.append(f"{stage} {day} avant la fin du délai après le CQL ({possible})")
            if stage == "EXPULSION" and in_winter_truce(day, rules):
                out.append(f"expulsion {day} pendant la trêve hivernale")
        elif stage == "CFP":
            rfp = last["RFP"].date
            limit = add_delay(rfp, rules.get("CFP_DECISION_DELAI", on=rfp))
            if not rfp <= day <= limit:
                out.append(f"décision CFP {day} hors des 2 mois après la réquisition {rfp}")
        last[stage] = event
    return out
