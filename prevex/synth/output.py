"""Between the simulation and the outputs: the procedures and households to write, the
senders' references of the acts, and the true counts (summary.json)."""

from __future__ import annotations

from collections import Counter, defaultdict

from .model import NOT_IN_FILES, STAGE_ORDER, Proc, year_of, year_start

# Who sends each act, i.e. which notification file it is a row of.
SENDER = {
    "IMPAYE": "caf",
    "SIGNALEMENT": "caf",
    "CDP": "commissaires_justice",
    "ASSIGNATION": "commissaires_justice",
    "CQL": "commissaires_justice",
    "SAISINE_BAILLEUR_SOCIAL": "bailleurs_sociaux",
    "JUGEMENT": "tribunal",
    "RFP": "prefecture",
    "CFP": "prefecture",
    "EXPULSION": "prefecture",
}
SENDERS = ("bailleurs_sociaux", "caf", "commissaires_justice", "prefecture", "tribunal")


PREFIXES = {
    "commissaires_justice": "CJ{dep}-{yy:02d}-",
    "caf": "CAF{dep}-{year}-",
    "bailleurs_sociaux": "BS{dep}-{year}-",
    "tribunal": "RG{dep}-{yy:02d}/",
    "prefecture": "PREF{dep}-{year}-",
}
DIGITS = {"tribunal": 5, "prefecture": 5}


def relevant(procs: list[Proc], first_day: int) -> list[Proc]:
    """Procedures active on or after ``first_day`` (an act, a CCAPEX examination or the
    closure), in pid order: the ones written."""
    return [
        p
        for p in procs
        if p.acts[-1].day >= first_day
        or (p.ccapex or 0) >= first_day
        or (p.closed or 0) >= first_day
    ]


def attach_households(procs: list[Proc], people) -> dict:
    """Draw the household of each procedure (household order), set ``p.household``."""
    by_household: dict[int, list[Proc]] = defaultdict(list)
    for p in procs:
        by_household[p.hid].append(p)
    households = {}
    for hid in sorted(by_household):
        group = by_household[hid]
        day = min(p.acts[0].day for p in group)
        households[hid] = people.household(
            hid, social=group[0].social, vulnerable=any(p.vulnerable for p in group), day=day
        )
        for p in group:
            p.household = households[hid]
    return households


def assign_references(procs: list[Proc], dep: str, first_day: int = 0) -> None:
    """Number each sender's acts by year in date order: ``CJ93-19-000042``… (the acts
    dated before ``first_day`` keep no reference; numbers restart every year, so the
    others get the same numbers either way)."""
    acts = defaultdict(list)
    for p in procs:
        pid = p.pid
        for act in p.acts:
            if act.day >= first_day and act.stage not in NOT_IN_FILES:
                acts[SENDER[act.stage]].append((act.day, pid, STAGE_ORDER[act.stage], act))
    for sender, items in acts.items():
        items.sort(key=lambda item: item[:3])
        digits, year, prefix, number, next_year = DIGITS.get(sender, 6), None, "", 0, 0
        for day, _pid, _order, act in items:
            if year is None or day >= next_year:
                year = year_of(day)
                next_year = year_start(year + 1)
                prefix = PREFIXES[sender].format(dep=dep, year=year, yy=year % 100)
                number = 0
            number += 1
            act.ref = f"{prefix}{number:0{digits}d}"


def true_counts(procs: list[Proc], years: range, horizon: int) -> dict[int, Counter]:
    """Acts dated in each year by type, with the details the calibration checks."""
    first, counts = year_start(years.start), {year: Counter() for year in years}
    bounds = [(year, year_start(year), year_start(year + 1)) for year in years]

    def year_of(day):
        for year, start, end in bounds:
            if start <= day < end:
                return year
        return None

    for p in procs:
        for act in p.acts:
            if act.day < first or act.day > horizon:
                continue
            c = counts[year_of(act.day)]
            c[act.stage] += 1
            if act.stage == "JUGEMENT":
                c[f"JUGEMENT_{act.decision}"] += 1
                c["JUGEMENT_CONTRADICTOIRE"] += bool(act.contra)
            elif act.stage == "CFP":
                c[f"CFP_{act.cfp}"] += 1
            elif act.stage == "ASSIGNATION":
                parc = "SOCIAL" if p.social else "PRIVE"
                c[f"ASSIGNATION_{parc}"] += 1
                if p.dsf:  # DSF counted with the year of the assignation
                    c["DSF_ASSIGNATIONS"] += 1
                    c[f"DSF_ASSIGNATIONS_{parc}"] += 1
        if p.ccapex is not None and first <= p.ccapex <= horizon:
            counts[year_of(p.ccapex)]["CCAPEX_EXAMEN"] += 1
    return counts


def rates(counts: Counter) -> dict[str, float]:
    def share(part, whole):
        return round(counts[part] / counts[whole], 4) if counts[whole] else 0.0

    return {
        "contradictoires": share("JUGEMENT_CONTRADICTOIRE", "JUGEMENT"),
        "conditionnelles": share("JUGEMENT_CONDITIONNELLE", "JUGEMENT"),
        "dsf": share("DSF_ASSIGNATIONS", "ASSIGNATION"),
        "dsf_prive": share("DSF_ASSIGNATIONS_PRIVE", "ASSIGNATION_PRIVE"),
        "cfp_accordes_sur_assignations": share("CFP_ACCORDE", "ASSIGNATION"),
    }
