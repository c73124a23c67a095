"""The procedures of one département over a range of years, by exact yearly quotas.

How it works (docs/decisions/2026-11-23-synthetic-generator.md):

1. *Roots*: each year, the preset's number of CDP (dated by the month weights), arrears
   reported by the CAF that never reach a CDP, and assignations on other grounds.
2. *Stages*, in the order of the procedure: every procedure able to take the next act
   gets a *natural* date for it = the earliest lawful date (rules engine, ``legal.py``)
   + a practice delay drawn from the preset. For each year, exactly the quota of that
   act is kept among the procedures whose natural date falls in the year (weighted
   draw); the others stop there (they are closed later with an outcome). When a year
   lacks candidates, procedures due early the next year are brought forward, never
   before their earliest lawful date; what is still missing is reported as a shortfall.
3. The years before the first requested year (``warmup_years``) fill the pipeline so
   that the requested years have procedures at every stage.

Decisions, contradictoires, DSF and CFP outcomes are exact shares of each year's acts.
Deterministic for a given seed: one ``random.Random`` stream per département.
"""

from __future__ import annotations

import bisect
import calendar
import datetime
import itertools
import math
import random
from collections import defaultdict

from . import endings
from .legal import LegalCalendar
from .model import Act, Draws, FullAct, Picker, Proc, year_end, year_start
from .presets import Preset, apportion

BIG = 10**9
CONDITIONAL_NOTE = "Délais de paiement de {} mois : clause résolutoire suspendue."
FAILED_PLAN_NOTE = "Délais de paiement non respectés : la clause résolutoire reprend ses effets."


class Simulation:
    def __init__(self, *, preset: Preset, departement: str, legal: LegalCalendar,
                 first_year: int, last_year: int, horizon: int, scale: float, seed: int,
                 first_pid: int = 0):  # fmt: skip
        self.preset, self.dep, self.cal = preset, departement, legal
        self.first_year, self.last_year, self.horizon = first_year, last_year, horizon
        self.sim_first = first_year - preset.warmup_years
        self.rng = random.Random(f"{seed}|{preset.code}|{departement}|simulation")
        self.random = self.rng.random
        self.procs: list[Proc] = []
        self.next_pid = first_pid
        self.shortfalls: dict[tuple[str, int], int] = defaultdict(int)
        self.quotas = {}
        for year in range(self.sim_first, last_year + 1):
            counts = dict(preset.quotas(year, scale)[departement])
            fraction = self._fraction(year)
            if fraction < 1:
                counts = {k: round(v * fraction) for k, v in counts.items()}
            self.quotas[year] = counts
        self._setup_pickers()
        self.share = dict(preset.table("shares"))
        arrears = preset.table("arrears")
        self.unpaid_range = tuple(arrears["unpaid_ratio"])
        low, high = arrears["initial_months"]
        self.initial_months = list(range(int(low), int(high) + 1))

    # ------------------------------------------------------------------ helpers
    def _fraction(self, year: int) -> float:
        start, end = year_start(year), year_end(year)
        if self.horizon >= end:
            return 1.0
        return max(0.0, (self.horizon - start + 1) / (end - start + 1))

    def _setup_pickers(self) -> None:
        p = self.preset
        self.pick_ground = Picker(p.table("other_grounds"))
        self.outcomes = {key: Picker(w) for key, w in p.table("outcomes").items()}
        self.outcomes_private = {
            key: Picker({o: v for o, v in w.items() if o != "PCS"} or w)
            for key, w in p.table("outcomes").items()
        }
        draws = Draws(self.rng)
        self.tables = {key: draws.table(*p.delay(key)) for key in p.table("delays")}
        self.delays_max = {key: p.delay(key)[2] for key in p.table("delays")}
        self._ybase, self._seq = year_start(self.sim_first), itertools.count()
        self._first_day = year_start(self.first_year)
        self._year_by_day = []
        for year in range(self.sim_first, self.last_year + 2):
            self._year_by_day += [year] * (year_end(year) - year_start(year) + 1)
        self._days: dict[tuple[int, str], tuple[list[float], list[int]]] = {}

    def tri(self, key: str) -> int:
        """A practice delay (days) drawn from the preset's triangular law ``key``."""
        return self.tables[key][int(self.random() * 1024)]

    def _year_of(self, day: int) -> int:
        index = day - self._ybase
        return self._year_by_day[index] if index >= 0 else self.sim_first - 1

    def _seasonal_day(self, year: int, key: str) -> int:
        """A day of ``year`` (up to the horizon), months weighted by the preset."""
        if (year, key) not in self._days:
            weights = self.preset.seasonality(key)
            cumulative, days, total = [], [], 0.0
            for month in range(1, 13):
                length = calendar.monthrange(year, month)[1]
                first = datetime.date(year, month, 1).toordinal()
                for day in range(first, min(first + length, self.horizon + 1)):
                    total += weights[month - 1] / length
                    cumulative.append(total)
                    days.append(day)
            self._days[(year, key)] = (cumulative, days)
        cumulative, days = self._days[(year, key)]
        index = bisect.bisect_right(cumulative, self.random() * cumulative[-1])
        return days[min(index, len(days) - 1)]

    def q(self, volume: str, year: int) -> int:
        return self.quotas.get(year, {}).get(volume, 0)

    # ------------------------------------------------------------------ procedures
    def _new(self, ground: str, social: bool, start: int) -> Proc:
        p = Proc(self.next_pid, ground, social, start)
        self.next_pid += 1
        r, share = self.random, self.share
        low, high = self.unpaid_range
        p.unpaid = low + (high - low) * r()
        p.initial = self.initial_months[int(r() * len(self.initial_months))]
        p.vulnerable = r() < share["vulnerable"]
        p.caf = r() < share["caf_known"]
        self.procs.append(p)
        return p

    def _materialize(self, payload: tuple) -> Proc:
        """The procedure of a CDP drawn in ``_roots``."""
        day, start, social, unpaid, initial, vulnerable, caf, impaye, signalement, saisine = payload
        if signalement > self.horizon:  # after the last day simulated: not known yet
            signalement = 0
        if saisine > self.horizon:
            saisine = 0
        p = Proc(self.next_pid, "IMPAYES", social, start)
        self.next_pid += 1
        p.unpaid, p.initial, p.vulnerable, p.caf = unpaid, initial, vulnerable, caf
        acts = p.acts
        if impaye:
            acts.append(Act("IMPAYE", impaye))
        if signalement and signalement <= day:
            acts.append(Act("SIGNALEMENT", signalement))
        acts.append(Act("CDP", day))
        if saisine:
            acts.append(Act("SAISINE_BAILLEUR_SOCIAL", saisine))
        if signalement > day:  # always before the saisine (see _roots)
            acts.insert(len(acts) - 1 if saisine else len(acts), Act("SIGNALEMENT", signalement))
        self.procs.append(p)
        return p

    def _add(self, buckets, natural: int, earliest: int, latest: int, weight: float, p,
             stage_year: int | None = None) -> None:  # fmt: skip
        """``p`` may take the act on day ``natural`` (not before ``earliest``, nor after
        ``latest``), with this selection weight. Past the horizon it stays pending."""
        if natural > self.horizon:
            # never processed (the procedure stays open), but the last year may bring
            # it forward when it lacks candidates
            year = self.last_year + 1
        else:
            index = natural - self._ybase
            year = self._year_by_day[index] if index >= 0 else self.sim_first - 1
            if stage_year is not None and year < stage_year:
                year, natural = stage_year, max(natural, year_start(stage_year))
        buckets[year].append((natural, earliest, latest, weight, p, next(self._seq)))

    def _select(self, volume: str, year: int, buckets, quota: int,
                exits: bool = True) -> list[tuple[int, Proc]]:  # fmt: skip
        """Exactly ``quota`` procedures take the act in ``year`` (see the module doc)."""
        candidates = buckets.pop(year, [])
        low, high = year_start(year), min(year_end(year), self.horizon)
        if len(candidates) > quota:
            r, log = self.random, math.log
            keys = [-log(1.0 - r()) / c[3] for c in candidates]
            order = sorted(range(len(candidates)), key=keys.__getitem__)
            for i in order[quota:] if exits else ():
                if type(candidates[i][4]) is Proc:
                    candidates[i][4].exit_day = candidates[i][0]
            picks = [(candidates[i][0], candidates[i][5], candidates[i][4]) for i in order[:quota]]
            picks.sort(key=lambda x: (x[0], x[1]))
            return [(day, p) for day, _, p in picks]
        picks = [(c[0], c[5], c[4]) for c in candidates]
        need = quota - len(candidates)
        following = sorted(buckets.get(year + 1, []), key=lambda c: (c[0], c[5])) if need else []
        keep = []
        for c in following:
            day = None
            if need:
                day = self._pull_day(volume, max(c[1], low), min(c[2], high))
            if day is None:
                keep.append(c)
            else:
                picks.append((day, c[5], c[4]))
                need -= 1
        if following:
            buckets[year + 1] = keep
        if need and year >= self.first_year:
            self.shortfalls[(volume, year)] += need
        picks.sort(key=lambda x: (x[0], x[1]))
        return [(day, p) for day, _, p in picks]

    def _pull_day(self, volume: str, low: int, high: int) -> int | None:
        if volume == "EXPULSION":
            low = self.cal.free[low - self.cal.base]
        if low > high:
            return None
        day = high - int(self.rng.triangular(0, high - low, 0))
        if volume == "EXPULSION" and self.cal.truce[day - self.cal.base]:
            day = low
        return day

    def _weighted_subset(self, items: list, count: int, weight) -> set[int]:
        """Indexes of ``count`` items drawn without replacement, in proportion to weight."""
        if count <= 0:
            return set()
        keys = []
        for i, item in enumerate(items):
            w = weight(item)
            keys.append((-math.log(1.0 - self.rng.random()) / w if w > 0 else math.inf, i))
        keys.sort()
        return {i for key, i in keys[:count] if key != math.inf}

    # ------------------------------------------------------------------ roots
    def _roots(self, year: int, assignation_buckets, judgment_buckets) -> None:
        r, share, cal, tri = self.random, self.share, self.cal, self.tri
        base, clause, saisine_end = cal.base, cal.clause, cal.saisine
        t = self.tables
        t_cdp, t_impaye = t["cdp_after_arrears"], t["impaye_after_arrears"]
        t_signalement, t_saisine = t["signalement_after_impaye"], t["saisine_after_cdp"]
        t_assignation = t["assignation_after_earliest"]
        social_share, caf_share = share["social_cdp"], share["caf_known"]
        vulnerable_share, impaye_share = share["vulnerable"], share["impaye_before_cdp"]
        signalement_share, saisine_share = share["signalement"], share["saisine_social"]
        unpaid_low, unpaid_high = self.unpaid_range
        unpaid_span, months = unpaid_high - unpaid_low, self.initial_months
        # Before the requested years, a CDP that never leads to an assignation matters
        # only as a candidate: it becomes a procedure only when it is summoned.
        light = year < self.first_year
        for _ in range(self.q("CDP", year)):
            day = self._seasonal_day(year, "CDP")
            social = r() < social_share
            unpaid = unpaid_low + unpaid_span * r()
            initial = months[int(r() * len(months))]
            vulnerable, caf = r() < vulnerable_share, r() < caf_share
            start = day - t_cdp[int(r() * 1024)]
            impaye = signalement = saisine = 0
            if caf and r() < impaye_share:
                impaye = start + t_impaye[int(r() * 1024)]
                if impaye >= day - 3:
                    impaye = 0
                elif r() < signalement_share:
                    signalement = min(impaye + t_signalement[int(r() * 1024)], day + 30)
            earliest = clause[day - base]
            if social:
                if r() >= saisine_share:
                    if not light:
                        payload = (day, start, social, unpaid, initial, vulnerable, caf,
                                   impaye, signalement, 0)  # fmt: skip
                        self._materialize(payload).exit_day = day + tri("exit_after_cdp")
                    continue
                # after the CAF's report: the stage machine allows no report after it
                saisine = max(day + t_saisine[int(r() * 1024)], signalement + 1)
                earliest = max(earliest, saisine_end[saisine - base])
            natural = earliest + t_assignation[int(r() * 1024)]
            payload = (day, start, social, unpaid, initial, vulnerable, caf, impaye,
                       signalement, saisine)  # fmt: skip
            last = max(day, signalement, saisine)
            item = payload if light and last < self._first_day else self._materialize(payload)
            self._add(assignation_buckets, natural, earliest, BIG,
                      unpaid * (0.8 if social else 1.0), item)  # fmt: skip
        if year >= self.first_year - 1:
            first_day = year_start(self.first_year) - int(
                self.delays_max["signalement_after_impaye"]
            )
            for _ in range(round(self.q("CDP", year) * share["impaye_only"])):
                day = self._seasonal_day(year, "IMPAYE")
                if day < first_day:
                    continue  # its acts would all fall before the requested years
                p = self._new("IMPAYES", r() < social_share, 0)
                p.caf = True
                p.start = day - tri("impaye_after_arrears")
                p.acts.append(Act("IMPAYE", day))
                if r() < share["signalement"]:
                    signalement = day + tri("signalement_after_impaye")
                    if signalement <= self.horizon:
                        p.acts.append(Act("SIGNALEMENT", signalement))
                p.exit_day = day + tri("exit_after_impaye")
        others = round(self.q("ASSIGNATION", year) * share["other_grounds"])
        for _ in range(others):
            day = self._seasonal_day(year, "ASSIGNATION")
            p = self._new(self.pick_ground(self.rng), r() < social_share, day)
            self._assign(p, day, judgment_buckets)
        self.other_assignations[year] = others

    # ------------------------------------------------------------------ stages
    def _assign(self, p: Proc, day: int, judgment_buckets) -> None:
        cal = self.cal
        hearing = max(day + self.tri("hearing_after_assignation"), cal.notice[day - cal.base] + 1)
        p.acts.append(FullAct("ASSIGNATION", day, hearing=hearing))
        self.assigned.append(p)
        natural = hearing
        if self.rng.random() >= 0.4:
            natural += self.tri("deliberation")
        self._add(judgment_buckets, natural, hearing, BIG, 1.0, p)

    def _dsf(self) -> None:
        """DSF: exact shares of each year's assignations, overall and in private housing."""
        share = self.preset.share
        cohorts: dict[int, list[Proc]] = defaultdict(list)
        for p in self.assigned:
            cohorts[self._year_of(p.last("ASSIGNATION").day)].append(p)
        for year in sorted(cohorts):
            cohort = cohorts[year]
            private = [p for p in cohort if not p.social]
            social = [p for p in cohort if p.social]
            n_private = round(share("dsf_prive") * len(private))
            n_social = min(len(social), max(0, round(share("dsf") * len(cohort)) - n_private))
            for group, count in ((private, n_private), (social, n_social)):
                chosen = self._weighted_subset(group, count, lambda p: 2.0 if p.vulnerable else 1)
                for i in sorted(chosen):
                    p = group[i]
                    assignation = p.last("ASSIGNATION")
                    span = assignation.hearing - assignation.day
                    day = assignation.day + max(1, int(span * self.rng.uniform(0.3, 0.9)))
                    p.acts.append(Act("DSF", min(day, assignation.hearing - 1)))
                    p.dsf = True

    def _judge(self, picks, cql_buckets) -> None:
        rng, share, cal = self.rng, self.preset.share, self.cal
        procs = [p for _, p in picks]
        n = len(procs)
        counts = apportion(n, self.preset.table("decisions"))
        attendance = share("dsf_attendance")
        contra = self._weighted_subset(procs, round(share("contradictoire") * n),
                                       lambda p: attendance if p.dsf else 1.0)  # fmt: skip
        decision = {}
        free = set(range(n))

        def draw(label, count, weight):
            pool = sorted(free)
            for j in self._weighted_subset(pool, count, weight):
                decision[pool[j]] = label
                free.discard(pool[j])

        draw(
            "CONDITIONNELLE",
            counts["CONDITIONNELLE"],
            lambda i: 0 if procs[i].ground != "IMPAYES" else (3.0 if i in contra else 1.0),
        )
        draw("RADIATION", counts["RADIATION"], lambda i: 1.0 if i in contra else 3.0)
        draw("REJET", counts["REJET"], lambda i: 1.0)
        for (day, p), i in zip(picks, range(n), strict=True):
            act = FullAct("JUGEMENT", day)
            act.decision = decision.get(i, "FERME")
            act.contra = i in contra
            hearing = p.last("ASSIGNATION").hearing
            if day > hearing and rng.random() < share("audience_event"):
                p.acts.append(Act("AUDIENCE", hearing))
            p.acts.append(act)
            if act.decision == "CONDITIONNELLE":
                act.note = CONDITIONAL_NOTE.format(rng.choice((12, 18, 24, 24, 36)))
                natural = day + self.tri("cql_after_conditionnelle")
                self._add(cql_buckets, natural, day + 1, BIG, 1.0, p)
            elif act.decision == "FERME":
                if rng.random() < share("grace"):
                    low, high = cal.grace_bounds(day)
                    months = rng.choice(self.preset.table("grace_months")["values"])
                    act.grace = min(high, max(low, months))
                    act.note = f"Délais de {act.grace} mois accordés pour quitter les lieux."
                natural = day + self.tri("cql_after_ferme")
                self._add(cql_buckets, natural, day + 1, BIG, 4.0, p)
            else:
                p.exit_day = day

    def _cql(self, picks, rfp_buckets) -> None:
        cal = self.cal
        for day, p in picks:
            judgment = p.last("JUGEMENT")
            note = FAILED_PLAN_NOTE if judgment.decision == "CONDITIONNELLE" else ""
            p.acts.append(FullAct("CQL", day, note=note))
            possible = cal.cql[day - cal.base]
            if judgment.grace:
                possible = max(possible, cal.months_after(judgment.day, judgment.grace))
            p.possible = possible
            natural = possible + self.tri("rfp_after_possible")
            self._add(rfp_buckets, natural, possible, BIG, 1.0, p)

    def _rfp(self, picks, cfp_buckets, year: int) -> None:
        cal = self.cal
        for day, p in picks:
            p.acts.append(Act("RFP", day))
            limit = cal.cfp_limit[day - cal.base]
            natural = min(day + self.tri("cfp_after_rfp"), limit)
            self._add(cfp_buckets, natural, day, limit, 1.0, p, year)

    def _hold(self, day: int) -> int:
        """``day``, or a day of April–June when the winter truce forbids ``day``."""
        cal = self.cal
        while cal.covers(day) and cal.truce[day - cal.base]:
            day = cal.free[day - cal.base] + self.tri("after_truce")
        return day

    def _cfp(self, picks, year: int, eviction_buckets, rfp_buckets) -> None:
        cal, n = self.cal, len(picks)
        refused = n - min(self.q("CFP_ACCORDE", year), n)
        chosen = self._weighted_subset(picks, refused, lambda x: 3.0 if x[1].vulnerable else 1)
        for i, (day, p) in enumerate(picks):
            act = FullAct("CFP", day)
            p.acts.append(act)
            if i in chosen:
                act.cfp = "REFUSE"
                natural = cal.next_truce_end(day) + self.tri("rerfp_after_truce")
                self._add(rfp_buckets, natural, day + 1, BIG, 1.0, p, year + 1)
            else:
                act.cfp = "ACCORDE"
                base = max(day + self.tri("expulsion_after_cfp"), p.possible)
                earliest = cal.free[max(day + 1, p.possible) - cal.base]
                weight = 0.5 if p.vulnerable else 1.0
                self._add(eviction_buckets, self._hold(base), earliest, BIG, weight, p, year)

    # ------------------------------------------------------------------ run
    def run(self) -> list[Proc]:
        years = range(self.sim_first, self.last_year + 1)
        buckets = {name: defaultdict(list) for name in ("A", "J", "Q", "R", "C", "E")}
        self.assigned: list[Proc] = []
        self.other_assignations: dict[int, int] = {}
        for year in years:
            self._roots(year, buckets["A"], buckets["J"])
        for year in years:
            quota = self.q("ASSIGNATION", year) - self.other_assignations.get(year, 0)
            for day, p in self._select("ASSIGNATION", year, buckets["A"], quota):
                if type(p) is tuple:
                    p = self._materialize(p)
                self._assign(p, day, buckets["J"])
        self._dsf()
        for year in years:
            picks = self._select("JUGEMENT", year, buckets["J"], self.q("JUGEMENT", year))
            self._judge(picks, buckets["Q"])
        for year in years:
            picks = self._select("CQL", year, buckets["Q"], self.q("CQL", year))
            self._cql(picks, buckets["R"])
        for year in years:
            picks = self._select("RFP", year, buckets["R"], self.q("RFP", year))
            self._rfp(picks, buckets["C"], year)
            quota = self.q("CFP_ACCORDE", year) + self.q("CFP_REFUSE", year)
            self._cfp(self._select("CFP", year, buckets["C"], quota), year, buckets["E"],
                      buckets["R"])  # fmt: skip
        for year in years:
            for day, p in self._select("EXPULSION", year, buckets["E"],
                                       self.q("EXPULSION", year)):  # fmt: skip
                p.acts.append(FullAct("EXPULSION", day, note="Expulsion réalisée avec le concours "
                                  "de la force publique."))  # fmt: skip
                p.closed, p.outcome = day, "EXPULSION"
        endings.close(self)
        endings.ccapex(self)
        endings.repeat_households(self)
        return self.procs
