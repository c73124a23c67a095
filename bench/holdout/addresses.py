"""How each sender writes an address: the ``adresse`` and ``commune`` cells."""

from __future__ import annotations

import random

import places as P


def commune_text(rng: random.Random, c: P.Commune, style: str) -> str:
    if style == "official":
        return c.name
    if style == "upper_official":
        return P.strip_accents(c.name).upper()
    if style == "laposte":
        return c.laposte
    if style == "short":
        return (
            rng.choice(c.others) if c.others else P.strip_accents(c.name).upper().replace("-", " ")
        )
    if style == "blank":
        return ""
    if style == "cp_in_commune":
        return f"{c.postcode} {c.laposte}"
    if style == "cedex":
        return f"{c.laposte} CEDEX"
    return c.name


def _floor(rng: random.Random, f: P.Flat, style: str) -> str:
    if f.floor == 0:
        return rng.choice(("RDC", "rez-de-chaussée", "RdC"))
    if style == "long":
        return f"{f.floor}{'er' if f.floor == 1 else 'ème'} étage"
    return f"{f.floor}{'er' if f.floor == 1 else 'e'} ét."


def address(rng: random.Random, vrng: random.Random, h: dict, f: P.Flat, hh) -> str:
    """The ``adresse`` cell. ``vrng`` holds the sender's habits for this household."""
    b = f.building
    st = b.street
    c = st.commune
    style = h["address"]
    if style in ("afnor", "afnor_short"):
        kind = P.TYPE_ABBR_AFNOR[st.kind]
        name = P.strip_accents(P.street_words(st, abbreviate_words=True)).upper()
        line = " ".join(x for x in (P.number_text(b, "afnor"), kind, name) if x)
        if b.residence and vrng.random() < 0.4:
            line = f"RES {P.strip_accents(b.residence).upper()} {line}"
        if vrng.random() < 0.2:
            line = f"APT {f.apt} {line}"
        line = line.replace("'", " ")
        return line[:32] if style == "afnor_short" else line
    if style == "tsh":
        parts = []
        if b.residence:
            parts.append(rng.choice(("Rés.", "Résidence", "Res")) + " " + b.residence)
        parts.append(
            " ".join(
                x
                for x in (
                    f"Bât {f.stair}" if f.stair and vrng.random() < 0.6 else "",
                    f"Esc {f.stair}" if f.stair and vrng.random() < 0.4 else "",
                    f"Lgt {f.lgt}",
                )
                if x
            )
        )
        parts.append(" ".join(x for x in (P.number_text(b, "plain"), st.kind, st.name) if x))
        return " - ".join(parts)
    if style == "lpf":
        kind = rng.choice(P.TYPE_ABBR_LOOSE[st.kind]).upper()
        name = P.street_words(st, abbreviate_words=vrng.random() < 0.5).upper()
        num = P.number_text(b, "slash")
        line = (
            f"LGT {f.apt}"
            + (f" BAT {f.stair}" if f.stair else "")
            + " - "
            + " ".join(x for x in (num, kind, name) if x)
        )
        if rng.random() < h.get("mojibake_addr_p", 0):
            line = P.mojibake(line)
        return line
    if style == "agency":
        num = P.number_text(b, "plain")
        line = " ".join(x for x in (num, st.kind, st.name) if x)
        extra = vrng.random()
        if extra < 0.5:
            door = f" porte {f.door}" if f.door else ""
            line += f", {_floor(rng, f, 'long')}{door}"
        elif extra < 0.7:
            line += f", appartement n° {f.apt}"
        return line
    if style == "legal":
        num = P.number_text(b, "legal")
        line = f"{num}, {st.kind} {st.name}" if num else f"{st.kind} {st.name}"
        if hh.hosted and rng.random() < 0.6:
            line = f"chez {hh.hosted}, {line}"
        if rng.random() < h.get("demeurant_p", 0):
            line = "demeurant " + line
        if b.residence and vrng.random() < 0.3:
            line += f", Résidence {b.residence}"
        if f.stair and vrng.random() < 0.3:
            line += f", bâtiment {f.stair}, {_floor(rng, f, 'long')}"
        return line
    if style == "tribunal":
        num = P.number_text(b, "legal")
        line = f"{num} {st.kind} {st.name}" if num else f"{st.kind} {st.name}"
        return f"{line} {c.postcode} {c.name}"
    if style == "vasseur":
        kind = rng.choice(P.TYPE_ABBR_LOOSE[st.kind])
        name = P.strip_accents(P.street_words(st, abbreviate_words=True))
        num = "" if rng.random() < 0.05 else P.number_text(b, "tight")
        line = " ".join(x for x in (num, kind, name) if x)
        if f.stair and vrng.random() < 0.3:
            line += f" Bat {f.stair}"
        if vrng.random() < 0.4:
            line += f" {c.postcode} {c.laposte}"
        return line.upper()
    if style in ("social", "empex"):
        kind = st.kind if vrng.random() < 0.5 else rng.choice(P.TYPE_ABBR_LOOSE[st.kind])
        name = P.street_words(
            st,
            abbreviate_words=vrng.random() < 0.4,
            initial_given=vrng.random() < 0.3,
            hyphenate_people=vrng.random() < 0.3,
        )
        num = P.number_text(b, "plain" if vrng.random() < 0.6 else "tight")
        if rng.random() < 0.03:
            num = ""
        line = " ".join(x for x in (num, kind, name) if x)
        if style == "empex":
            if rng.random() < 0.6:
                side = {"gauche": " G", "droite": " D", "face": " face"}.get(f.door, "")
                line += f", {_floor(rng, f, 'short')}{side}"
        else:
            r = vrng.random()
            if r < 0.25:
                line = f"appartement n° {f.apt}, {line}"
            elif r < 0.4 and b.residence:
                line = f"Cité {b.residence}, {line}"
        if hh.hosted and rng.random() < h.get("hosted_p", 0):
            line = f"Chez {hh.hosted} - {line}"
        return line
    raise ValueError(style)
