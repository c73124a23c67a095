"""The twelve partners that send files, each with the habits of its information system."""

from __future__ import annotations

import datetime as dt
import random

import addresses as A
import places as P
import render as R
import world as W
from habits import COLUMNS, FUNDS_AND_LANDLORDS
from habits_procedure import JUSTICE, SOCIAL

SENDERS: dict[str, dict] = {**FUNDS_AND_LANDLORDS, **JUSTICE, **SOCIAL}


# ------------------------------------------------------------------ the sender


class Sender:
    def __init__(self, key: str, seed: int):
        self.key = key
        self.h = SENDERS[key]
        self.seed = seed
        self.counter = 0
        self.names: dict[str, tuple[str, str]] = {}
        self.dobs: dict[str, dt.date | None] = {}

    def prng(self, *parts) -> random.Random:
        return random.Random("|".join(str(p) for p in (self.seed, self.key, *parts)))

    # what the sender's system holds about a person, fixed once
    def name_of(self, person, couple: bool = False) -> tuple[str, str]:
        k = (person.pid, couple)
        if k not in self.names:
            self.names[k] = R.person_name(
                self.prng("name", person.pid, couple), person, self.h, couple=couple
            )
        return self.names[k]

    def dob_of(self, person, hh) -> dt.date | None:
        if person.pid not in self.dobs:
            rng = self.prng("dob", person.pid)
            d = R.registered_dob(rng, person, self.h)
            if d is not None and rng.random() < hh.dob_drop:
                d = None
            self.dobs[person.pid] = d
        return self.dobs[person.pid]

    def row(self, ev: W.Event, hh: W.Household, rng: random.Random) -> dict[str, str]:
        h = self.h

        def vr(purpose: str, flat_=ev.flat) -> random.Random:
            return self.prng(purpose, hh.hid, flat_.building.bid)

        out = dict.fromkeys(COLUMNS, "")
        out["type_acte"] = ev.act
        out["date_acte"] = R.fmt_date(ev.date, R.weighted(rng, h["act_fmt"]))
        if ev.act != "IMPAYE" and ev.motif == "IMPAYES" and rng.random() < 0.4:
            out["motif"] = rng.choice(("IMPAYES", "Impayés", "impayes"))
        elif ev.motif != "IMPAYES":
            out["motif"] = ev.motif

        # who is on the row
        holder, co = hh.holder, (hh.co if ev.with_co else None)
        lease_names_co = h.get("lease_co") and hh.co_leave_date
        if hh.co and not ev.with_co and lease_names_co:
            # the lease still names the co-tenant until it is amended
            co = hh.co if ev.date < hh.co_leave_date + dt.timedelta(days=90) else None
        swap = h["swap_holder"]
        if co is not None and (
            (swap == "caf" and hh.caf_swap)
            or (isinstance(swap, float) and vr("swap").random() < swap)
        ):
            holder, co = co, holder
        if co is not None and vr("co").random() >= h["co_p"]:
            co = None
            couple = bool(h.get("couple_civility"))
        else:
            couple = False
        nom, prenom = self.name_of(holder, couple)
        out["locataire_nom"], out["locataire_prenom"] = nom, prenom
        d = self.dob_of(holder, hh)
        if d is not None and rng.random() >= h["dob_missing_row"]:
            out["locataire_date_naissance"] = R.fmt_date(d, R.weighted(rng, h["dob_fmt"]))
        else:
            out["locataire_date_naissance"] = R.weighted(rng, h["unknown_token"])
        if co is not None:
            cn, cp = self.name_of(co)
            if vr("cosur").random() < h["co_holder_surname"] and co.usage_surname is None:
                cn = R.surname_text(self.prng("cosur", co.pid), holder.surname, h)
                cn = R.case(cn, "upper" if h["case"] in ("upper", "upper_sur") else "title")
            out["cotitulaire_nom"], out["cotitulaire_prenom"] = cn, cp

        # dwelling
        flat = ev.flat
        recent_move = ev.moved_from is not None and (ev.date - hh.move_date).days < 75
        if recent_move and vr("lag").random() < h.get("address_lag", 0):
            flat = ev.moved_from  # the change of address is not yet recorded
        c = flat.building.street.commune
        out["adresse"] = A.address(rng, vr("addr", flat), h, flat, hh)
        out["code_postal"] = c.postcode
        cr = vr("commune", flat)
        cstyle = (
            R.weighted(cr, h["commune"]) if cr.random() < 0.85 else R.weighted(rng, h["commune"])
        )
        out["commune"] = A.commune_text(rng, c, cstyle)
        if vr("insee", flat).random() < h["insee_p"]:
            out["code_commune"] = c.insee
            if (
                h.get("old_insee_p")
                and c.postcode in P.OLD_INSEE
                and rng.random() < h["old_insee_p"]
            ):
                out["code_commune"] = P.OLD_INSEE[c.postcode]
        if (
            not out["commune"]
            and not out["code_commune"]
            and c.postcode in P.NEIGHBOUR_POSTCODE
            and vr("neighbour", flat).random() < h.get("neighbour_pc_p", 0)
        ):
            out["code_postal"] = vr("neighbour2", flat).choice(P.NEIGHBOUR_POSTCODE[c.postcode])

        # contact
        out["telephone"] = self.phone(rng, vr("phone"), ev, hh, holder)
        mail_rng = self.prng("mail", holder.pid)
        if holder.email and mail_rng.random() < h["email_p"] and rng.random() > 0.05:
            e = holder.email
            out["email"] = e.upper() if h["case"] == "upper" and rng.random() < 0.3 else e

        self.landlord(out, rng, vr("landlord", flat), flat)
        if rng.random() < h["rent_p"]:
            out["loyer_mensuel"] = R.amount(flat.rent, R.weighted(rng, h["amount"]))
            if rng.random() < 0.7:
                out["charges_mensuelles"] = R.amount(flat.charges, R.weighted(rng, h["amount"]))
        if rng.random() < h["debt_p"]:
            out["montant_dette"] = R.amount(ev.debt, R.weighted(rng, h["amount"]))

        if ev.act == "ASSIGNATION" and rng.random() >= h.get("audience_missing_p", 0):
            out["date_audience"] = R.fmt_date(ev.audience, R.weighted(rng, h["act_fmt"]))
        if ev.act == "JUGEMENT":
            out["decision"] = rng.choice(
                {
                    "FERME": ("FERME", "Ferme", "ferme"),
                    "CONDITIONNELLE": ("CONDITIONNELLE", "Conditionnelle"),
                    "REJET": ("REJET", "Rejet"),
                    "RADIATION": ("RADIATION", "Radiation"),
                }[ev.decision]
            )
            out["contradictoire"] = (
                rng.choice(("OUI", "oui", "O"))
                if ev.contradictoire
                else rng.choice(("NON", "non", "N"))
            )
            if not ev.contradictoire and rng.random() < h.get("reputed_p", 0):
                out["contradictoire"] = "réputé contradictoire"  # not a yes/no: refused
        if ev.act == "CFP":
            out["cfp_decision"] = rng.choice(
                {"ACCORDE": ("ACCORDE", "Accordé"), "REFUSE": ("REFUSE", "Refusé")}[ev.cfp]
            )
        out["observations"] = self.observation(rng, ev, hh)
        out["reference_acte"] = self.reference(rng, ev, hh)
        self.noise(out, rng)
        return out

    def phone(self, rng, vrng, ev, hh, holder) -> str:
        h = self.h
        if vrng.random() >= h["phone_p"] or rng.random() < 0.05:
            return ""
        num = holder.mobile
        if hh.move_date and ev.date > hh.move_date and holder.mobile2:
            num = holder.mobile2
        if hh.shared_phone and vrng.random() < h.get("shared_phone_p", 0.15):
            num = hh.shared_phone
        if hh.landline and vrng.random() < h.get("landline_p", 0.1):
            land = R.phone(hh.landline, "spaces")
            if num and rng.random() < h.get("landline_with_mobile", 0):
                return f"{land} / {R.phone(num, 'spaces')}"
            num = hh.landline
        if not num:
            return ""
        style = R.weighted(vrng, h["phone_fmt"])
        if style == "lost_zero" and not num.startswith(("06", "07")):
            style = "spaces"
        return R.phone(num, style)

    def landlord(self, out, rng, vrng, flat) -> None:
        b = flat.building
        style = self.h["landlord_cols"]
        name, ltype = b.landlord_name, b.landlord_type
        parc = "SOCIAL" if b.social else "PRIVE"
        if style == "self" or (style == "agency" and b.landlord == "agence"):
            out["bailleur_nom"] = name if style == "self" else f"{name} (gérance Cabinet Duroc)"
            out["bailleur_type"] = ltype
            out["parc"] = parc if rng.random() < 0.8 else ""
        elif style == "upper":
            out["bailleur_nom"] = P.strip_accents(name).upper()
            if vrng.random() < 0.8:
                out["bailleur_type"] = ltype
        elif style == "legal":
            out["bailleur_nom"] = name
            out["bailleur_type"] = ltype
            out["parc"] = parc
        elif style == "vague":
            r = vrng.random()
            if r < 0.4:
                out["parc"] = parc
            elif r < 0.6 and b.social:
                out["bailleur_nom"] = name
            elif r < 0.7 and not b.social:
                out["bailleur_nom"] = "propriétaire privé"
                out["parc"] = "PRIVE"

    def observation(self, rng, ev, hh) -> str:
        h = self.h
        if rng.random() < h.get("hint_p", 0):
            if ev.moved_from is not None:
                old = ev.moved_from.building
                return f"Anciennement domicilié {old.number or ''} {old.street.kind} {old.street.name}, {old.street.commune.name}".replace(
                    "  ", " "
                )
            if hh.co_leave_date and ev.date >= hh.co_leave_date and hh.co:
                return rng.choice(
                    (
                        "Départ du conjoint",
                        "Séparation, le conjoint a quitté le logement",
                        "Personne seule depuis la séparation",
                    )
                )
        if h["obs"] and rng.random() < h["obs_p"]:
            return rng.choice(h["obs"])
        return ""

    def reference(self, rng, ev, hh) -> str:
        h = self.h
        if not h["ref"] or rng.random() < h.get("ref_blank_p", 0):
            return ""
        self.counter += 1
        alloc = 1000000 + int(hh.hid[1:]) * 7 % 8999999
        lot = f"{int(ev.flat.building.bid[1:]) % 997:03d}"
        return h["ref"].format(
            n=self.counter,
            alloc=alloc,
            yyyymm=f"{ev.date:%Y%m}",
            yyyy=ev.date.year,
            yy=f"{ev.date:%y}",
            act=ev.act,
            lot=lot,
        )

    def noise(self, out: dict[str, str], rng: random.Random) -> None:
        h = self.h
        for col in ("locataire_nom", "locataire_prenom", "cotitulaire_nom", "adresse"):
            out[col] = R.space_noise(rng, out[col], h["space_p"])
        if h.get("apostrophe_space"):
            for col in ("locataire_nom", "cotitulaire_nom", "adresse"):
                out[col] = out[col].replace("'", " ").replace("’", " ")
        if h.get("curly_apostrophe") and rng.random() < 0.5:
            for col in ("locataire_nom", "cotitulaire_nom", "adresse"):
                out[col] = out[col].replace("'", "’")
        if rng.random() < h.get("mojibake_name_p", 0) and any(
            ord(ch) > 127 for ch in out["locataire_nom"]
        ):
            out["locataire_nom"] = P.mojibake(out["locataire_nom"])
        if rng.random() < h.get("comma_name_p", 0):
            out["locataire_nom"] = out["locataire_nom"] + ", " + out["locataire_prenom"]

    def sent_on(self, d: dt.date, rng: random.Random) -> dt.date:
        batch = self.h["batch"]
        if batch == "monthly5":
            y, m = (d.year + 1, 1) if d.month == 12 else (d.year, d.month + 1)
            s = dt.date(y, m, 5)
        elif batch == "quarterly":
            q = (d.month - 1) // 3
            y, m = (d.year + 1, 1) if q == 3 else (d.year, 3 * q + 4)
            s = dt.date(y, m, 10)
        elif batch == "weekly":
            s = d + dt.timedelta(days=7 - d.weekday())
        elif batch == "biweekly":
            s = d + dt.timedelta(days=14 - d.weekday() - (d.isocalendar()[1] % 2) * 7)
            if s <= d:
                s += dt.timedelta(days=14)
        elif batch == "monthly_end":
            y, m = (d.year + 1, 1) if d.month == 12 else (d.year, d.month + 1)
            s = dt.date(y, m, 1) - dt.timedelta(days=1)
        else:
            lo, hi = self.h["lag"]
            s = d + dt.timedelta(days=rng.randint(lo, hi))
        return max(d, min(s, W.END))
