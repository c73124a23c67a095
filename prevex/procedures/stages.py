"""The procedure's stage machine, as data (docs/domain.md, « La procédure »).

Which act may follow which (``NEXT``), by the *position* of the procedure, i.e. its
last act except late reports to the CCAPEX (see below):

* ``IMPAYE`` → ``SIGNALEMENT``, ``CDP``, ``SAISINE_BAILLEUR_SOCIAL``, ``ASSIGNATION``
  (a landlord may summon without a commandement de payer: résiliation judiciaire).
* ``SIGNALEMENT`` / ``CDP`` → the other pre-litigation acts and ``ASSIGNATION``;
  ``SAISINE_BAILLEUR_SOCIAL`` → ``CDP``, ``ASSIGNATION``.
* ``ASSIGNATION`` → ``DSF``, ``AUDIENCE``, ``JUGEMENT``; ``DSF`` → ``AUDIENCE``,
  ``JUGEMENT``; ``AUDIENCE`` → ``AUDIENCE`` (renvoi), ``DSF``, ``JUGEMENT``.
* ``JUGEMENT``: résiliation ``FERME`` → ``CQL``; ``CONDITIONNELLE`` → ``CQL`` too: a CQL
  after a conditional judgment is how the platform learns that the payment plan failed
  (the clause résolutoire revives), so it is accepted as such; ``REJET`` / ``RADIATION``
  → nothing (the procedure should be closed).
* ``CQL`` → ``RFP`` → ``CFP``; ``CFP`` ``ACCORDE`` → ``EXPULSION``, ``REFUSE`` → ``RFP``
  (the landlord may requisition again); ``EXPULSION`` → nothing (close the file).

The CCAPEX may be seized at every stage: a ``SIGNALEMENT`` is also accepted after the
assignation (until the expulsion), as a side act that does not move the position.

Start stages (``START``): a household is often first known to the CCAPEX at a later
act (assignations and CQL are notified to the préfet), so a procedure may start at
``IMPAYE``, ``SIGNALEMENT``, ``CDP``, ``SAISINE_BAILLEUR_SOCIAL``, ``ASSIGNATION``,
``JUGEMENT``, ``CQL`` or ``RFP``; never at ``DSF``, ``AUDIENCE``, ``CFP`` or
``EXPULSION``, which presuppose an act the platform must know first. The rent-only acts
(``IMPAYE``, ``CDP``, ``SAISINE_BAILLEUR_SOCIAL``) are refused for the other grounds
(congé, troubles de jouissance, défaut d'assurance, occupation sans droit ni titre).

Fields: ``ASSIGNATION`` requires ``hearing_date`` (after the act; an ``AUDIENCE`` may
carry the date it is adjourned to); ``JUGEMENT`` requires ``decision`` and
``contradictoire``; ``CFP`` requires ``cfp_decision``. ``grace_months`` (délais to
leave the premises, CPCE L412-3, not payment delays) belongs to a ``JUGEMENT`` or a
``CQL`` and must lie within ``DELAIS_GRACE_MIN``..``DELAIS_GRACE_MAX`` in force on the
date of the act. ``served_on`` (the day the judgment was served) belongs to a
``JUGEMENT``, never before its date. An ``EXPULSION`` is refused during the winter truce (L412-6) and before
the end of the CQL delay or of the délais granted, except for an occupation sans droit
ni titre, where the judge may remove both (L412-1 al. 2, L412-6 al. 2).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence

from prevex.core.choices import choice_values
from prevex.core.errors import BusinessError

from .models import CfpDecision, Decision, Ground, Stage
from .rules import RuleBook, format_delay, format_month_day, in_winter_truce

S = Stage

NEXT: dict[str, tuple[str, ...]] = {
    S.IMPAYE: (S.SIGNALEMENT, S.CDP, S.SAISINE_BAILLEUR_SOCIAL, S.ASSIGNATION),
    S.SIGNALEMENT: (S.CDP, S.SAISINE_BAILLEUR_SOCIAL, S.ASSIGNATION),
    S.CDP: (S.SIGNALEMENT, S.SAISINE_BAILLEUR_SOCIAL, S.ASSIGNATION),
    S.SAISINE_BAILLEUR_SOCIAL: (S.CDP, S.ASSIGNATION),
    S.ASSIGNATION: (S.DSF, S.AUDIENCE, S.JUGEMENT),
    S.DSF: (S.AUDIENCE, S.JUGEMENT),
    S.AUDIENCE: (S.AUDIENCE, S.DSF, S.JUGEMENT),
    S.JUGEMENT: (S.CQL,),  # refined by the decision, see _after_jugement
    S.CQL: (S.RFP,),
    S.RFP: (S.CFP,),
    S.CFP: (S.EXPULSION, S.RFP),  # refined by the decision, see _after_cfp
    S.EXPULSION: (),
}

# After these positions, a SIGNALEMENT is a side act that does not move the position:
# from the assignation on, and after another signalement or the social landlord's
# referral (the CCAPEX already knows the file; a partner telling it again is no step).
LATE_STAGES = frozenset(
    {S.SIGNALEMENT, S.SAISINE_BAILLEUR_SOCIAL, S.ASSIGNATION, S.DSF, S.AUDIENCE, S.JUGEMENT,
     S.CQL, S.RFP, S.CFP}
)  # fmt: skip
RENT_ONLY = frozenset({S.IMPAYE, S.CDP, S.SAISINE_BAILLEUR_SOCIAL})
# Reports of arrears: the CAF's and the landlord's, repeated as the debt grows. They
# inform the file without moving the procedure: accepted at any point of a procedure for
# rent arrears until the expulsion, whatever their date, and never its position
# (docs/decisions/2026-12-05-repeated-arrears-reports.md).
REPORTS = frozenset({S.IMPAYE})
# Acts of a landlord that is a legal person other than a family SCI: the referral to the
# CCAPEX two months before the assignation (loi 1989-462, art. 24 II: « les bailleurs
# personnes morales autres qu'une société civile constituée exclusivement entre parents et
# alliés »). Every social landlord is one; in the private sector, a company is one too, a
# natural person or a family SCI never. Refused only when the file says its landlord is a
# natural person or a family SCI: an unknown landlord type does not stop a company from
# recording its legal referral (docs/decisions/2026-12-06-referral-by-private-legal-persons).
SOCIAL_ONLY = frozenset({S.SAISINE_BAILLEUR_SOCIAL})
NOT_BOUND = {  # households.LandlordType → the words of the refusal
    "PERSONNE_PHYSIQUE": "une personne physique",
    "SCI_FAMILIALE": "une SCI familiale",
}


def acts_for_landlord(acts, landlord_type: str = "") -> frozenset[str]:
    """``acts`` without the referral to the CCAPEX when the file's landlord is known to be
    a natural person or a family SCI."""
    if landlord_type in NOT_BOUND:
        return frozenset(acts) - SOCIAL_ONLY
    return frozenset(acts)


def landlord_refusal(stage: str, landlord_type: str = "") -> str | None:
    """Why ``stage`` cannot be recorded on a file with this landlord type, or ``None``."""
    if stage in SOCIAL_ONLY and landlord_type in NOT_BOUND:
        return (
            f"{_cap(NOUNS[stage][0])} ne concerne que les bailleurs personnes morales autres "
            "qu'une SCI familiale (loi 1989 art. 24 II) : le bailleur de ce dossier est "
            f"indiqué comme {NOT_BOUND[landlord_type]}. Pour informer la CCAPEX, enregistrez "
            "un signalement."
        )
    return None


START: tuple[str, ...] = (
    S.IMPAYE, S.SIGNALEMENT, S.CDP, S.SAISINE_BAILLEUR_SOCIAL, S.ASSIGNATION,
    S.JUGEMENT, S.CQL, S.RFP,
)  # fmt: skip

# (indefinite noun, definite noun) for French messages.
NOUNS: dict[str, tuple[str, str]] = {
    S.IMPAYE: ("un impayé", "l'impayé"),
    S.SIGNALEMENT: ("un signalement à la CCAPEX", "le signalement à la CCAPEX"),
    S.CDP: ("un commandement de payer", "le commandement de payer"),
    S.SAISINE_BAILLEUR_SOCIAL: (
        "une saisine de la CCAPEX par le bailleur",
        "la saisine de la CCAPEX par le bailleur",
    ),
    S.ASSIGNATION: ("une assignation", "l'assignation"),
    S.DSF: ("un diagnostic social et financier", "le diagnostic social et financier"),
    S.AUDIENCE: ("une audience", "l'audience"),
    S.JUGEMENT: ("un jugement", "le jugement"),
    S.CQL: ("un commandement de quitter les lieux", "le commandement de quitter les lieux"),
    S.RFP: ("une réquisition de la force publique", "la réquisition de la force publique"),
    S.CFP: (
        "une décision sur le concours de la force publique",
        "la décision sur le concours de la force publique",
    ),
    S.EXPULSION: ("une expulsion", "l'expulsion"),
}
# Short names used in « … (CDP du 10/03/2024) ».
SHORT: dict[str, str] = {
    S.IMPAYE: "impayé",
    S.SIGNALEMENT: "signalement",
    S.CDP: "CDP",
    S.SAISINE_BAILLEUR_SOCIAL: "saisine CCAPEX du bailleur",
    S.ASSIGNATION: "assignation",
    S.DSF: "DSF",
    S.AUDIENCE: "audience",
    S.JUGEMENT: "jugement",
    S.CQL: "CQL",
    S.RFP: "RFP",
    S.CFP: "décision CFP",
    S.EXPULSION: "expulsion",
}

GRACE_STAGES = frozenset({S.JUGEMENT, S.CQL})
HEARING_STAGES = frozenset({S.ASSIGNATION, S.AUDIENCE})


def _d(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _labels(stages: Sequence[str]) -> str:
    return ", ".join(Stage(s).label[:1].lower() + Stage(s).label[1:] for s in stages)


def _stages(stages, ground) -> tuple[Stage, ...]:
    """``stages`` as ``Stage`` members, without the rent-only acts unless ``ground`` is
    IMPAYES; built once per (stages, ground) (every act of an import checks them)."""
    key = (stages, ground)
    found = _STAGES.get(key)
    if found is None:
        found = _STAGES[key] = tuple(
            Stage(s) for s in stages if ground == Ground.IMPAYES or s not in RENT_ONLY
        )
    return found


_STAGES: dict[tuple, tuple[Stage, ...]] = {}


def start_stages(ground: str = Ground.IMPAYES) -> list[Stage]:
    """Stages a procedure on this ground may start at."""
    return list(_stages(START, ground))


def position(events: Sequence) -> object | None:
    """The act that sets what may follow: the last one, ignoring late signalements and
    the reports of arrears after the first act (``REPORTS``)."""
    current = None
    for event in events:
        if current is not None and event.stage == S.SIGNALEMENT and current.stage in LATE_STAGES:
            continue
        if current is not None and event.stage in REPORTS:
            continue
        current = event
    return current


def _after_jugement(last_event) -> tuple[str, ...]:
    decision = getattr(last_event, "decision", "")
    if decision in (Decision.REJET, Decision.RADIATION):
        return ()
    return NEXT[S.JUGEMENT]


def _after_cfp(last_event) -> tuple[str, ...]:
    decision = getattr(last_event, "cfp_decision", "")
    if decision == CfpDecision.ACCORDE:
        return (S.EXPULSION,)
    if decision == CfpDecision.REFUSE:
        return (S.RFP,)
    return NEXT[S.CFP]


def allowed_next(stage, last_event, *, ground: str | None = None) -> list[Stage]:
    """Acts that may follow ``stage`` (``None``: a new procedure).

    ``last_event`` is the event at that stage (its decision matters for a JUGEMENT or a
    CFP; ``None`` when unknown). ``ground`` removes the rent-only acts.
    """
    ground = ground or Ground.IMPAYES
    if stage is None:
        return start_stages(ground)
    if stage == S.JUGEMENT:
        following = _after_jugement(last_event)
    elif stage == S.CFP:
        following = _after_cfp(last_event)
    else:
        following = NEXT[stage]
    if stage in LATE_STAGES and following and S.SIGNALEMENT not in following:
        following = (*following, S.SIGNALEMENT)
    return list(_stages(following, ground))


def _ground_label(ground: str) -> str:
    return Ground(ground).label if ground in choice_values(Ground) else ground


def _transition_reason(events: Sequence, new_stage: str, ground: str) -> str | None:
    if new_stage in RENT_ONLY and ground != Ground.IMPAYES:
        ground_label = _ground_label(ground)
        return (
            f"{_cap(NOUNS[new_stage][0])} ne concerne que les procédures pour impayés de "
            f"loyer (motif de cette procédure : {ground_label})."
        )
    current = position(events)
    if current is None:
        if new_stage in start_stages(ground):
            return None
        ground_label = _ground_label(ground)
        return (
            f"Une procédure ne peut pas commencer par {NOUNS[new_stage][0]}. Actes de départ "
            f"possibles (motif « {ground_label} ») : {_labels(start_stages(ground))}."
        )
    if new_stage in REPORTS and current.stage != S.EXPULSION:
        return None
    allowed = allowed_next(current.stage, current, ground=ground)
    if new_stage in allowed:
        return None
    when = f"{NOUNS[current.stage][1]} du {_d(current.date)}"
    if current.stage == S.EXPULSION:
        return f"L'expulsion a été réalisée le {_d(current.date)} : clôturez la procédure."
    if current.stage == S.JUGEMENT and not allowed:
        return (
            f"Le jugement du {_d(current.date)} ({Decision(current.decision).label.lower()}) "
            "ne permet aucun acte d'exécution : clôturez la procédure."
        )
    if new_stage == S.CQL:
        return (
            "Un commandement de quitter les lieux ne peut suivre qu'un jugement prononçant "
            f"la résiliation. Dernier acte : {when}."
        )
    if new_stage == S.EXPULSION:
        return (
            "Une expulsion ne peut suivre qu'une décision accordant le concours de la force "
            f"publique. Dernier acte : {when}."
        )
    return (
        f"{_cap(NOUNS[new_stage][0])} ne peut pas suivre {when}. "
        f"Actes possibles : {_labels(allowed)}."
    )


def _field_reasons(new_stage: str, f: Mapping, rulebook: RuleBook | None) -> list[str]:
    reasons = []
    day = f.get("date")
    hearing = f.get("hearing_date")
    if new_stage == S.ASSIGNATION and not hearing:
        reasons.append("La date d'audience est obligatoire pour une assignation.")
    if hearing and new_stage not in HEARING_STAGES:
        reasons.append(
            "Une date d'audience ne se saisit que sur une assignation ou une audience (renvoi)."
        )
    elif hearing and day and hearing <= day:
        what = "de l'assignation" if new_stage == S.ASSIGNATION else "de l'audience renvoyée"
        reasons.append(
            f"La date d'audience ({_d(hearing)}) doit être postérieure à la date {what} "
            f"({_d(day)})."
        )
    if new_stage == S.JUGEMENT:
        if not f.get("decision"):
            reasons.append(
                "La décision du jugement est obligatoire (résiliation ferme, conditionnelle, "
                "rejet ou radiation)."
            )
        if f.get("contradictoire") is None:
            reasons.append(
                "Indiquez si le jugement est contradictoire (locataire présent ou représenté)."
            )
    else:
        if f.get("decision"):
            reasons.append("Une décision de justice ne se saisit que sur un jugement.")
        if f.get("contradictoire") is not None:
            reasons.append("Le caractère contradictoire ne se saisit que sur un jugement.")
    if new_stage == S.CFP and not f.get("cfp_decision"):
        reasons.append("Indiquez si le concours de la force publique est accordé ou refusé.")
    if new_stage != S.CFP and f.get("cfp_decision"):
        reasons.append(
            "Une décision sur le concours de la force publique ne se saisit que sur l'acte CFP."
        )
    reasons += _payment_reasons(new_stage, f, rulebook)
    grace = f.get("grace_months")
    if grace and new_stage not in GRACE_STAGES:
        reasons.append(
            "Des délais pour quitter les lieux ne se saisissent que sur un jugement ou un "
            "commandement de quitter les lieux."
        )
    elif grace and day and rulebook is not None:
        low = rulebook.get("DELAIS_GRACE_MIN", on=day)
        high = rulebook.get("DELAIS_GRACE_MAX", on=day)
        if not low.value <= grace <= high.value:
            reasons.append(
                f"Les délais accordés par le juge ({grace} mois) doivent être compris entre "
                f"{format_delay(low)} et {format_delay(high)} ({high.short_basis}, en vigueur "
                f"le {_d(day)})."
            )
    served = f.get("served_on")
    if served and new_stage != S.JUGEMENT:
        reasons.append("La date de signification ne se saisit que sur un jugement.")
    elif served and day and served < day:
        reasons.append(
            f"Le jugement ne peut avoir été signifié ({_d(served)}) avant d'être rendu ({_d(day)})."
        )
    return reasons


def _payment_reasons(new_stage: str, f: Mapping, rulebook: RuleBook | None) -> list[str]:
    """Payment delays (loi 1989 art. 24 V) belong to a conditional judgment, within
    ``DELAIS_PAIEMENT_MAX`` in force on its date, with the first instalment after it."""
    months, first = f.get("payment_months"), f.get("first_instalment_on")
    amount = f.get("instalment_amount")
    if not (months or first or amount):
        return []
    if new_stage != S.JUGEMENT or f.get("decision") != Decision.CONDITIONNELLE:
        return [
            "Des délais de paiement ne se saisissent que sur un jugement conditionnel "
            "(résiliation suspendue)."
        ]
    reasons = []
    if not months or not first:
        reasons.append(
            "Indiquez la durée des délais de paiement (en mois) et la date de la première échéance."
        )
    day = f.get("date")
    if first and day and first < day:
        reasons.append(
            f"La première échéance ({_d(first)}) ne peut précéder le jugement ({_d(day)})."
        )
    if amount is not None and amount <= 0:
        reasons.append("Le montant de l'échéance doit être positif.")
    if months and day and rulebook is not None:
        high = rulebook.get("DELAIS_PAIEMENT_MAX", on=day)
        if months > high.value:
            reasons.append(
                f"Les délais de paiement ({months} mois) ne peuvent dépasser "
                f"{format_delay(high)} ({high.short_basis}, en vigueur le {_d(day)})."
            )
    return reasons


def _expulsion_reasons(events: Sequence, f: Mapping, ground: str, rulebook: RuleBook) -> list:
    day = f.get("date")
    if not day or ground == Ground.SANS_DROIT_NI_TITRE:
        return []
    reasons = []
    if in_winter_truce(day, rulebook):
        start = rulebook.get("TREVE_DEBUT", on=day)
        end = rulebook.get("TREVE_FIN", on=day)
        reasons.append(
            "Aucune expulsion ne peut avoir lieu pendant la trêve hivernale (du "
            f"{format_month_day(start)} au {format_month_day(end)}, {end.short_basis}) : "
            f"le {_d(day)} est dans cette période."
        )
    from .deadlines import eviction_possible  # deadlines imports this module

    possible = eviction_possible(events=events, rulebook=rulebook, ignore_truce=True)
    if possible is not None and day < possible.date:
        reasons.append(
            f"L'expulsion ne peut avoir lieu avant le {_d(possible.date)} ({possible.reason})."
        )
    return reasons


def check_event(
    events_so_far: Sequence,
    new_stage: str,
    new_fields: Mapping,
    *,
    ground: str = Ground.IMPAYES,
    rulebook: RuleBook | None = None,
) -> list[str]:
    """Every French reason why this act cannot be recorded after ``events_so_far``.

    ``events_so_far`` are ordered by date then id; ``new_fields`` holds ``date`` and the
    optional fields of the act. The grace bounds and the truce need a ``rulebook``.
    """
    reasons = []
    day = new_fields.get("date")
    # A report of arrears neither is held to the date order nor holds the next acts to it.
    steps = [e for e in events_so_far if e.stage not in REPORTS]
    if steps and day and new_stage not in REPORTS:
        last = max(steps, key=lambda e: e.date)
        if day < last.date:
            reasons.append(
                f"La date de l'acte ({_d(day)}) est antérieure au dernier acte enregistré "
                f"({SHORT[last.stage]} du {_d(last.date)})."
            )
    reason = _transition_reason(events_so_far, new_stage, ground)
    if reason:
        reasons.append(reason)
    try:
        reasons += _field_reasons(new_stage, new_fields, rulebook)
        if new_stage == S.EXPULSION and rulebook is not None:
            reasons += _expulsion_reasons(events_so_far, new_fields, ground, rulebook)
    except BusinessError as error:  # a rule missing from the rule book
        reasons += error.messages
    return reasons


def check_transition(
    events_so_far: Sequence,
    new_stage: str,
    new_fields: Mapping,
    *,
    ground: str = Ground.IMPAYES,
    rulebook: RuleBook | None = None,
) -> str | None:
    """The French reason why this act cannot follow ``events_so_far``, or ``None``."""
    reasons = check_event(events_so_far, new_stage, new_fields, ground=ground, rulebook=rulebook)
    return " ".join(reasons) or None
