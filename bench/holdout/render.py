"""How a sender's information system writes a person, a date, an address, an amount.

Every function takes the sender's habits (a dict, see habits.py) and a random source.
Choices that a system makes once per person (the spelling registered, a wrong birth
date) use the per-person generator; cosmetic ones use the per-row generator.
"""

from __future__ import annotations

import datetime as dt
import random

import names as N
import places as P

MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
NBSP = "\u00a0"


def weighted(rng: random.Random, table: dict[str, float]) -> str:
    keys = list(table)
    return rng.choices(keys, [table[k] for k in keys])[0]


# ------------------------------------------------------------------ dates


def fmt_date(d: dt.date, style: str) -> str:
    if style == "dmy":
        return d.strftime("%d/%m/%Y")
    if style == "iso":
        return d.isoformat()
    if style == "iso_t":
        return d.isoformat() + "T00:00:00"
    if style == "dots":
        return d.strftime("%d.%m.%Y")
    if style == "dash":
        return d.strftime("%d-%m-%Y")
    if style == "nopad":
        return f"{d.day}/{d.month}/{d.year}"
    if style == "words":
        day = "1er" if d.day == 1 else str(d.day)
        return f"{day} {MONTHS[d.month - 1]} {d.year}"
    if style == "d8":
        return d.strftime("%d%m%Y")
    if style == "ymd8":
        return d.strftime("%Y%m%d")
    if style == "mdy":
        return d.strftime("%m/%d/%Y")
    if style == "dmy_time":
        return d.strftime("%d/%m/%Y") + " 00:00"
    if style == "nopad_yy":
        return f"{d.day}/{d.month}/{d.year % 100:02d}"
    if style == "yy":
        return d.strftime("%d/%m/%y")
    raise ValueError(style)


def _valid(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def typo_date(rng: random.Random, d: dt.date) -> dt.date:
    """One digit wrong, still a valid date of an adult."""
    for _ in range(30):
        s = list(d.strftime("%d%m%Y"))
        i = rng.choice((0, 1, 2, 3, 6, 7))
        s[i] = str(rng.randint(0, 9))
        t = "".join(s)
        out = _valid(int(t[4:]), int(t[2:4]), int(t[:2]))
        if out and out != d and 1930 <= out.year <= 2006:
            return out
    return d + dt.timedelta(days=10)


def swapped(d: dt.date) -> dt.date:
    return _valid(d.year, d.day, d.month) or d


# ------------------------------------------------------------------ text noise


def case(s: str, style: str) -> str:
    if style == "upper":
        return s.upper()
    if style == "lower":
        return s.lower()
    if style == "title":
        out = []
        for w in s.split(" "):
            parts = w.split("-")
            out.append("-".join(_cap(p) for p in parts))
        return " ".join(out)
    return s


def _cap(w: str) -> str:
    if not w:
        return w
    for ap in ("'", "’"):
        if ap in w and w.index(ap) <= 2 and w[0].upper() in "NMDLO":
            a, b = w.split(ap, 1)
            return a.capitalize() + ap + b.capitalize()
    if w.lower() in (
        "da",
        "de",
        "dos",
        "do",
        "du",
        "el",
        "van",
        "von",
        "né",
        "née",
        "épouse",
        "et",
    ):
        return w.lower()
    return w[:1].upper() + w[1:].lower()


def space_noise(rng: random.Random, s: str, p: float) -> str:
    if not s or rng.random() >= p:
        return s
    kind = rng.choice(("double", "trailing", "nbsp", "leading", "double"))
    if kind == "double" and " " in s:
        i = rng.choice([i for i, c in enumerate(s) if c == " "])
        return s[:i] + "  " + s[i + 1 :]
    if kind == "nbsp" and " " in s:
        return s.replace(" ", NBSP, 1)
    if kind == "leading":
        return " " + s
    return s + rng.choice((" ", "  ", NBSP))


# ------------------------------------------------------------------ names


def surname_text(rng: random.Random, parts: tuple[str, ...], h: dict) -> str:
    parts = tuple(
        rng.choice(N.variant_group(p, N.SURNAME_VARIANTS)) if rng.random() < h["variant_p"] else p
        for p in parts
    )
    if len(parts) == 1:
        return parts[0]
    how = weighted(rng, h["compound"])
    if how == "first":
        return parts[0]
    if how == "last":
        return parts[-1]
    if how == "hyphen":
        return "-".join(parts)
    return " ".join(parts)


def married_text(rng: random.Random, person, h: dict) -> str:
    birth = surname_text(rng, person.surname, h)
    usage = surname_text(rng, person.usage_surname, h)
    forms = dict(h["married"])
    if person.widow:
        forms["veuve"] = forms.get("veuve", 0) + h.get("widow_form", 0.0)
    form = weighted(rng, forms)
    ep = rng.choice(h.get("epouse_words", ("épouse",)))
    if form == "birth":
        return birth
    if form == "usage":
        return usage
    if form == "birth_ep_usage":
        return f"{birth} {ep} {usage}"
    if form == "usage_nee_birth":
        return f"{usage} {rng.choice(h.get('nee_words', ('née',)))} {birth}"
    if form == "double":
        return f"{usage}-{birth}" if rng.random() < 0.5 else f"{usage} {birth}"
    if form == "veuve":
        return rng.choice(
            (f"veuve {usage}", f"Vve {usage} née {birth}", f"veuve {usage} née {birth}")
        )
    return usage


def given_text(rng: random.Random, person, h: dict) -> list[str]:
    given = list(person.given)
    if person.tradition == "vietnam":
        return given
    if rng.random() < h["variant_p"]:
        g = N.variant_group(given[0], N.GIVEN_VARIANTS)
        given[0] = rng.choice(g)
    if rng.random() < h.get("usual_p", 0.0) and given[0] in N.USUAL_FORMS:
        return [rng.choice(N.USUAL_FORMS[given[0]])]
    if len(given) > 1 and rng.random() >= h["given_all"]:
        given = given[:1]
    return given


def person_name(rng: random.Random, person, h: dict, *, couple: bool = False) -> tuple[str, str]:
    """(nom, prénom) as the sender registered this person; per-person choices."""
    if person.usage_surname is not None and person.sex == "F":
        nom = married_text(rng, person, h)
    else:
        nom = surname_text(rng, person.surname, h)
    given = given_text(rng, person, h)
    join = h.get("given_join", " ")
    if person.tradition == "vietnam":
        mode = weighted(rng, h.get("asia", {"std": 1}))
        middle, first = given[0], given[-1]
        if mode == "middle_in_sur":
            nom, prenom = f"{nom} {middle}", first
        elif mode == "swap":
            nom, prenom = first, f"{nom} {middle}"
        elif mode == "drop_middle":
            prenom = first
        else:
            prenom = f"{middle} {first}"
    else:
        prenom = join.join(given)
        if person.tradition in ("china", "tamil") and rng.random() < h.get("asia", {}).get(
            "swap", 0
        ):
            nom, prenom = prenom, nom
    if person.role and rng.random() < h.get("role_p", 0.0):
        tag = {
            "père": ("père", "Sr"),
            "fils": ("fils", "Jr", "Junior"),
            "mère": ("mère",),
            "fille": ("fille",),
        }
        word = rng.choice(tag[person.role])
        if rng.random() < 0.5:
            prenom = f"{prenom} {word}"
        else:
            nom = f"{nom} {word}"
    if rng.random() < h["accents_p"]:
        nom, prenom = P.strip_accents(nom), P.strip_accents(prenom)
    style = h["case"]
    if style == "mixed":
        style = rng.choice(("title", "upper", "as_is", "upper_sur"))
    if style == "upper_sur":
        nom = case(nom, "upper")
    else:
        nom, prenom = case(nom, style), case(prenom, style)
    if h.get("truncate"):
        nom = nom[: h["truncate"]].rstrip()
        prenom = prenom[: h.get("truncate_given", 60)].rstrip()
    if rng.random() < h.get("civility_p", 0.0):
        if couple:
            civ = rng.choice(("M. et Mme", "M et Mme", "Mr et Mme", "M. ou Mme"))
        elif person.sex == "F":
            civ = rng.choice(
                ("Mme", "Mme.", "Madame", "MME", "Mlle" if person.dob.year > 1990 else "Mme")
            )
        else:
            civ = rng.choice(("M.", "Mr", "Mr.", "Monsieur", "M"))
        nom = f"{civ} {nom}"
    if rng.random() < h.get("whole_name_p", 0.0):
        nom = f"{nom} {prenom}" if rng.random() < 0.7 else f"{prenom} {nom}"
    if rng.random() < h.get("swap_cols_p", 0.0):
        nom, prenom = prenom, nom
    return nom, prenom


# ------------------------------------------------------------------ birth dates


def registered_dob(rng: random.Random, person, h: dict) -> dt.date | None:
    """The birth date the sender's system holds for this person (maybe wrong, maybe none)."""
    if rng.random() < h["dob_absent_person"]:
        return None
    d = person.dob
    err = rng.random()
    e = h.get("dob_errors", {})
    acc = 0.0
    for kind in ("swap", "typo", "approx", "year"):
        acc += e.get(kind, 0.0)
        if err < acc:
            if kind == "swap":
                return swapped(d)
            if kind == "typo":
                return typo_date(rng, d)
            if kind == "approx":
                return dt.date(d.year, 1, 1)
            if kind == "year":
                return _valid(d.year + rng.choice((-1, 1)), d.month, d.day) or d
    return d


# ------------------------------------------------------------------ amounts and phones


def amount(v: float | int, style: str) -> str:
    v = round(float(v), 2)
    whole = int(v)
    cents = round((v - whole) * 100)
    if cents == 100:
        whole, cents = whole + 1, 0
    if style == "dot":
        return f"{whole}.{cents:02d}"
    if style == "comma":
        return f"{whole},{cents:02d}"
    if style == "int":
        return str(round(v))
    grouped = f"{whole:,}"
    if style == "fr":
        return grouped.replace(",", " ") + f",{cents:02d} €"
    if style == "fr_nbsp":
        return grouped.replace(",", NBSP) + f",{cents:02d}"
    if style == "dotcomma":
        return (grouped.replace(",", ".") if whole >= 1000 else str(whole)) + f",{cents:02d}"
    if style == "eur":
        return f"{whole},{cents:02d} EUR"
    if style == "euros":
        return f"{round(v)} euros"
    raise ValueError(style)


def phone(num: str, style: str) -> str:
    d = num
    pairs = [d[i : i + 2] for i in range(0, 10, 2)]
    if style == "plain":
        return d
    if style == "spaces":
        return " ".join(pairs)
    if style == "dots":
        return ".".join(pairs)
    if style == "dashes":
        return "-".join(pairs)
    if style == "e164":
        return "+33" + d[1:]
    if style == "e164_spaces":
        return "+33 " + d[1] + " " + " ".join(pairs[1:])
    if style == "e164_trunk":
        return "+33 (0)" + d[1] + " " + " ".join(pairs[1:])
    if style == "intl00":
        return "0033 " + d[1] + " " + " ".join(pairs[1:])
    if style == "lost_zero":
        return d[1:]
    if style == "label":
        return "Tél. : " + " ".join(pairs)
    raise ValueError(style)
