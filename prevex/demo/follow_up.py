"""The demo's follow-up: DSF asked after each assignation, then contacts, DSF content and
measures on some of the files, all through the follow-up's services (one write path),
inside ``write_channel("DEMO")``. Idempotent: nothing is added once the département has
contacts."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from prevex.audit.services import write_channel
from prevex.core import clock
from prevex.core.errors import BusinessError
from prevex.support import services
from prevex.support.models import Contact, Dsf

FOLLOWED_FILES = 60


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def demo_follow_up(*, memberships: dict, departement: str, seed: int = 93) -> int:
    """Returns the number of files given a follow-up."""
    if Contact.objects.filter(departement_id=departement).exists():
        return 0
    rng = random.Random(seed)
    worker = memberships["CD_SOCIAL"]
    today = clock.today()
    with write_channel("DEMO"):
        # Asked five weeks ago, so that letters, calls and appointments have happened since.
        services.dsf_requests_for_assignations(today=today - datetime.timedelta(days=35))
        dsfs = list(
            Dsf.objects.filter(departement_id=departement, assigned_to=worker.organisation)
            .select_related("household")
            .order_by("id")[:FOLLOWED_FILES]
        )
        for index, dsf in enumerate(dsfs):
            household = dsf.household
            letter_day = today - datetime.timedelta(days=rng.randint(8, 30))
            letter = services.contact_record(
                household=household, by=worker, channel="COURRIER", direction="SORTANT",
                at=_at(letter_day, 9), purpose="DSF", outcome="NON_JOINT",
            )  # fmt: skip
            if index % 3 == 0:
                continue  # no answer yet
            services.contact_record(
                household=household, by=worker, channel="TELEPHONE", direction="ENTRANT",
                at=_at(letter_day + datetime.timedelta(days=3), 14), purpose="DSF",
                outcome="RDV_PRIS", answers=letter,
            )  # fmt: skip
            services.dsf_schedule(
                dsf=dsf, by=worker, appointment_at=_at(letter_day + datetime.timedelta(days=7), 10)
            )
            if index % 3 == 1:
                _fill(dsf, worker, rng)
                try:
                    # Done at the appointment, sent two days later (never after the
                    # judgment: the DSF's act goes into the procedure).
                    done = letter_day + datetime.timedelta(days=7)
                    services.dsf_mark_done(dsf=dsf, by=worker, on=done)
                    if index % 2:
                        sent = min(today, done + datetime.timedelta(days=2))
                        services.dsf_send(dsf=dsf, by=worker, on=sent)
                except BusinessError:
                    pass
            if index % 5 == 2:
                services.plan_open(
                    household=household, by=worker, origin="NEGOCIE",
                    starts_on=today - datetime.timedelta(days=75),
                    debt_amount=Decimal(rng.randint(6, 30) * 100), instalments=6,
                )  # fmt: skip
            if index % 4 == 1 and "ADIL" in memberships:
                services.referral_send(
                    household=household, by=worker, to_organisation=memberships["ADIL"].organisation,
                    reason="ACCES_DROIT", message="Informer le ménage sur les délais de paiement.",
                )  # fmt: skip
            code = rng.choice(["FSL_MAINTIEN", "ASLL", "PLAN_APUREMENT", "MASP"])
            waited = datetime.timedelta(days=40 if index % 3 == 2 else 0)  # some to follow up
            measure = services.measure_propose(
                household=household, by=worker, type_code=code, on=today - waited
            )
            if index % 3 == 1:
                services.task_create(
                    household=household, by=worker, title="Rappeler le ménage après l'audience",
                    due_on=today + datetime.timedelta(days=index % 10 - 3),
                    assigned_to_id=worker.user_id,
                )  # fmt: skip
            if index % 4 == 0:
                services.measure_change(measure=measure, by=worker, status="DEMANDEE")
        services.dsf_alerts_refresh(today=today)
        services.dsf_appointment_alerts_refresh(today=today)
        services.plans_compliance_refresh(today=today)
        services.generated_tasks_refresh(today=today)  # the work lists « à faire »
    return len(dsfs)


def _fill(dsf: Dsf, worker, rng: random.Random) -> None:
    salary = Decimal(rng.choice([0, 900, 1250, 1480]))
    services.dsf_update_content(
        dsf=dsf,
        by=worker,
        composition="Personne seule avec deux enfants" if rng.random() < 0.5 else "Couple",
        resources={"SALAIRES": salary, "AIDE_LOGEMENT": Decimal("210"), "RSA": Decimal(0)},
        charges={"LOYER_RESIDUEL": Decimal("520"), "ENERGIE": Decimal("85")},
        debt_amount=Decimal(rng.randint(12, 60) * 100),
        debt_origin="Baisse de ressources après une fin de contrat",
        causes=rng.sample(["PERTE_EMPLOI", "SEPARATION", "RUPTURE_DROITS", "TAUX_EFFORT"], 2),
        rights={"AIDE_LOGEMENT": "SUSPENDU", "PRIME_ACTIVITE": "A_OUVRIR"},
        wish="RESTER",
        proposal_monthly=Decimal(rng.choice([50, 80, 100])),
        proposal_delay_months=24,
        opinion=(
            "Le ménage est mobilisé ; la reprise du loyer courant est possible si l'aide "
            "au logement est rétablie. Une demande FSL maintien est en cours."
        ),
    )
