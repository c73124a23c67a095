"""The demo's commissions: a CCAPEX (plenary), a CLIL in Saint-Denis and the COMEX, three
past CCAPEX sessions replayed through the services on their own dates (agenda, invitation,
attendance, deliberation, recommendations and their follow-up at every status, 6-month
reviews, one-year outcomes), one held last week whose deliberations are still to be
written, one session coming up with its agenda in preparation, and
the préfecture's criteria for the « concours de la force publique ». Idempotent: nothing
is added once the département has a commission."""

from __future__ import annotations

import datetime
import random

from django.db.models import Q
from django.utils import timezone

from prevex.access.gate import groups_for
from prevex.audit.services import write_channel
from prevex.commissions import (
    agenda,
    cfp_comex,
    cfp_criteria,
    deliberation,
    follow,
    outcomes,
    recommendations,
    saisines,
    sessions,
)
from prevex.commissions.choices import (
    AddresseeKind,
    CommissionKind,
    RecommendationStatus,
    SaisineReason,
)
from prevex.commissions.models import Commission, FileOutcome
from prevex.core import clock
from prevex.households.models import Household
from prevex.procedures.models import Procedure, Stage

# Months before today of the past CCAPEX sessions (the first one has its one-year outcome).
PAST_SESSIONS = (14, 8, 2)
FILES_PER_SESSION = 8
UPCOMING_IN_DAYS = 10
HELD_DAYS_AGO = 5
PRESENT_TYPES = {"ETAT_CCAPEX", "PREFECTURE", "CD_SOCIAL", "CAF", "BAILLEUR_SOCIAL", "ADIL"}
SAINT_DENIS = "93066"
# What the addressees answered, in turn (every follow-up status appears).
REPORTS = (
    (RecommendationStatus.MISE_EN_OEUVRE, ""),
    (RecommendationStatus.EN_COURS, ""),
    (RecommendationStatus.NON_MISE_EN_OEUVRE, "Le ménage ne s'est pas présenté aux rendez-vous."),
    (RecommendationStatus.MISE_EN_OEUVRE, ""),
    (RecommendationStatus.REFUSEE, "Dossier incomplet : pièces justificatives manquantes."),
    (None, ""),  # no answer yet
)


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _weekday(day: datetime.date) -> datetime.date:
    """The Thursday of that week (sessions are held on Thursdays)."""
    return day + datetime.timedelta(days=3 - day.weekday())


def _files(
    departement: str, before: datetime.date, stages, count: int, rng, taken: set, *, on=None
) -> list:
    """Households with a procedure opened before ``before`` at one of ``stages``, still
    open on ``on`` (the session's day; default: ``before``)."""
    ids = list(
        Procedure.objects.filter(
            departement_id=departement, opened_on__lte=before, stage__in=stages
        )
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=on or before))
        .exclude(household_id__in=taken)
        .order_by("id")
        .values_list("household_id", flat=True)[:400]
    )
    rng.shuffle(ids)
    chosen = ids[:count]
    taken.update(chosen)
    return chosen


def _held_session(commission, *, day, household_ids, memberships):
    """A session prepared three weeks before ``day``, invited, attended and held on it."""
    ccapex = memberships["ETAT_CCAPEX"]
    prepare_on = day - datetime.timedelta(days=21)
    with clock.pinned(prepare_on):
        session = sessions.session_create(
            commission=commission, starts_at=_at(day, 14), by=ccapex,
            place="DDETS, 7 esplanade Jean Moulin, Bobigny", capacity=commission.capacity,
        )  # fmt: skip
        session = agenda.agenda_add_many(
            session=session, household_ids=household_ids, by=ccapex, version=session.agenda_version
        )[0].session
        session = sessions.session_invite(session=session, by=ccapex)
    with clock.pinned(day):
        # The secretariat and the partners who usually come (the others are absent).
        present = [org.pk for org in commission.members.all() if org.type in PRESENT_TYPES] + [
            commission.secretariat_id
        ]
        session = sessions.attendance_record(
            session=session, present_organisation_ids=sorted(set(present)), by=ccapex
        )
        return sessions.session_hold(session=session, by=ccapex)


def _past_session(commission, *, day, household_ids, memberships, organisations):
    ccapex = memberships["ETAT_CCAPEX"]
    session = _held_session(
        commission, day=day, household_ids=household_ids, memberships=memberships
    )
    with clock.pinned(day):
        made = []
        for index, item in enumerate(session.items.order_by("position")):
            deliberation.item_deliberate(
                item=item,
                by=ccapex,
                opinion=(
                    "La commission constate une dette en hausse et une reprise partielle du "
                    "loyer courant. Elle recommande un plan d'apurement et une demande FSL."
                    if index % 2 == 0
                    else "Situation à suivre : la commission demande un diagnostic actualisé."
                ),
            )
            made.append(
                recommendations.recommendation_add(
                    item=item,
                    type_code="MAINTIEN_AL",
                    by=ccapex,
                    addressee_kind=AddresseeKind.ORGANISATION,
                    addressee=organisations["CAF"],
                    due_on=day + datetime.timedelta(days=45),
                    text="Maintenir l'aide au logement pendant la mise en place du plan.",
                )  # fmt: skip
            )
            made.append(
                recommendations.recommendation_add(
                    item=item,
                    type_code="FSL",
                    by=ccapex,
                    addressee_kind=AddresseeKind.ORGANISATION,
                    addressee=organisations["CD_SOCIAL"],
                    due_on=day + datetime.timedelta(days=60),
                )  # fmt: skip
            )
            made.append(
                recommendations.recommendation_add(
                    item=item,
                    type_code="REPRISE_PAIEMENT",
                    by=ccapex,
                    addressee_kind=AddresseeKind.MENAGE,
                    due_on=day + datetime.timedelta(days=30),
                )  # fmt: skip
            )
        deliberation.session_close(session=session, by=ccapex)
    return session, made


def _report(made, *, memberships, today, offset):
    """The addressees answer some weeks later (every status appears)."""
    for index, reco in enumerate(made):
        status, reason = REPORTS[(index + offset) % len(REPORTS)]
        if status is None:
            continue
        by = (
            memberships["ETAT_CCAPEX"]
            if reco.addressee_id is None
            else next(m for m in memberships.values() if m.organisation_id == reco.addressee_id)
        )
        day = min(reco.due_on - datetime.timedelta(days=5), today)
        with clock.pinned(day):
            recommendations.recommendation_report(
                recommendation=reco, status=status, by=by, reason=reason
            )


def demo_commissions(
    *, organisations: dict, memberships: dict, departement: str, seed: int = 93
) -> int:
    """Returns the number of agenda items written."""
    if Commission.objects.filter(departement_id=departement).exists():
        return 0
    rng = random.Random(seed)
    today = clock.today()
    ccapex = memberships["ETAT_CCAPEX"]
    org = organisations
    with write_channel("DEMO"):
        plenary = sessions.commission_create(
            departement_id=departement, kind=CommissionKind.CCAPEX_PLENIERE,
            name="CCAPEX de la Seine-Saint-Denis", secretariat=org["ETAT_CCAPEX"],
            members=[org[t] for t in ("ETAT_CCAPEX", "PREFECTURE", "CD_SOCIAL", "CAF",
                                      "BAILLEUR_SOCIAL", "ADIL", "EMPEX", "ASSOCIATION",
                                      "SIAO", "ACTION_LOGEMENT", "BANQUE_DE_FRANCE")],
            capacity=30, quorum=4, by=ccapex,
        )  # fmt: skip
        sessions.commission_create(
            departement_id=departement, kind=CommissionKind.CLIL, name="CLIL de Saint-Denis",
            secretariat=org["CCAS"],
            members=[org[t] for t in ("CCAS", "CD_SOCIAL", "CAF", "BAILLEUR_SOCIAL")],
            communes=[SAINT_DENIS], territory_label="Saint-Denis",
            stages=[Stage.IMPAYE, Stage.CDP, Stage.SAISINE_BAILLEUR_SOCIAL],
            capacity=15, quorum=3, by=ccapex,
        )  # fmt: skip
        sessions.commission_create(
            departement_id=departement, kind=CommissionKind.COMEX,
            name="COMEX – préfecture de la Seine-Saint-Denis", secretariat=org["PREFECTURE"],
            members=[org[t] for t in ("PREFECTURE", "ETAT_CCAPEX", "CD_SOCIAL", "CAF", "SIAO")],
            stages=[Stage.RFP, Stage.CFP], capacity=20, quorum=3, by=ccapex,
        )  # fmt: skip
        cfp_criteria.cfp_criteria_seed_defaults(departement_id=departement)

        taken: set[int] = set()
        count = 0
        previous_first = None
        for n, months in enumerate(PAST_SESSIONS):
            day = _weekday(today - datetime.timedelta(days=30 * months))
            ids = _files(departement, day - datetime.timedelta(days=60),
                         [Stage.CDP, Stage.ASSIGNATION, Stage.JUGEMENT, Stage.CQL],
                         FILES_PER_SESSION, rng, taken, on=day)  # fmt: skip
            if previous_first is not None:
                ids = [previous_first, *ids[:-1]]  # one file examined twice (its review)
            if not ids:
                continue  # a small demo (tests): no file old enough for this session
            session, made = _past_session(
                plenary, day=day, household_ids=ids, memberships=memberships, organisations=org,
            )  # fmt: skip
            previous_first = ids[1] if len(ids) > 1 else None
            count += len(ids)
            _report(made, memberships=memberships, today=today, offset=n)

        # Held last week: the deliberations are still to be written (the secretariat's turn).
        day = today - datetime.timedelta(days=HELD_DAYS_AGO)
        ids = _files(departement, day - datetime.timedelta(days=30),
                     [Stage.ASSIGNATION, Stage.JUGEMENT, Stage.CQL], 6, rng, taken, on=day)  # fmt: skip
        if ids:
            _held_session(plenary, day=day, household_ids=ids, memberships=memberships)
            count += len(ids)

        # The session coming up: partners' saisines and the first files already inscribed.
        upcoming = sessions.session_create(
            commission=plenary, starts_at=_at(_weekday(today + datetime.timedelta(days=UPCOMING_IN_DAYS)), 14),
            by=ccapex, place="DDETS, 7 esplanade Jean Moulin, Bobigny", capacity=25,
        )  # fmt: skip
        proposed = _files(
            departement, today, [Stage.ASSIGNATION, Stage.JUGEMENT, Stage.CQL], 12, rng, taken
        )
        for index, household_id in enumerate(proposed):
            by = memberships["CD_SOCIAL"] if index % 2 else ccapex
            household = Household.objects.get(pk=household_id)
            if not groups_for(membership=by, household=household):
                by = ccapex  # the social service does not follow this file: the secretariat proposes it
            saisines.saisine_create(
                household=household, commission=plenary, by=by, reason=SaisineReason.PARTENAIRE,
                motive="Dette en hausse malgré la reprise du loyer ; situation familiale fragile.",
            )  # fmt: skip
        if proposed:
            agenda.agenda_add_many(
                session=upcoming, household_ids=proposed[:4], by=ccapex,
                version=upcoming.agenda_version,
            )  # fmt: skip
            count += len(proposed[:4])
        # Jobs as the night would run them.
        follow.recommendation_reminders_refresh(today=today)
        outcomes.outcomes_refresh(today=today)
        for outcome in FileOutcome.objects.filter(departement_id=departement, due_on__lte=today):
            if outcome.derived:
                outcomes.outcome_confirm(outcome=outcome, kind=outcome.derived, by=ccapex)
        cfp_comex.comex_saisines_refresh(today=today)
    return count
