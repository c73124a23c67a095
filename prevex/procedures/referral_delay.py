"""The delay a social landlord (a « personne morale ») must leave between its referral to
the CCAPEX and the assignation (loi du 6 juillet 1989, art. 24 II, loi ALUR): when an
assignation may first be delivered, and the warning when one came too early. The rule is
a dated ``LegalRule`` (``SAISINE_BAILLEUR_SOCIAL_DELAI``), chosen by the assignation's
date (prevex/procedures/rules_data.py)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence

from prevex.core.dates import french_date

from .models import Stage
from .rules import Rule, RuleBook, effect_from, format_delay

SAISINE_DELAI = "SAISINE_BAILLEUR_SOCIAL_DELAI"


def assignation_possible_from(
    saisine_day: datetime.date, rulebook: RuleBook
) -> tuple[datetime.date, Rule] | None:
    """First day an assignation may be delivered after a referral to the CCAPEX of
    ``saisine_day``, and the rule that holds it back; ``None`` when nothing does.

    The rule is the one in force on the **assignation's** date: « À compter du 1er janvier
    2015, les bailleurs personnes morales […] ne peuvent faire délivrer […] une assignation
    […] avant l'expiration d'un délai de deux mois suivant la saisine » (loi 1989 art. 24 II,
    loi ALUR). A referral of December 2014 holds back the assignations of early 2015; one
    whose delay ran out before the rule started holds nothing back.
    """
    rule = rulebook.find(SAISINE_DELAI, on=saisine_day)
    if rule is None:
        start = rulebook.earliest(SAISINE_DELAI)
        if start is None or start <= saisine_day:
            return None
        rule = rulebook.get(SAISINE_DELAI, on=start)
    day = effect_from(saisine_day, rule, rulebook.departement_id)
    if day <= rule.valid_from:
        return None
    return day, rule


def check_warnings(
    events_so_far: Sequence, new_stage: str, new_fields: Mapping, *, rulebook: RuleBook
) -> list[str]:
    """Irregularities worth flagging that do not prevent recording the act (it happened).

    An assignation by a social landlord less than ``SAISINE_BAILLEUR_SOCIAL_DELAI`` after
    its referral to the CCAPEX may be declared inadmissible by the judge; the rule is the
    one in force on the assignation's date (``assignation_possible_from``).
    """
    day = new_fields.get("date")
    if new_stage != Stage.ASSIGNATION or not day:
        return []
    saisines = [e for e in events_so_far if e.stage == Stage.SAISINE_BAILLEUR_SOCIAL]
    if not saisines:
        return []
    saisine = saisines[-1]
    rule = rulebook.find(SAISINE_DELAI, on=day)  # the assignation's date selects it
    if rule is None:
        return []
    earliest = effect_from(saisine.date, rule, rulebook.departement_id)
    if day >= earliest:
        return []
    return [
        f"Assignation délivrée avant le {french_date(earliest)}, moins de {format_delay(rule)} après "
        f"la saisine de la CCAPEX par le bailleur ({rule.short_basis}) : "
        "irrecevabilité possible."
    ]
