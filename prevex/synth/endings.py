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


def close_after_history(sim, procs, until: int) -> int:
    """Procedures (of ``procs``) still open when the history stops end as real ones do, for a database
    used after that day (the demo: history 2017–2024, today later). Without it they stay
    open for ever, their deadlines long past, with no next deadline.

    Each one leaves the procedure (``exit_day``: already drawn, or drawn now after its last
    act, as for an arrears settled after a CDP or without one), then is closed some time
    after that exit, never before the history's last day, with an outcome drawn for the
    stage it stopped at — the tables of ``close``. Closed only if that day is on or before
    ``until``. Runs after everything else: the simulated years are unchanged. Returns the
    number closed."""
    if until <= sim.horizon:
        return 0
    table, r = sim.tables["close_after_exit"], sim.random
    closed_now = 0
    for p in procs:
        if p.closed is not None or not p.acts:
            continue
        last = p.acts[-1].day
        if p.exit_day is None:
            stages = {a.stage for a in p.acts}
            p.exit_day = last + sim.tri(
                "exit_after_cdp" if "CDP" in stages else "exit_after_impaye"
            )
        closed = max(p.exit_day, sim.horizon) + table[int(r() * 1024)]
        closed = max(closed, last)
        if closed <= until:
            pickers = sim.outcomes if p.social else sim.outcomes_private
            p.closed, p.outcome = closed, pickers[outcome_key(p)](sim.rng)
            closed_now += 1
    return closed_now


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
