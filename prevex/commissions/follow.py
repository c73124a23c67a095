"""The follow-up of recommendations: reminders before and after the due date (a job), and
the figure action sheet 9 asks for — how many recommendations were implemented, per
session and overall, by type and by addressee.

Reminders, each once per recommendation still to do or in progress, addressed to an
organisation (a recommendation to the household is followed by the secretariat on its
follow-up page):

- from ``RECOMMANDATION_RAPPEL_AVANT`` before the due date up to the due date: the task's
  message says « Rappel », an email goes to the organisation's structural mailbox if it
  has one (``reminded_before_on``);
- ``RECOMMANDATION_RELANCE_APRES`` after the due date (the last day the addressee is
  involved in the file): « Relance », the same way (``reminded_after_on``).
Both rules are chosen by the recommendation's due date.
"""

from __future__ import annotations

import datetime
import logging
from collections import Counter

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.http import Http404

from prevex.audit import services as audit
from prevex.core import clock
from prevex.households.services import anonymised_filter
from prevex.procedures.rules import RuleBook, add_delay, subtract_delay
from prevex.support.choices import AlertKind
from prevex.support.external import source_task_sync

from . import perms
from .choices import AddresseeKind, RecommendationStatus, SessionStatus
from .models import Recommendation
from .outcomes import outcome_confirm, outcomes_refresh
from .recommendations import GRACE_RULE, _entry, source_of, task_message

__all__ = [
    "follow_up_page",
    "follow_up_rates",
    "managed_commissions",
    "outcome_confirm",
    "outcomes_refresh",
    "rates_of",
    "recommendation_reminders_refresh",
]

logger = logging.getLogger(__name__)
BEFORE_RULE = "RECOMMANDATION_RAPPEL_AVANT"
FOLLOWED = (RecommendationStatus.A_FAIRE, RecommendationStatus.EN_COURS)
SESSIONS_SHOWN = 24
OVERDUE_SHOWN = 100


def _email(reco: Recommendation, subject: str) -> None:
    """Sent after the commit; names the file by its reference only (no personal data by
    email). A mail failure never undoes the reminder: the task carries it."""
    address = reco.addressee.email if reco.addressee_id else ""
    if not address:
        return
    body = (
        f"{task_message(reco)}.\n\n"
        f"Dossier {reco.household.reference}. Renseignez le suivi dans prevex, "
        "page « Recommandations reçues » (/commissions/recommandations/)."
    )

    def send() -> None:
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
        except Exception:  # noqa: BLE001 - the task in the work list is the reminder
            logger.warning("Rappel de recommandation %s : envoi du courriel impossible", reco.pk)

    transaction.on_commit(send)


@transaction.atomic
def recommendation_reminders_refresh(*, today: datetime.date | None = None) -> dict:
    """Job: reminders before and after the due date, each once (idempotent); none for an
    anonymised file, whose recommendations can no longer be reported on."""
    today = today or clock.today()
    candidates = (
        Recommendation.objects.select_for_update(of=("self",))
        .filter(addressee_kind=AddresseeKind.ORGANISATION, status__in=FOLLOWED)
        .exclude(**anonymised_filter(via="household__"))
        .filter(
            Q(reminded_before_on__isnull=True, due_on__gte=today)
            | Q(reminded_after_on__isnull=True, due_on__lt=today)
        )
        .select_related("addressee", "type", "household")
        .order_by("id")
    )
    counts = Counter(before=0, after=0)
    entries = []
    for reco in candidates:
        rules = RuleBook.for_departement(reco.departement_id)
        if reco.reminded_before_on is None and reco.due_on >= today:
            if today < subtract_delay(reco.due_on, rules.get(BEFORE_RULE, on=reco.due_on)):
                continue
            reco.reminded_before_on = today
            field, prefix, subject, key = (
                "reminded_before_on", "Rappel – ", "Rappel : recommandation à échéance", "before"
            )  # fmt: skip
        elif reco.reminded_after_on is None and reco.due_on < today:
            if today < add_delay(reco.due_on, rules.get(GRACE_RULE, on=reco.due_on)):
                continue
            reco.reminded_after_on = today
            field, prefix, subject, key = (
                "reminded_after_on", "Relance – ", "Relance : recommandation échue", "after"
            )  # fmt: skip
        else:
            continue
        reco.save(update_fields=[field])
        source_task_sync(
            kind=AlertKind.RECOMMANDATION,
            source=source_of(reco),
            organisation_id=reco.addressee_id,
            household_id=reco.household_id,
            departement_id=reco.departement_id,
            message=task_message(reco, prefix=prefix),
            due_on=reco.due_on,
            today=today,
        )
        _email(reco, subject)
        counts[key] += 1
        entries.append(
            _entry(reco, f"{prefix[:-3]} envoyé à {reco.addressee} : {reco.type.label}", None)
        )
    audit.log_writes_many(entries)
    return dict(counts)


# --------------------------------------------------------------------------- rates

STATUS_KEYS = {
    RecommendationStatus.MISE_EN_OEUVRE: "implemented",
    RecommendationStatus.EN_COURS: "in_progress",
    RecommendationStatus.NON_MISE_EN_OEUVRE: "not_implemented",
    RecommendationStatus.REFUSEE: "refused",
    RecommendationStatus.A_FAIRE: "to_do",
}


def _row(counter: Counter, label: str) -> dict:
    total = sum(counter.values())
    row = {"label": label, "total": total}
    for status, key in STATUS_KEYS.items():
        row[key] = counter[status]
        row[f"{key}_rate"] = round(100 * counter[status] / total, 1) if total else 0.0
    return row


def rates_of(recommendations) -> dict:
    """Counts and rates (in %) of a queryset of recommendations: overall, by type, by
    addressee (the organisation, or « Le ménage »)."""
    overall: Counter = Counter()
    by_type: dict[str, Counter] = {}
    by_addressee: dict[str, Counter] = {}
    rows = recommendations.values_list("status", "type__label", "addressee__name").order_by()
    for status, type_label, addressee in rows:
        overall[status] += 1
        by_type.setdefault(type_label, Counter())[status] += 1
        by_addressee.setdefault(addressee or str(AddresseeKind.MENAGE.label), Counter())[
            status
        ] += 1
    return {
        "overall": _row(overall, "Toutes les recommandations"),
        "by_type": [_row(c, label) for label, c in sorted(by_type.items())],
        "by_addressee": [_row(c, label) for label, c in sorted(by_addressee.items())],
    }


def follow_up_rates(*, departement_id: str, session=None) -> dict:
    """Fiche action 9: what came of the recommendations of the département (or of one
    session), overall, by type and by addressee."""
    recommendations = Recommendation.objects.filter(departement_id=departement_id)
    if session is not None:
        recommendations = recommendations.filter(item__session=session)
    return rates_of(recommendations)


def rates_by_session(recommendations) -> dict[int, dict]:
    """The overall row of each session's recommendations (one query)."""
    counters: dict[int, Counter] = {}
    for session_id, status in recommendations.values_list("item__session_id", "status").order_by():
        counters.setdefault(session_id, Counter())[status] += 1
    return {pk: _row(c, "") for pk, c in counters.items()}


# --------------------------------------------------------------------------- reads


def managed_commissions(membership) -> list:
    """The commissions of the reader's département it manages (secretariat)."""
    from .models import Commission

    return [
        c
        for c in Commission.objects.filter(
            departement_id=membership.organisation.departement_id
        ).order_by("kind", "name", "id")
        if perms.manages(membership, c)
    ]


def follow_up_page(*, membership) -> dict:
    """The secretariat's follow-up page: rates overall, per session, by type and by
    addressee, and the overdue recommendations (journaled list read). 404 for an
    organisation that manages no commission."""
    from .models import Session

    commissions = managed_commissions(membership)
    if not commissions:
        raise Http404("Page réservée au secrétariat d'une commission.")
    dep = membership.organisation.departement_id
    recommendations = Recommendation.objects.filter(
        departement_id=dep, item__session__commission__in=commissions
    )
    sessions = list(
        Session.objects.filter(
            commission__in=commissions, status__in=(SessionStatus.TENUE, SessionStatus.CLOSE)
        )
        .select_related("commission")
        .order_by("-starts_at", "id")[:SESSIONS_SHOWN]
    )
    per_session = rates_by_session(recommendations.filter(item__session__in=sessions))
    for session in sessions:
        session.rates = per_session.get(session.pk) or _row(Counter(), "")
    today = clock.today()
    overdue = list(
        recommendations.filter(status__in=FOLLOWED, due_on__lt=today)
        .select_related("type", "addressee", "household", "item__session__commission")
        .order_by("due_on", "id")[:OVERDUE_SHOWN]
    )
    audit.log_list_view(membership=membership, what="Commissions : suivi des recommandations")
    return {
        "rates": rates_of(recommendations),
        "sessions": sessions,
        "overdue": overdue,
        "commissions": commissions,
    }
