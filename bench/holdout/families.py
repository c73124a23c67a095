"""Households of each family, and the procedures that make their rows."""

from __future__ import annotations

import datetime as dt
import random

import names as N
import world as W

ROWS_WEIGHTS = [10, 15, 18, 17, 14, 11, 8, 7]  # 1..8 rows


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def rand_date(rng: random.Random, lo: dt.date, hi: dt.date) -> dt.date:
    if hi <= lo:
        return lo
    return lo + days(rng.randint(0, (hi - lo).days))


# ------------------------------------------------------------------ procedures


def procedure(rng: random.Random, hh: W.Household, flat, start: dt.date) -> list[tuple]:
    """A plausible full procedure from ``start``: [(date, act, extras)]."""
    b = flat.building
    legal_person = b.social or b.landlord_type == "PERSONNE_MORALE"
    seq: list[tuple] = []
    t = start
    for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
        seq.append((t, "IMPAYE", {}))
        t += days(rng.randint(25, 50))
    if rng.random() < 0.45:
        seq.append((t + days(rng.randint(0, 40)), "SIGNALEMENT", {}))
    if legal_person and rng.random() < 0.7:
        seq.append((t + days(rng.randint(0, 30)), "SAISINE_BAILLEUR_SOCIAL", {}))
        t += days(rng.randint(60, 110))
    t += days(rng.randint(0, 60))
    seq.append((t, "CDP", {}))
    if rng.random() < 0.3:
        seq.append((t + days(rng.randint(10, 50)), "IMPAYE", {}))
    t += days(rng.randint(62, 150))
    audience = t + days(rng.randint(60, 120))
    seq.append((t, "ASSIGNATION", {"audience": audience}))
    if rng.random() < 0.3:
        seq.append((t + days(rng.randint(5, 50)), "SIGNALEMENT", {}))
    t = audience + days(rng.randint(0, 42))
    decision = rng.choices(["FERME", "CONDITIONNELLE", "REJET", "RADIATION"], [35, 40, 5, 20])[0]
    seq.append((t, "JUGEMENT", {"decision": decision, "contradictoire": rng.random() < 0.55}))
    if decision == "FERME" or (decision == "CONDITIONNELLE" and rng.random() < 0.35):
        t += days(rng.randint(30, 120))
        seq.append((t, "CQL", {}))
        if rng.random() < 0.35:
            seq.append((t + days(rng.randint(5, 40)), "SIGNALEMENT", {}))
        t += days(rng.randint(62, 100))
        seq.append((t, "RFP", {}))
        t += days(rng.randint(30, 90))
        cfp = "ACCORDE" if rng.random() < 0.6 else "REFUSE"
        seq.append((t, "CFP", {"cfp": cfp}))
        if cfp == "ACCORDE" and rng.random() < 0.5:
            t += days(rng.randint(15, 120))
            if t.month in (11, 12, 1, 2, 3):
                t = dt.date(t.year + (1 if t.month >= 11 else 0), 4, rng.randint(1, 28))
            seq.append((t, "EXPULSION", {}))
    seq.sort(key=lambda e: e[0])
    if rng.random() < 0.25:
        # the file reaches the CCAPEX only with the bailiff's first act
        first_cdp = next(i for i, e in enumerate(seq) if e[1] == "CDP")
        seq = seq[first_cdp:]
    kept = [e for e in seq if rng.random() > 0.12] or seq[:1]
    return [e for e in kept if e[0] <= W.END]


def pick_sender(rng: random.Random, hh: W.Household, act: str, flat, date: dt.date) -> str | None:
    b = flat.building
    landlord = W.landlord_sender(flat)
    saint_denis = b.street.commune.insee == "93066"
    if act == "IMPAYE":
        opts = [("msa" if hh.msa else "caf", 65)]
        if landlord:
            opts.append((landlord, 35))
    elif act == "SIGNALEMENT":
        opts = [("association", 14), ("caf", 8), ("prefecture", 5)]
        if saint_denis:
            opts.append(("ccas_saint_denis", 70))
        if not b.social:
            opts.append(("empex", 22))
        if landlord:
            opts.append((landlord, 10))
        opts.append((W.bailiff_for(flat, rng), 4))
    elif act == "SAISINE_BAILLEUR_SOCIAL":
        if landlord and (b.social or b.landlord_type == "PERSONNE_MORALE"):
            return landlord
        return None
    elif act in ("CDP", "ASSIGNATION", "CQL", "RFP"):
        return W.bailiff_for(flat, rng)
    elif act == "JUGEMENT":
        return "tribunal"
    elif act == "CFP":
        return "prefecture"
    elif act == "EXPULSION":
        opts = [(W.bailiff_for(flat, rng), 60), ("prefecture", 40)]
    else:
        return None
    return rng.choices([o[0] for o in opts], [o[1] for o in opts])[0]


def debt_at(rng: random.Random, flat, start: dt.date, date: dt.date, base: float) -> float:
    months = max(0.0, (date - start).days / 30.4)
    monthly = flat.rent + flat.charges
    growth = monthly * rng.uniform(0.35, 0.9)
    return round(base + months * growth + rng.uniform(-40, 40), 2)


def events_for(
    rng: random.Random, hh: W.Household, flat, start: dt.date, n: int, phase: str
) -> list[W.Event]:
    out: list[W.Event] = []
    tries = 0
    while not out and tries < 6:
        tries += 1
        seq = procedure(rng, hh, flat, start)
        base = (flat.rent + flat.charges) * rng.uniform(1.2, 3.0)
        motif = "IMPAYES"
        if not flat.building.social and rng.random() < 0.04:
            motif = "DEFAUT_ASSURANCE"
        for date, act, extra in seq:
            if len(out) >= n:
                break
            sender = pick_sender(rng, hh, act, flat, date)
            if sender is None:
                continue
            out.append(
                W.Event(
                    date=date,
                    act=act,
                    sender=sender,
                    flat=flat,
                    with_co=True,
                    phase=phase,
                    debt=debt_at(rng, flat, start, date, base),
                    audience=extra.get("audience"),
                    decision=extra.get("decision"),
                    contradictoire=extra.get("contradictoire"),
                    cfp=extra.get("cfp"),
                    motif=motif,
                )
            )
            # the préfecture receives the bailiff's requisition and files it too
            if act == "RFP" and rng.random() < 0.5 and len(out) < n:
                e = out[-1]
                out.append(
                    W.Event(e.date, "RFP", "prefecture", flat, True, phase, e.debt, motif=motif)
                )
        if not out:
            start = max(W.START, start - days(200))
    return out


# ------------------------------------------------------------------ households


class Builder:
    def __init__(self, rng: random.Random, n_households: int):
        self.rng = rng
        self.people = W.PeopleMaker(rng)
        self.estate = W.Estate(rng, n_households)

    def rows_wanted(self, lo: int = 1) -> int:
        return max(lo, self.rng.choices(range(1, 9), ROWS_WEIGHTS)[0])

    def base(self, family: str, holder, co, flat) -> W.Household:
        rng = self.rng
        hh = W.Household(hid="", family=family, holder=holder, co=co, flat=flat)
        hh.caf_swap = co is not None and rng.random() < 0.35
        hh.msa = rng.random() < 0.03
        if rng.random() < 0.25:
            hh.landline = self.people.phone(rng.choice(("0148", "0149", "0143", "0141")))
        if rng.random() < 0.04:
            hh.hosted = rng.choice(N.HOST_NAMES)
        return hh

    def start(self, span_days: int = 0) -> dt.date:
        return W.START + days(self.rng.randint(0, (W.END - W.START).days - 60 - span_days))

    def fill(self, hh: W.Household, n: int | None = None) -> None:
        n = n or self.rows_wanted()
        hh.events = events_for(self.rng, hh, hh.flat, self.start(), n, "")

    # ---------------------------------------------------------- families

    def ordinaire(self) -> list[W.Household]:
        holder = self.people.person()
        co = self.people.partner_of(holder) if self.rng.random() < 0.42 else None
        hh = self.base("ordinaire", holder, co, self.estate.flat())
        self.fill(hh)
        return [hh]

    def nom_usage(self) -> list[W.Household]:
        rng = self.rng
        wife = self.people.person(sex="F", dob=self.people.dob(1944, 1998))
        husband = self.people.person(
            tradition=wife.tradition if rng.random() < 0.8 else None, sex="M"
        )
        wife.usage_surname = husband.surname
        if wife.usage_surname == wife.surname:
            husband.surname = self.people.surname(husband.tradition)
            wife.usage_surname = husband.surname
        r = rng.random()
        co = None
        if r < 0.25:
            wife.widow = True
        elif r < 0.8:
            co = husband
        hh = self.base("nom_usage", wife, co, self.estate.flat())
        self.fill(hh)
        return [hh]

    def demenagement(self) -> list[W.Household]:
        rng = self.rng
        holder = self.people.person()
        co = self.people.partner_of(holder) if rng.random() < 0.45 else None
        hh = self.base("demenagement", holder, co, self.estate.flat())
        n = self.rows_wanted(2)
        n_before = rng.randint(1, n - 1)
        start = W.START + days(rng.randint(0, 420))
        before = events_for(rng, hh, hh.flat, start, n_before, "avant")
        last = max(e.date for e in before)
        hh.move_date = min(last + days(rng.randint(20, 200)), W.END - days(45))
        before = [e for e in before if e.date < hh.move_date] or before[:1]
        if hh.move_date <= before[0].date:
            hh.move_date = before[0].date + days(15)
        if rng.random() < 0.6:
            same = [
                b
                for b in self.estate.buildings
                if b.street.commune is hh.flat.building.street.commune and b is not hh.flat.building
            ]
            b2 = rng.choice(same) if same else self.estate.new_building()
        else:
            b2 = self.estate.building()
        hh.flat2 = self.estate.flat(b2)
        start2 = hh.move_date + days(rng.randint(20, 240))
        if start2 > W.END - days(30):
            start2 = W.END - days(30)
        after = events_for(rng, hh, hh.flat2, start2, n - n_before, "apres")
        after = [e for e in after if e.date > hh.move_date]
        if not after:
            d = rand_date(rng, hh.move_date + days(10), W.END)
            sender = "msa" if hh.msa else "caf"
            base = (hh.flat2.rent + hh.flat2.charges) * rng.uniform(1.0, 2.5)
            after = [W.Event(d, "IMPAYE", sender, hh.flat2, True, "apres", round(base, 2))]
        for e in after:
            e.moved_from = hh.flat
        hh.events = before + after
        return [hh]

    def cotitulaire_parti(self) -> list[W.Household]:
        rng = self.rng
        holder = self.people.person(dob=self.people.dob(1950, 2000))
        co = self.people.partner_of(holder, married=0.7)
        hh = self.base("cotitulaire_parti", holder, co, self.estate.flat())
        hh.caf_swap = rng.random() < 0.4
        n = self.rows_wanted(2)
        evs = events_for(rng, hh, hh.flat, W.START + days(rng.randint(0, 500)), n, "")
        if len(evs) >= 2:
            k = rng.randint(1, len(evs) - 1)
            hh.co_leave_date = evs[k - 1].date + days(
                rng.randint(1, max(1, (evs[k].date - evs[k - 1].date).days))
            )
            if hh.co_leave_date > evs[k].date:
                hh.co_leave_date = evs[k].date
        else:
            hh.co_leave_date = evs[0].date + days(10)
        for e in evs:
            e.with_co = e.date < hh.co_leave_date
            e.phase = "avec_co" if e.with_co else "sans_co"
        hh.events = evs
        return [hh]

    def _pair(self, family: str, a, b, flat_a, flat_b, co_p=0.35) -> list[W.Household]:
        rng = self.rng
        co_a = self.people.partner_of(a) if rng.random() < co_p else None
        co_b = self.people.partner_of(b) if rng.random() < co_p else None
        ha = self.base(family, a, co_a, flat_a)
        hb = self.base(family, b, co_b, flat_b)
        self.fill(ha)
        self.fill(hb)
        return [ha, hb]

    def jumeaux(self) -> list[W.Household]:
        rng = self.rng
        sex, n1, n2 = rng.choice(N.TWIN_PAIRS)
        s1 = s2 = sex
        if sex == "X":
            s1, s2 = "M", "F"
        trad = rng.choice(("maghreb", "maghreb", "west_africa", "fr", "comoros", "turkey"))
        sur = self.people.surname(trad)
        dob = self.people.dob(1975, 2003)
        a = self.people.person(trad, s1, sur, [n1], dob)
        b = self.people.person(trad, s2, sur, [n2], dob)
        if rng.random() < 0.3:
            second = {
                "M": ("Mohamed", "Ali", "Louis", "Amadou"),
                "F": ("Marie", "Sarah", "Nour", "Awa"),
            }
            a.given.append(rng.choice(second[a.sex]))
        bld = self.estate.building(social=rng.random() < 0.75)
        out = self._pair("jumeaux", a, b, self.estate.flat(bld), self.estate.flat(bld))
        if rng.random() < 0.4:
            out[1].shared_phone = a.mobile
        return out

    def pere_fils(self) -> list[W.Household]:
        rng = self.rng
        trad = self.people.tradition()
        female = rng.random() < 0.35
        sex = "F" if female else "M"
        sur = self.people.surname(trad)
        given = self.people.given(trad, sex)
        parent = self.people.person(trad, sex, sur, list(given), self.people.dob(1946, 1972))
        child_dob = parent.dob + days(int(365.25 * rng.randint(19, 34)) + rng.randint(-150, 150))
        child_dob = min(child_dob, dt.date(2004, 12, 31))
        child_given = list(given[:1]) + (
            [rng.choice(("Junior", "Ali", "Marie", "Louis"))] if rng.random() < 0.25 else []
        )
        child = self.people.person(trad, sex, sur, child_given, child_dob)
        parent.role, child.role = ("mère", "fille") if female else ("père", "fils")
        bld = self.estate.building(social=rng.random() < 0.7)
        out = self._pair("pere_fils", parent, child, self.estate.flat(bld), self.estate.flat(bld))
        for hh in out:
            hh.dob_drop = rng.uniform(0.35, 0.75)
        if rng.random() < 0.45:
            out[1].shared_phone = out[0].landline or parent.mobile
        return out

    def homonymes_immeuble(self) -> list[W.Household]:
        rng = self.rng
        if rng.random() < 0.7:
            trad, sex, sur, first = rng.choice(N.HOMONYMS)
            given = first.split(" ")
            sur_t = (sur,)
        else:
            trad = self.people.tradition()
            sex = rng.choice("FM")
            sur_t = self.people.surname(trad)
            given = self.people.given(trad, sex)[:1]
            if trad == "vietnam":
                given = self.people.given(trad, sex)
        a = self.people.person(trad, sex, sur_t, list(given))
        gap = rng.randint(1, 2) if rng.random() < 0.2 else rng.randint(3, 30)
        y = max(1944, min(2004, a.dob.year + rng.choice((-1, 1)) * gap))
        b = self.people.person(trad, sex, sur_t, list(given), self.people.dob(y, y + 1))
        bld = self.estate.building(social=rng.random() < 0.8)
        return self._pair("homonymes_immeuble", a, b, self.estate.flat(bld), self.estate.flat(bld))

    def parents_bail_propre(self) -> list[W.Household]:
        rng = self.rng
        trad = self.people.tradition()
        sur = self.people.surname(trad)
        a = self.people.person(trad, None, sur)
        if rng.random() < 0.7:  # siblings
            y = max(1944, min(2004, a.dob.year + rng.randint(-10, 10)))
            b = self.people.person(trad, None, sur, None, self.people.dob(y, y + 1))
        else:  # parent and grown-up child, different first names
            y = min(2004, a.dob.year + rng.randint(19, 32))
            b = self.people.person(trad, None, sur, None, self.people.dob(y, y + 1))
        if b.given[0] == a.given[0]:
            b.given = self.people.given(trad, "F" if b.sex == "M" else "M")
            b.sex = "F" if b.sex == "M" else "M"
        bld = self.estate.building(social=rng.random() < 0.65)
        other = bld if rng.random() < 0.6 else self.estate.neighbour_building(bld)
        out = self._pair(
            "parents_bail_propre", a, b, self.estate.flat(bld), self.estate.flat(other)
        )
        if rng.random() < 0.35:
            out[1].shared_phone = out[0].landline or a.mobile
        if rng.random() < 0.15 and a.email:
            b.email = a.email  # the family's one address
        return out


def build(rng: random.Random, n_households: int) -> list[W.Household]:
    builder = Builder(rng, n_households)
    groups: list[list[W.Household]] = []
    total = 0
    plan = []
    for fam, share in W.FAMILY_SHARES:
        k = round(n_households * share)
        if fam in W.PAIR_FAMILIES:
            k = max(2, k - k % 2)
        plan.append((fam, k))
    # the largest family absorbs rounding
    diff = n_households - sum(k for _, k in plan)
    plan[0] = (plan[0][0], plan[0][1] + diff)
    for fam, k in plan:
        make = getattr(builder, fam)
        made = 0
        while made < k:
            g = make()
            groups.append(g)
            made += len(g)
            total += len(g)
    rng.shuffle(groups)
    households: list[W.Household] = []
    for g in groups:
        households.extend(g)
    order = list(range(len(households)))
    rng.shuffle(order)  # ids do not follow families, nor pairs
    for i, idx in enumerate(order):
        households[idx].hid = f"M{i + 1:05d}"
    for g in groups:
        if len(g) == 2:
            g[0].partner, g[1].partner = g[1].hid, g[0].hid
    households.sort(key=lambda h: h.hid)
    return households
