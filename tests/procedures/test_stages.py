"""The stage machine as pure functions (no database: unsaved events, in-memory rules)."""

import datetime

import pytest

from prevex.procedures.models import CfpDecision, Decision, Event, Ground, Stage
from prevex.procedures.referral_delay import check_warnings
from prevex.procedures.stages import (
    allowed_next,
    check_event,
    check_transition,
    position,
    start_stages,
)

from .conftest import memory_rulebook

D = datetime.date
S = Stage


def ev(stage, day, **fields):
    return Event(stage=stage, date=day, **fields)


def check(events, stage, day, ground=Ground.IMPAYES, **fields):
    return check_transition(
        events, stage, {"date": day, **fields}, ground=ground, rulebook=memory_rulebook()
    )


JUGEMENT_OK = {"decision": Decision.FERME, "contradictoire": True}


# --- allowed next acts ---------------------------------------------------------------


def test_rent_procedure_may_start_before_or_at_the_acts_notified_to_the_prefet():
    starts = start_stages(Ground.IMPAYES)
    assert starts[:5] == [S.IMPAYE, S.SIGNALEMENT, S.CDP, S.SAISINE_BAILLEUR_SOCIAL, S.ASSIGNATION]
    assert S.CQL in starts
    assert not {S.DSF, S.AUDIENCE, S.CFP, S.EXPULSION} & set(starts)


def test_other_grounds_cannot_start_with_rent_acts():
    starts = start_stages(Ground.CONGE_VENTE)
    assert S.ASSIGNATION in starts
    assert not {S.IMPAYE, S.CDP, S.SAISINE_BAILLEUR_SOCIAL} & set(starts)


@pytest.mark.parametrize(
    ("stage", "expected"),
    [
        (S.IMPAYE, [S.SIGNALEMENT, S.CDP, S.SAISINE_BAILLEUR_SOCIAL, S.ASSIGNATION]),
        (S.CDP, [S.SIGNALEMENT, S.SAISINE_BAILLEUR_SOCIAL, S.ASSIGNATION]),
        (S.ASSIGNATION, [S.DSF, S.AUDIENCE, S.JUGEMENT, S.SIGNALEMENT]),
        (S.DSF, [S.AUDIENCE, S.JUGEMENT, S.SIGNALEMENT]),
        (S.AUDIENCE, [S.AUDIENCE, S.DSF, S.JUGEMENT, S.SIGNALEMENT]),
        (S.CQL, [S.RFP, S.SIGNALEMENT]),
        (S.RFP, [S.CFP, S.SIGNALEMENT]),
        (S.EXPULSION, []),
    ],
)
def test_allowed_next(stage, expected):
    assert allowed_next(stage, None) == expected


def test_judgment_decision_sets_what_may_follow():
    assert S.CQL in allowed_next(S.JUGEMENT, ev(S.JUGEMENT, D(2024, 5, 1), decision="FERME"))
    conditional = ev(S.JUGEMENT, D(2024, 5, 1), decision=Decision.CONDITIONNELLE)
    assert S.CQL in allowed_next(S.JUGEMENT, conditional)
    assert allowed_next(S.JUGEMENT, ev(S.JUGEMENT, D(2024, 5, 1), decision="REJET")) == []
    assert allowed_next(S.JUGEMENT, ev(S.JUGEMENT, D(2024, 5, 1), decision="RADIATION")) == []


def test_cfp_decision_sets_what_may_follow():
    granted = ev(S.CFP, D(2025, 5, 1), cfp_decision=CfpDecision.ACCORDE)
    refused = ev(S.CFP, D(2025, 5, 1), cfp_decision=CfpDecision.REFUSE)
    assert S.EXPULSION in allowed_next(S.CFP, granted)
    assert S.RFP not in allowed_next(S.CFP, granted)
    assert S.RFP in allowed_next(S.CFP, refused)
    assert S.EXPULSION not in allowed_next(S.CFP, refused)


@pytest.mark.parametrize("first", [S.SIGNALEMENT, S.SAISINE_BAILLEUR_SOCIAL])
def test_a_signalement_after_the_ccapex_knows_the_file_is_a_side_act(first):
    """An association's signalement after the social landlord's referral, or a second
    partner's after a first one: accepted, the procedure stays where it was."""
    events = [ev(S.IMPAYE, D(2024, 1, 5)), ev(first, D(2024, 2, 1))]
    assert check(events, S.SIGNALEMENT, D(2024, 2, 20)) is None
    after = [*events, ev(S.SIGNALEMENT, D(2024, 2, 20))]
    assert position(after).stage == first
    assert check(after, S.ASSIGNATION, D(2024, 3, 1), hearing_date=D(2024, 5, 1)) is None


def test_late_signalement_does_not_move_the_position():
    events = [ev(S.CQL, D(2024, 9, 15)), ev(S.SIGNALEMENT, D(2024, 9, 20))]
    assert position(events).stage == S.CQL
    assert check(events, S.RFP, D(2024, 11, 20)) is None
    early = [ev(S.IMPAYE, D(2024, 1, 5)), ev(S.SIGNALEMENT, D(2024, 2, 1))]
    assert position(early).stage == S.SIGNALEMENT


@pytest.mark.parametrize(
    "events",
    [
        [ev(S.IMPAYE, D(2024, 1, 5))],
        [ev(S.IMPAYE, D(2024, 1, 5)), ev(S.CDP, D(2024, 2, 1))],
        [ev(S.CDP, D(2024, 2, 1)), ev(S.ASSIGNATION, D(2024, 4, 1), hearing_date=D(2024, 6, 1))],
        [ev(S.JUGEMENT, D(2024, 6, 1), **JUGEMENT_OK)],
        [ev(S.JUGEMENT, D(2024, 6, 1), decision=Decision.REJET, contradictoire=True)],
    ],
)
def test_a_report_of_arrears_is_accepted_at_any_point_and_moves_nothing(events):
    """The CAF's and the landlord's reports, repeated as the debt grows (the import of a
    département sent 1,585 of them to the secretariat as « incohérents »)."""
    before = position(events)
    assert check(events, S.IMPAYE, D(2024, 9, 1)) is None
    assert check(events, S.IMPAYE, D(2023, 12, 1)) is None  # sent late: any date
    assert position([*events, ev(S.IMPAYE, D(2024, 9, 1))]) is before


def test_a_late_report_of_arrears_holds_no_act_to_its_date():
    events = [ev(S.IMPAYE, D(2024, 1, 5)), ev(S.CDP, D(2024, 2, 1)), ev(S.IMPAYE, D(2024, 5, 1))]
    assert check(events, S.ASSIGNATION, D(2024, 4, 1), hearing_date=D(2024, 6, 1)) is None
    assert "antérieure au dernier acte" in check(events, S.ASSIGNATION, D(2024, 1, 20),
                                                  hearing_date=D(2024, 6, 1))  # fmt: skip


def test_no_report_of_arrears_after_the_expulsion():
    events = [ev(S.CFP, D(2025, 5, 1), cfp_decision=CfpDecision.ACCORDE),
              ev(S.EXPULSION, D(2025, 6, 10))]  # fmt: skip
    assert "clôturez la procédure" in check(events, S.IMPAYE, D(2025, 7, 1))


def test_a_report_of_arrears_stays_a_rent_act():
    reason = check([ev(S.ASSIGNATION, D(2024, 4, 1), hearing_date=D(2024, 6, 1))], S.IMPAYE,
                   D(2024, 5, 1), ground=Ground.TROUBLES)  # fmt: skip
    assert reason and "impayés de loyer" in reason


# --- refusals, in French -------------------------------------------------------------


def test_cql_needs_a_judgment_of_termination():
    reason = check([ev(S.CDP, D(2024, 3, 10))], S.CQL, D(2024, 4, 1))
    assert reason.startswith(
        "Un commandement de quitter les lieux ne peut suivre qu'un jugement prononçant "
        "la résiliation."
    )
    assert "commandement de payer du 10/03/2024" in reason


def test_nothing_follows_a_rejected_claim():
    events = [ev(S.JUGEMENT, D(2024, 5, 2), decision=Decision.REJET, contradictoire=True)]
    reason = check(events, S.CQL, D(2024, 6, 1))
    assert reason == (
        "Le jugement du 02/05/2024 (rejet de la demande) ne permet aucun acte d'exécution : "
        "clôturez la procédure."
    )


def test_generic_refusal_lists_the_possible_acts():
    reason = check([ev(S.ASSIGNATION, D(2024, 3, 1))], S.RFP, D(2024, 4, 1))
    assert reason == (
        "Une réquisition de la force publique ne peut pas suivre l'assignation du 01/03/2024. "
        "Actes possibles : diagnostic social et financier, audience, jugement, "
        "signalement à la CCAPEX."
    )


def test_expulsion_needs_a_granted_cfp():
    events = [ev(S.CFP, D(2025, 5, 1), cfp_decision=CfpDecision.REFUSE)]
    reason = check(events, S.EXPULSION, D(2025, 6, 1))
    assert reason.startswith(
        "Une expulsion ne peut suivre qu'une décision accordant le concours de la force publique"
    )


def test_refused_start_and_rent_acts_on_other_grounds():
    assert check([], S.AUDIENCE, D(2024, 1, 1)).startswith(
        "Une procédure ne peut pas commencer par une audience."
    )
    reason = check([], S.CDP, D(2024, 1, 1), ground=Ground.TROUBLES)
    assert reason == (
        "Un commandement de payer ne concerne que les procédures pour impayés de loyer "
        "(motif de cette procédure : Troubles de jouissance)."
    )


def test_act_dated_before_the_last_act_is_refused():
    reason = check(
        [ev(S.CDP, D(2024, 3, 10))], S.ASSIGNATION, D(2024, 2, 3), hearing_date=D(2024, 9, 1)
    )
    assert reason == (
        "La date de l'acte (03/02/2024) est antérieure au dernier acte enregistré "
        "(CDP du 10/03/2024)."
    )


def test_same_day_acts_are_accepted():
    assert check([ev(S.CDP, D(2024, 3, 10))], S.SIGNALEMENT, D(2024, 3, 10)) is None


# --- required fields -----------------------------------------------------------------


def test_assignation_requires_a_later_hearing_date():
    events = [ev(S.CDP, D(2024, 3, 10))]
    assert check(events, S.ASSIGNATION, D(2024, 6, 1)) == (
        "La date d'audience est obligatoire pour une assignation."
    )
    assert check(events, S.ASSIGNATION, D(2024, 6, 1), hearing_date=D(2024, 6, 1)) == (
        "La date d'audience (01/06/2024) doit être postérieure à la date de l'assignation "
        "(01/06/2024)."
    )
    assert check(events, S.ASSIGNATION, D(2024, 6, 1), hearing_date=D(2024, 10, 1)) is None


def test_judgment_requires_decision_and_contradictoire():
    events = [ev(S.ASSIGNATION, D(2024, 1, 10), hearing_date=D(2024, 5, 1))]
    reasons = check_event(events, S.JUGEMENT, {"date": D(2024, 5, 2)}, rulebook=memory_rulebook())
    assert reasons == [
        "La décision du jugement est obligatoire (résiliation ferme, conditionnelle, rejet ou "
        "radiation).",
        "Indiquez si le jugement est contradictoire (locataire présent ou représenté).",
    ]
    assert check(events, S.JUGEMENT, D(2024, 5, 2), **JUGEMENT_OK) is None


def test_cfp_requires_its_decision_and_fields_belong_to_their_act():
    assert check([ev(S.RFP, D(2025, 1, 5))], S.CFP, D(2025, 2, 1)) == (
        "Indiquez si le concours de la force publique est accordé ou refusé."
    )
    reason = check([ev(S.CDP, D(2024, 3, 10))], S.SIGNALEMENT, D(2024, 3, 12), decision="FERME")
    assert reason == "Une décision de justice ne se saisit que sur un jugement."


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2023, 7, 28), 36, None),
        (D(2023, 7, 28), 2, "entre 3 mois et 36 mois"),
        (D(2023, 7, 29), 36, "entre 1 mois et 12 mois"),
        (D(2023, 7, 29), 1, None),
        (D(2023, 7, 29), 12, None),
        (D(2023, 7, 29), 13, "entre 1 mois et 12 mois"),
    ],
)
def test_grace_bounds_follow_the_rule_in_force_on_the_judgment(day, months, expected):
    events = [ev(S.ASSIGNATION, D(2023, 1, 10), hearing_date=D(2023, 6, 1))]
    reason = check(events, S.JUGEMENT, day, grace_months=months, **JUGEMENT_OK)
    if expected is None:
        assert reason is None
    else:
        assert reason == (
            f"Les délais accordés par le juge ({months} mois) doivent être compris {expected} "
            f"(CPCE L412-3 et L412-4, en vigueur le {day:%d/%m/%Y})."
        )


def test_grace_only_on_judgment_or_cql():
    reason = check([ev(S.CQL, D(2024, 9, 15))], S.RFP, D(2024, 11, 20), grace_months=3)
    assert reason.startswith("Des délais pour quitter les lieux ne se saisissent que sur")


# --- expulsion -----------------------------------------------------------------------


def _granted(cfp_day=datetime.date(2025, 5, 1), cql_day=datetime.date(2024, 9, 15), **cql_fields):
    return [
        ev(S.CQL, cql_day, **cql_fields),
        ev(S.RFP, cql_day + datetime.timedelta(days=70)),
        ev(S.CFP, cfp_day, cfp_decision=CfpDecision.ACCORDE),
    ]


def test_expulsion_during_the_winter_truce_is_refused_citing_l412_6():
    reason = check(_granted(cfp_day=D(2024, 12, 1)), S.EXPULSION, D(2024, 12, 15))
    assert reason == (
        "Aucune expulsion ne peut avoir lieu pendant la trêve hivernale (du 01/11 au 31/03, "
        "CPCE L412-6) : le 15/12/2024 est dans cette période."
    )
    assert check(_granted(), S.EXPULSION, D(2025, 5, 15)) is None


def test_expulsion_before_the_end_of_the_delais_is_refused():
    events = _granted(cql_day=D(2025, 4, 2), cfp_day=D(2025, 6, 10), grace_months=6)
    reason = check(events, S.EXPULSION, D(2025, 6, 12))
    assert reason == (
        "L'expulsion ne peut avoir lieu avant le 03/10/2025 "
        "(CPCE L412-3 et L412-4 : délais de 6 mois accordés le 02/04/2025)."
    )


def test_squatters_may_be_evicted_during_the_truce_when_the_judge_says_so():
    events = _granted(cfp_day=D(2024, 12, 1))
    reason = check(events, S.EXPULSION, D(2024, 12, 15), ground=Ground.SANS_DROIT_NI_TITRE)
    assert reason is None


# --- warnings ------------------------------------------------------------------------


def test_assignation_too_soon_after_a_social_landlord_referral_is_flagged():
    events = [ev(S.SAISINE_BAILLEUR_SOCIAL, D(2024, 1, 31))]
    fields = {"date": D(2024, 3, 15), "hearing_date": D(2024, 9, 1)}
    warnings = check_warnings(events, S.ASSIGNATION, fields, rulebook=memory_rulebook())
    assert warnings == [
        "Assignation délivrée avant le 03/04/2024, moins de 2 mois après la saisine de la "
        "CCAPEX par le bailleur (Loi 1989 art. 24 II) : irrecevabilité possible."
    ]
    # The delay ends on Easter Sunday 31/03/2024, runs to Tuesday 02/04 (Easter Monday is a
    # public holiday): an assignation is admissible from 03/04.
    fields["date"] = D(2024, 4, 2)
    assert check_warnings(events, S.ASSIGNATION, fields, rulebook=memory_rulebook())
    fields["date"] = D(2024, 4, 3)
    assert check_warnings(events, S.ASSIGNATION, fields, rulebook=memory_rulebook()) == []
