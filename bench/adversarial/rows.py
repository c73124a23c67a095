"""The acts partners send about a household, written each in its sender's habits."""

from __future__ import annotations

import dataclasses
import datetime
import random

from . import senders
from .world import END, Household, Phase


@dataclasses.dataclass
class Row:
    sender: str
    sent_on: datetime.date
    household: str
    family: str
    phase: str
    cells: dict[str, str]


def _procedure(rng: random.Random, household: Household, phase: Phase) -> list[tuple]:
    """(act, sender, date) of one procedure at one dwelling."""
    day = phase.start
    acts = []

    def step(low: int, high: int) -> datetime.date:
        nonlocal day
        day = day + datetime.timedelta(days=rng.randint(low, high))
        return day

    social = household.landlord.startswith("bailleur-social")
    if rng.random() < 0.7:
        acts.append(("IMPAYE", "caf-93", step(0, 30)))
    if rng.random() < 0.55:
        acts.append(("IMPAYE", household.landlord, step(10, 60)))
    if social and rng.random() < 0.5:
        acts.append(("SAISINE_BAILLEUR_SOCIAL", household.landlord, step(30, 90)))
    if rng.random() < 0.65:
        acts.append(("CDP", "commissaire-justice", step(30, 90)))
        if rng.random() < 0.6:
            acts.append(("ASSIGNATION", "commissaire-justice", step(60, 120)))
            if rng.random() < 0.6:
                acts.append(("JUGEMENT", "tribunal", step(60, 120)))
                if rng.random() < 0.4:
                    acts.append(("CQL", "commissaire-justice", step(60, 150)))
    if rng.random() < 0.25:
        acts.insert(rng.randint(0, len(acts)), ("SIGNALEMENT", "association", step(5, 40)))
    return acts


def household_acts(rng: random.Random, household: Household) -> list[tuple]:
    """(act, sender, date, phase) of a household, at least two (one per phase)."""
    out = []
    for index, phase in enumerate(household.phases):
        end = household.phases[index + 1].start if index + 1 < len(household.phases) else END
        acts = [a for a in _procedure(rng, household, phase) if a[2] < end]
        while len(acts) < (1 if len(household.phases) > 1 else 2):
            extra = rng.choice(
                [
                    ("IMPAYE", "caf-93"),
                    ("CDP", "commissaire-justice"),
                    ("IMPAYE", household.landlord),
                    ("SIGNALEMENT", "association"),
                ]
            )
            day = phase.start + datetime.timedelta(days=rng.randint(0, 60) + 30 * len(acts))
            acts.append((*extra, min(day, end - datetime.timedelta(days=1))))
        acts.sort(key=lambda a: a[2])
        out += [(*a, phase) for a in acts]
    return out


def render(rng: random.Random, seed: int, household: Household, act: tuple, number: int) -> Row:
    """One row of ``act`` as its sender writes it."""
    type_acte, sender, day, phase = act
    holder, co = household.holder, household.co if phase.with_co else None
    if sender == "caf-93" and co is not None and rng.random() < 0.15:
        holder, co = co, holder  # the CAF's « allocataire » is the other spouse
    if co is not None and rng.random() < {
        "association": 0.6,
        "tribunal": 0.2,
        "agence-immobiliere": 0.3,
    }.get(sender, 0.05):
        co = None  # the co-tenant left out
    last, first = senders.person_cells(rng, seed, sender, holder)
    if sender == "association" and rng.random() < 0.08:
        last, first = first, last  # names in the wrong columns
    missing = senders.MISSING_BIRTH_DATE[sender] + household.extra_missing_birth
    birth = None if rng.random() < missing else holder.birth_date
    co_last, co_first = senders.person_cells(rng, seed, sender, co) if co else ("", "")
    commune, insee = senders.commune_cells(rng, sender, phase.dwelling)
    landlord_sender = senders.BY_KEY[household.landlord]
    social = landlord_sender.landlord == "SOCIAL"
    cells = {
        "type_acte": type_acte,
        "date_acte": day.isoformat()
        if sender == "bailleur-social-plaine"
        else (day.strftime("%d/%m/%Y")),
        "reference_acte": f"{sender[:3].upper()}-{number:06d}",
        "locataire_nom": last,
        "locataire_prenom": first,
        "locataire_date_naissance": senders.date_cell(rng, sender, birth),
        "cotitulaire_nom": co_last,
        "cotitulaire_prenom": co_first,
        "adresse": senders.address_cell(rng, sender, phase.dwelling),
        "code_postal": phase.dwelling.commune.postcode,
        "commune": commune,
        "code_commune": insee,
        "telephone": household.phone if sender != "tribunal" and rng.random() < 0.5 else "",
        "bailleur_nom": landlord_sender.name if social else "",
        "bailleur_type": "BAILLEUR_SOCIAL" if social else "PERSONNE_PHYSIQUE",
        "montant_dette": f"{rng.randint(300, 9000)},{rng.randint(0, 99):02d}",
    }
    if type_acte == "ASSIGNATION":
        hearing = day + datetime.timedelta(days=rng.randint(40, 90))
        cells["date_audience"] = hearing.strftime("%d/%m/%Y")
    if type_acte == "JUGEMENT":
        cells["decision"] = rng.choice(["FERME", "CONDITIONNELLE", "CONDITIONNELLE", "REJET"])
        cells["contradictoire"] = rng.choice(["OUI", "NON"])
    if type_acte == "SIGNALEMENT" and rng.random() < 0.3:
        cells["observations"] = "Famille suivie par l'association, situation fragile."
    sent_on = day + datetime.timedelta(days=rng.randint(0, 10))
    return Row(sender, sent_on, household.hid, household.family, phase.tag, cells)
