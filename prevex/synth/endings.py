"""How simulated procedures end: closures and outcomes, CCAPEX examinations, and the
households that come back with a new procedure (used by ``simulate.Simulation.run``)."""

from __future__ import annotations

from collections import defaultdict


def outcome_key(p) -> str:
    """The ``[outcomes.*]`` table of the stage the procedure stopped at."""
    stages = {a.stage for a in p.acts}
    for stage in ("CFP", "RFP", "CQL", "JUGEMENT"):
        if stage in stages:
            act = p.last(stage)
            if stage == "CFP":
                return "CFP" if act.cfp == "ACCORDE" else "CFP_REFUSE"
            if stage == "JUGEMENT":
                kind = act.decision if act.decision in ("FERME", "CONDITIONNELLE") else "AUTRE"
                return f"JUGEMENT_{kind}"
            return stage
    if "ASSIGNATION" in stages:
        return "ASSIGNATION"
    return "CDP" if "CDP" in stages else "IMPAYE"


def close(sim) -> None:
    """A procedure that stopped is closed some time later (after its last act), with an
    outcome drawn for the stage it stopped at; still open when that is after the horizon."""
    table, r = sim.tables["close_after_exit"], sim.random
    for p in sim.procs:
        if p.exit_day is None or p.outcome == "EXPULSION":
            continue
        closed = max(p.exit_day + table[int(r() * 1024)], p.acts[-1].day)
        if closed <= sim.horizon:
            pickers = sim.outcomes if p.social else sim.outcomes_private
            p.closed, p.outcome = closed, pickers[outcome_key(p)](sim.rng)


TRIGGERS = ("SIGNALEMENT", "SAISINE_BAILLEUR_SOCIAL", "ASSIGNATION")


def ccapex(sim) -> None:
    """Files examined by the CCAPEX: exact yearly counts among the procedures referred to
    it (CAF report, social landlord's referral, assignation notified to the préfet),
    examined after that act and before the file is closed."""
    buckets: dict[int, list] = defaultdict(list)
    table, r, triggers = sim.tables["ccapex_after_trigger"], sim.random, frozenset(TRIGGERS)
    for p in sim.procs:
        for act in p.acts:
            if act.stage in triggers:
                latest = p.closed if p.closed is not None else sim.horizon
                natural = act.day + table[int(r() * 1024)]
                if natural <= latest:
                    sim._add(buckets, natural, act.day + 1, latest, 1.0, p)
                break
    for year in range(sim.sim_first, sim.last_year + 1):
        quota = sim.q("CCAPEX_EXAMEN", year)
        for day, p in sim._select("CCAPEX_EXAMEN", year, buckets, quota, exits=False):
            p.ccapex = day


def repeat_households(sim) -> None:
    """Some new procedures concern a household whose earlier procedure was closed (not by
    an eviction) more than a month before: same household id, same dwelling."""
    share = sim.share["repeat_household"]
    ordered = [p for _, _, p in sorted((p.acts[0].day, p.pid, p) for p in sim.procs)]
    closures = sorted(
        (p.closed, p.pid, p) for p in sim.procs if p.closed is not None and p.outcome != "EXPULSION"
    )
    available: dict[bool, list] = defaultdict(list)
    position = 0
    for p in ordered:
        start = p.acts[0].day
        while position < len(closures) and closures[position][0] < start - 30:
            earlier = closures[position][2]
            available[earlier.social].append(earlier)
            position += 1
        pool = available.get(p.social)
        if pool and sim.random() < share:
            index = int(sim.random() * len(pool))
            earlier = pool[index]
            pool[index] = pool[-1]
            pool.pop()
            p.hid = earlier.hid
