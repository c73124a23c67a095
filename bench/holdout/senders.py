"""The twelve partners that send files, each with the habits of its information system."""

from __future__ import annotations

import datetime as dt
import random

import places as P
import render as R
import world as W

COLUMNS = [
    "type_acte",
    "date_acte",
    "reference_acte",
    "motif",
    "locataire_nom",
    "locataire_prenom",
    "locataire_date_naissance",
    "cotitulaire_nom",
    "cotitulaire_prenom",
    "adresse",
    "code_postal",
    "commune",
    "code_commune",
    "telephone",
    "email",
    "bailleur_nom",
    "bailleur_type",
    "parc",
    "loyer_mensuel",
    "charges_mensuelles",
    "montant_dette",
    "date_audience",
    "decision",
    "contradictoire",
    "cfp_decision",
    "observations",
]

BASE = {
    "case": "title",
    "accents_p": 0.0,
    "variant_p": 0.05,
    "given_all": 0.3,
    "compound": {"full": 1.0},
    "married": {"usage": 1.0},
    "dob_absent_person": 0.1,
    "dob_missing_row": 0.05,
    "dob_fmt": {"dmy": 1.0},
    "dob_errors": {},
    "unknown_token": {"": 1.0},
    "space_p": 0.02,
    "co_p": 0.8,
    "co_holder_surname": 0.05,
    "swap_holder": 0.0,
    "act_fmt": {"dmy": 1.0},
    "amount": {"comma": 1.0},
    "phone_p": 0.5,
    "phone_fmt": {"spaces": 1.0},
    "email_p": 0.2,
    "insee_p": 0.0,
    "commune": {"official": 1.0},
    "obs_p": 0.1,
    "obs": [],
    "ref": None,
    "landlord_cols": "full",
    "rent_p": 0.5,
    "debt_p": 0.8,
}

SENDERS: dict[str, dict] = {
    "caf": dict(
        BASE,
        label="CAF de la Seine-Saint-Denis",
        org="CAF",
        acts={"IMPAYE", "SIGNALEMENT"},
        case="upper",
        accents_p=1.0,
        variant_p=0.04,
        given_all=0.0,
        compound={"full": 0.7, "first": 0.2, "hyphen": 0.1},
        married={"birth": 0.8, "usage": 0.2},
        dob_absent_person=0.0,
        dob_missing_row=0.0,
        dob_fmt={"dmy": 1.0},
        dob_errors={"typo": 0.015},
        act_fmt={"iso": 1.0},
        amount={"dot": 1.0},
        phone_p=0.6,
        phone_fmt={"e164": 1.0},
        email_p=0.5,
        insee_p=0.9,
        commune={"laposte": 1.0},
        address="afnor",
        co_p=0.9,
        swap_holder="caf",
        space_p=0.0,
        ref="CAF93-{alloc}-{yyyymm}-{n:05d}",
        landlord_cols="upper",
        rent_p=0.95,
        debt_p=1.0,
        obs_p=0.15,
        obs=[
            "Impayé constitué - maintien de l'aide au logement",
            "Suspension AL envisagée",
            "Plan d'apurement non respecté",
            "Dossier transmis à la CCAPEX",
        ],
        address_lag=0.5,
        batch="monthly5",
    ),
    "msa": dict(
        BASE,
        label="MSA Île-de-France",
        org="MSA",
        acts={"IMPAYE", "SIGNALEMENT"},
        case="upper",
        accents_p=1.0,
        given_all=0.0,
        truncate=20,
        truncate_given=15,
        whole_name_p=0.6,
        compound={"full": 1.0},
        married={"birth": 1.0},
        dob_absent_person=0.0,
        dob_missing_row=0.0,
        dob_fmt={"d8": 0.85, "yy": 0.15},
        act_fmt={"d8": 1.0},
        amount={"comma": 1.0},
        phone_fmt={"intl00": 1.0},
        insee_p=0.7,
        commune={"laposte": 1.0},
        address="afnor_short",
        co_p=0.5,
        ref="MSA{alloc}{n:03d}",
        landlord_cols="none",
        rent_p=1.0,
        batch="quarterly",
    ),
    "bailleur_tsh": dict(
        BASE,
        label="Terres de Seine Habitat",
        org="BAILLEUR_SOCIAL",
        acts={"IMPAYE", "SIGNALEMENT", "SAISINE_BAILLEUR_SOCIAL"},
        case="upper_sur",
        variant_p=0.06,
        given_all=0.9,
        given_join=" ",
        compound={"full": 0.8, "hyphen": 0.2},
        married={"birth_ep_usage": 0.75, "usage": 0.25},
        epouse_words=("épouse", "ép.", "EP"),
        dob_absent_person=0.22,
        dob_missing_row=0.02,
        dob_fmt={"iso": 1.0},
        dob_errors={"approx": 0.02},
        unknown_token={"": 0.5, "01/01/1900": 0.5},
        co_p=1.0,
        lease_co=True,
        act_fmt={"dmy": 1.0},
        amount={"fr": 1.0},
        phone_p=0.7,
        phone_fmt={"dots": 1.0},
        landline_p=0.5,
        email_p=0.3,
        commune={"official": 0.9, "upper_official": 0.1},
        address="tsh",
        ref="TSH/{yyyy}/{n:06d}",
        landlord_cols="self",
        rent_p=1.0,
        obs_p=0.12,
        obs=[
            "Relance amiable sans effet",
            "Plan d'apurement amiable rompu",
            "Ménage orienté vers le service social",
            "Proposition de mutation en cours",
        ],
        batch="weekly",
    ),
    "bailleur_lpf": dict(
        BASE,
        label="Logis Plaine de France",
        org="BAILLEUR_SOCIAL",
        acts={"IMPAYE", "SIGNALEMENT", "SAISINE_BAILLEUR_SOCIAL"},
        case="upper",
        accents_p=0.3,
        variant_p=0.08,
        given_all=0.7,
        given_join=" ",
        compound={"full": 0.4, "hyphen": 0.3, "last": 0.3},
        married={"usage": 0.85, "double": 0.15},
        dob_absent_person=0.1,
        dob_missing_row=0.03,
        dob_fmt={"dash": 1.0},
        dob_errors={"swap": 0.06, "typo": 0.02},
        unknown_token={"00/00/0000": 0.6, "NC": 0.4},
        co_p=0.95,
        lease_co=True,
        act_fmt={"dash": 0.7, "dmy": 0.3},
        amount={"comma": 1.0},
        phone_p=0.6,
        phone_fmt={"dashes": 0.8, "plain": 0.2},
        landline_p=0.3,
        commune={"short": 0.55, "laposte": 0.4, "cp_in_commune": 0.05},
        address="lpf",
        mojibake_addr_p=0.15,
        mojibake_name_p=0.03,
        ref="LPF-{n:06d}",
        landlord_cols="self",
        rent_p=0.9,
        batch="biweekly",
    ),
    "agence_duroc": dict(
        BASE,
        label="Cabinet Duroc Immobilier",
        org="BAILLEUR_PRIVE",
        acts={"IMPAYE", "SIGNALEMENT", "SAISINE_BAILLEUR_SOCIAL"},
        case="upper_sur",
        variant_p=0.1,
        given_all=0.2,
        compound={"full": 0.5, "first": 0.5},
        married={"usage": 0.9, "usage_nee_birth": 0.1},
        civility_p=0.55,
        couple_civility=True,
        dob_absent_person=0.6,
        dob_missing_row=0.1,
        dob_fmt={"dmy": 1.0},
        co_p=0.35,
        act_fmt={"dmy": 1.0},
        amount={"dotcomma": 0.7, "fr_nbsp": 0.3},
        phone_p=0.85,
        phone_fmt={"spaces": 0.7, "plain": 0.3},
        landline_p=0.4,
        landline_with_mobile=0.5,
        email_p=0.6,
        commune={"official": 0.97, "cedex": 0.005, "upper_official": 0.025},
        address="agency",
        comma_name_p=0.01,
        ref="DUROC-{lot}-{n:04d}",
        landlord_cols="agency",
        rent_p=1.0,
        obs_p=0.2,
        obs=[
            "Locataire injoignable",
            "Relances LRAR x3",
            "Garant défaillant",
            "Propriétaire souhaite vendre",
            "Dépôt de garantie insuffisant",
        ],
        batch="lag",
        lag=(3, 40),
    ),
    "cdj_lefort": dict(
        BASE,
        label="SCP Lefort & Associés, commissaires de justice",
        org="COMMISSAIRE_JUSTICE",
        acts={"CDP", "ASSIGNATION", "CQL", "RFP", "EXPULSION", "SIGNALEMENT"},
        case="upper_sur",
        variant_p=0.05,
        given_all=1.0,
        given_join=" ",
        compound={"full": 1.0},
        married={"birth_ep_usage": 0.6, "usage_nee_birth": 0.4},
        widow_form=3.0,
        role_p=0.3,
        dob_absent_person=0.25,
        dob_missing_row=0.05,
        dob_fmt={"dots": 1.0},
        co_p=1.0,
        act_fmt={"dots": 1.0},
        amount={"fr": 1.0},
        phone_p=0.25,
        phone_fmt={"spaces": 1.0},
        commune={"official": 0.85, "upper_official": 0.15},
        address="legal",
        demeurant_p=0.1,
        ref="LEF-{yy}-{n:05d}",
        landlord_cols="legal",
        rent_p=0.6,
        obs_p=0.25,
        obs=[
            "Occupant âgé, se déplace difficilement",
            "Présence d'enfants en bas âge",
            "Procès-verbal de recherches infructueuses",
            "Acte remis à personne",
            "Acte déposé en l'étude",
            "Locataire absent, avis de passage",
        ],
        batch="lag",
        lag=(1, 10),
    ),
    "cdj_vasseur": dict(
        BASE,
        label="Étude Vasseur, commissaire de justice",
        org="COMMISSAIRE_JUSTICE",
        acts={"CDP", "ASSIGNATION", "CQL", "RFP", "EXPULSION", "SIGNALEMENT"},
        case="upper",
        accents_p=0.9,
        variant_p=0.1,
        given_all=0.5,
        given_join=" ",
        compound={"full": 0.5, "first": 0.3, "last": 0.2},
        married={"usage": 0.6, "birth": 0.2, "birth_ep_usage": 0.2},
        epouse_words=("EP", "EPOUSE", "EPSE"),
        whole_name_p=0.45,
        truncate=32,
        asia={"std": 0.4, "swap": 0.4, "middle_in_sur": 0.2},
        role_p=0.2,
        dob_absent_person=0.35,
        dob_missing_row=0.1,
        dob_fmt={"nopad": 0.7, "nopad_yy": 0.3},
        dob_errors={"typo": 0.03, "year": 0.01},
        co_p=0.7,
        swap_holder=0.06,
        act_fmt={"iso": 1.0},
        amount={"comma": 0.6, "int": 0.4},
        phone_p=0.4,
        phone_fmt={"e164_spaces": 1.0},
        commune={"laposte": 0.4, "blank": 0.35, "short": 0.25},
        neighbour_pc_p=0.06,
        address="vasseur",
        ref="V{yy}{n:05d}",
        audience_missing_p=0.02,
        ref_blank_p=0.3,
        landlord_cols="upper",
        rent_p=0.3,
        batch="lag",
        lag=(2, 15),
    ),
    "tribunal": dict(
        BASE,
        label="Tribunal judiciaire de Bobigny, pôle de la protection",
        org="TRIBUNAL",
        acts={"JUGEMENT"},
        case="upper_sur",
        variant_p=0.04,
        given_all=0.6,
        compound={"full": 1.0},
        married={"usage_nee_birth": 0.7, "usage": 0.3},
        widow_form=2.0,
        civility_p=0.5,
        role_p=0.4,
        dob_absent_person=0.9,
        dob_missing_row=0.0,
        dob_fmt={"dmy": 1.0},
        co_p=1.0,
        act_fmt={"words": 0.6, "dmy": 0.4},
        amount={"fr": 1.0},
        phone_p=0.0,
        email_p=0.0,
        commune={"blank": 1.0},
        address="tribunal",
        ref="RG {yy}/{n:05d}",
        reputed_p=0.04,
        landlord_cols="legal",
        rent_p=0.0,
        debt_p=0.9,
        batch="lag",
        lag=(7, 45),
    ),
    "prefecture": dict(
        BASE,
        label="Préfecture de la Seine-Saint-Denis, bureau des expulsions",
        org="PREFECTURE",
        acts={"RFP", "CFP", "EXPULSION", "SIGNALEMENT"},
        case="upper",
        accents_p=1.0,
        variant_p=0.06,
        given_all=1.0,
        compound={"full": 1.0},
        married={"usage": 0.5, "usage_nee_birth": 0.5},
        nee_words=("NEE",),
        asia={"std": 0.3, "swap": 0.5, "drop_middle": 0.2},
        apostrophe_space=True,
        dob_absent_person=0.2,
        dob_missing_row=0.05,
        dob_fmt={"mdy": 1.0},
        co_p=0.6,
        act_fmt={"iso_t": 1.0},
        amount={"dot": 1.0},
        phone_p=0.1,
        phone_fmt={"plain": 1.0},
        email_p=0.0,
        insee_p=1.0,
        old_insee_p=0.5,
        commune={"laposte": 1.0},
        address="afnor",
        ref="PREF93-{act}-{yyyy}-{n:05d}",
        landlord_cols="upper",
        rent_p=0.0,
        debt_p=0.5,
        batch="monthly_end",
    ),
    "ccas_saint_denis": dict(
        BASE,
        label="CCAS de Saint-Denis",
        org="CCAS",
        acts={"SIGNALEMENT"},
        case="mixed",
        accents_p=0.3,
        variant_p=0.2,
        usual_p=0.25,
        given_all=0.1,
        compound={"full": 0.4, "first": 0.4, "last": 0.2},
        married={"usage": 0.6, "birth": 0.4},
        dob_absent_person=0.3,
        dob_missing_row=0.1,
        dob_fmt={"dmy": 1.0},
        dob_errors={"approx": 0.12, "typo": 0.03},
        unknown_token={"": 0.6, "?": 0.2, "inconnue": 0.2},
        co_p=0.6,
        co_holder_surname=0.3,
        act_fmt={"dmy": 1.0},
        amount={"int": 0.7, "euros": 0.3},
        phone_p=0.8,
        phone_fmt={"lost_zero": 0.35, "label": 0.25, "spaces": 0.4},
        shared_phone_p=0.6,
        email_p=0.25,
        commune={"official": 0.5, "short": 0.3, "blank": 0.2},
        address="social",
        hosted_p=0.8,
        space_p=0.08,
        landlord_cols="vague",
        rent_p=0.2,
        debt_p=0.6,
        obs_p=0.55,
        obs=[
            "Famille monoparentale, 3 enfants",
            "Suivi par l'assistante sociale de secteur",
            "Dossier FSL déposé",
            "Demande de logement social en cours",
            "Situation de handicap",
            "Perte d'emploi récente",
        ],
        hint_p=0.35,
        batch="lag",
        lag=(0, 20),
    ),
    "association": dict(
        BASE,
        label="Droit au Toit 93 (association)",
        org="ASSOCIATION",
        acts={"SIGNALEMENT"},
        case="title",
        accents_p=0.1,
        variant_p=0.15,
        usual_p=0.1,
        given_all=0.4,
        given_join="-",
        compound={"full": 0.6, "hyphen": 0.2, "last": 0.2},
        married={"usage": 0.5, "birth": 0.3, "double": 0.2},
        swap_cols_p=0.18,
        dob_absent_person=0.55,
        dob_missing_row=0.05,
        dob_fmt={"dash": 0.6, "dmy": 0.4},
        dob_errors={"swap": 0.04, "typo": 0.03},
        co_p=0.5,
        co_holder_surname=0.25,
        act_fmt={"dmy": 0.5, "words": 0.5},
        amount={"fr": 0.5, "int": 0.5},
        phone_p=0.7,
        phone_fmt={"spaces": 0.5, "e164_trunk": 0.2, "dots": 0.3},
        shared_phone_p=0.7,
        email_p=0.5,
        commune={"official": 0.6, "short": 0.4},
        address="social",
        hosted_p=0.5,
        space_p=0.12,
        curly_apostrophe=True,
        landlord_cols="vague",
        rent_p=0.4,
        debt_p=0.5,
        obs_p=0.7,
        obs=[
            "Accompagnement à l'audience",
            "Ménage reçu en permanence juridique",
            "Demande DALO déposée",
            "Recours amiable en cours",
            "Violence conjugale signalée",
        ],
        hint_p=0.3,
        batch="lag",
        lag=(0, 25),
    ),
    "empex": dict(
        BASE,
        label="EMPEX 93 (équipe mobile)",
        org="EMPEX",
        acts={"SIGNALEMENT"},
        case="title",
        variant_p=0.1,
        given_all=0.0,
        compound={"full": 0.6, "first": 0.4},
        married={"usage": 0.7, "birth": 0.3},
        civility_p=0.3,
        dob_absent_person=0.3,
        dob_missing_row=0.05,
        dob_fmt={"dmy": 0.8, "dmy_time": 0.2},
        dob_errors={"typo": 0.05},
        co_p=0.7,
        act_fmt={"dmy": 1.0},
        amount={"fr_nbsp": 1.0},
        phone_p=0.9,
        phone_fmt={"spaces": 1.0},
        shared_phone_p=0.3,
        email_p=0.3,
        commune={"official": 0.7, "short": 0.3},
        address="empex",
        space_p=0.3,
        ref="EMPEX-{yyyy}-{n:04d}",
        landlord_cols="vague",
        rent_p=0.7,
        obs_p=0.5,
        obs=[
            "Visite à domicile effectuée",
            "Porte close lors de deux passages",
            "Logement suroccupé",
            "Bailleur injoignable",
            "Orientation vers la CLIL",
        ],
        batch="lag",
        lag=(0, 15),
    ),
}


# ------------------------------------------------------------------ addresses


def _pick_commune_text(rng: random.Random, c: P.Commune, style: str) -> str:
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
        out["adresse"] = address(rng, vr("addr", flat), h, flat, hh)
        out["code_postal"] = c.postcode
        cr = vr("commune", flat)
        cstyle = (
            R.weighted(cr, h["commune"]) if cr.random() < 0.85 else R.weighted(rng, h["commune"])
        )
        out["commune"] = _pick_commune_text(rng, c, cstyle)
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
