"""A file with something in every table that can hold a household's words: Ysaline
Zorbalanka's, closed in December 2024 (due for anonymisation on 15 January 2027), and
another household's (Jean-Baptiste Oubliette's, open) that compared with it.

Written through the services (they write the history of writes and the access journal
as in production), except, through the models: the commission's session, agenda item,
recommendation, outcome and CFP decision (their services belong to flows not replayed
here: invitations, quorum, windows; the session's general observations name the
household), a past address, a recognised name form, and the
other household's row, decisions and review item that compared it with this file. Every
string that names or describes the household is in ``SECRETS``, and its birth dates in
``BIRTH_DATES``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from prevex.access.models import InvolvementReason
from prevex.accounts.models import Membership, OrganisationType, Role
from prevex.audit.services import log_search, log_view
from prevex.commissions.choices import (
    AddresseeKind,
    CfpChoice,
    CommissionKind,
    OutcomeKind,
    RecommendationStatus,
    SaisineReason,
    SessionStatus,
)
from prevex.commissions.models import (
    AgendaItem,
    CfpDecisionRecord,
    FileOutcome,
    Recommendation,
    RecommendationType,
    Session,
)
from prevex.commissions.saisines import saisine_create
from prevex.commissions.sessions import commission_create
from prevex.commissions.summary import summaries_freeze_many
from prevex.core import clock
from prevex.households.evaluations import household_social_update, vulnerability_add
from prevex.households.members import household_derived_refresh, household_members_change
from prevex.households.models import (
    ContactKind,
    Household,
    LandlordType,
    Member,
    MemberRole,
    Parc,
    PastAddress,
)
from prevex.households.services import household_create, household_update
from prevex.intake import services as intake
from prevex.intake.models import ImportBatch, ImportRow, ReviewItem, ReviewKind, RowStatus
from prevex.matching.models import ClaimField, HouseholdClaim, MatchDecision
from prevex.procedures.models import Outcome, Procedure
from prevex.procedures.services import event_record, procedure_close, procedure_open
from prevex.support import services as support
from tests.factories import InvolvementFactory, MembershipFactory, OrganisationFactory, commune
from tests.intake.conftest import csv_bytes, row

BUILT_ON = datetime.date(2024, 12, 20)
CLOSED_ON = datetime.date(2024, 12, 10)
TODAY = datetime.date(2027, 1, 15)

NOTE = "Le chien Pistache garde la cage d'escalier pendant les absences de la famille"
PAST_ADDRESS = "5 impasse des Hortensias-Sentinelles"
SECRETS = [
    "Zorbalanka",
    "Ysaline",
    "Quintanilla",
    "Thibaultin",
    "Noemiette",
    "Glycines",
    "Hortensias",
    "Azalee",
    "Propriopoulos",
    "0699887766",
    "06 99 88 77 66",
    "ysaline.zorbalanka@exemple.fr",
    "Pistache",
    "cage d'escalier",
    "diabete",
    "Zorbalankh",  # the name as a partner's row wrote it
]
OTHER_OBSERVATIONS = "M. Oubliette était présent ; la commission salue son bailleur."
BIRTH_DATES = [datetime.date(1979, 7, 23), datetime.date(1977, 2, 14), datetime.date(2012, 9, 30)]


@dataclass
class RichFile:
    household: Household
    other: Household
    procedure: Procedure
    secretariat: Membership
    worker: Membership
    item: AgendaItem
    session: Session


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _people(last: str, first: str, birth: datetime.date, role=MemberRole.TITULAIRE) -> dict:
    return {"role": role, "last_name": last, "first_name": first, "birth_date": birth}


def build_rich_file() -> RichFile:
    clock.freeze(BUILT_ON)
    saint_denis = commune()
    secretariat = MembershipFactory(organisation=OrganisationFactory(ccapex=True))
    social = OrganisationFactory(type=OrganisationType.CD_SOCIAL, name="Service social 93")
    caf = OrganisationFactory(type=OrganisationType.CAF, name="CAF 93")
    bailiff = MembershipFactory(
        organisation__type=OrganisationType.COMMISSAIRE_JUSTICE,
        organisation__name="Étude Huissiers Réunis",
    )
    worker = MembershipFactory(organisation=social, role=Role.TRAVAILLEUR_SOCIAL)

    # --- the household, through the services (history of writes with every value)
    household = household_create(
        by=secretariat, departement="93", composition="COUPLE_AVEC_ENFANTS",
        address="17 rue des Glycines", address_complement="Bâtiment Azalée",
        postal_code="93200", commune=saint_denis, parc=Parc.PRIVE, rent=Decimal("710"),
        charges=Decimal("60"), landlord_type=LandlordType.PERSONNE_PHYSIQUE,
        landlord_name="Gérard Propriopoulos", monthly_resources=Decimal("1450"),
        resources_note=f"Salaire et allocations ; {NOTE}",
        members=[
            _people("Zorbalanka", "Ysaline", BIRTH_DATES[0]),
            _people("Quintanilla", "Thibaultin", BIRTH_DATES[1], MemberRole.COTITULAIRE),
            _people("Zorbalanka", "Noemiette", BIRTH_DATES[2], MemberRole.ENFANT),
        ],
        contacts=[
            {"kind": ContactKind.TELEPHONE, "value": "0699887766"},
            {"kind": ContactKind.EMAIL, "value": "ysaline.zorbalanka@exemple.fr"},
        ],
        informed_on=BUILT_ON, informed_channel="Courrier remis par Mme Zorbalanka",
    )  # fmt: skip
    household_derived_refresh(household_ids=[household.pk])
    for org, reason in (
        (social, InvolvementReason.SIGNALEMENT),
        (bailiff.organisation, "BAILLEUR"),
    ):
        InvolvementFactory(household=household, organisation=org, reason=reason)
    household_update(household=household, by=secretariat, address="19 rue des Glycines")
    holder = Member.objects.get(household=household, first_name="Ysaline")
    household_members_change(
        household=household, by=secretariat,
        corrections={holder.pk: {"last_name": "Zorbalanka", "first_name": "Ysaline",
                                 "birth_date": BIRTH_DATES[0]}},
        add=[_people("Zorbalanka", "Ysaline-Pistache", None, MemberRole.AUTRE)],
    )  # fmt: skip
    household_social_update(
        household=household, by=worker, monthly_resources=Decimal("1500"),
        resources_note="Salaire", social_evaluation=f"Évaluation : {NOTE}.",
    )  # fmt: skip
    vulnerability_add(
        household=household, by=worker, kind="SANTE", note="Diabète de Thibaultin",
        recorded_on=datetime.date(2024, 3, 1),
    )  # fmt: skip
    PastAddress.objects.create(
        household=household, address=PAST_ADDRESS, address_complement="Escalier Azalée",
        postal_code="93200", commune=saint_denis, left_on=datetime.date(2023, 6, 30),
    )  # fmt: skip

    # --- the procedure and its acts
    procedure = procedure_open(
        household=household, stage="CDP", date=datetime.date(2024, 3, 10), by=secretariat,
        debt_amount=Decimal("2130"),
    )  # fmt: skip
    assignation = event_record(
        procedure=procedure, stage="ASSIGNATION", date=datetime.date(2024, 5, 2), by=secretariat,
        hearing_date=datetime.date(2024, 7, 2), notes=NOTE,
    )  # fmt: skip

    # --- a partner's row about the household (import: row, decision, claim)
    intake.file_import(
        source=bailiff.organisation,
        content=csv_bytes([row(
            type_acte="SIGNALEMENT", date_acte="20/05/2024", reference_acte="ZB-1",
            locataire_nom="Zorbalanka", locataire_prenom="Ysaline",
            locataire_date_naissance="23/07/1979", adresse="19 rue des Glycines",
            code_postal="93200", commune="Saint-Denis", bailleur_nom="Gérard Propriopoulos",
            loyer_mensuel="710", cotitulaire_nom="Quintanilla", cotitulaire_prenom="Thibaultin",
            telephone="0699887766", observations=NOTE,
        )]),
        filename="zorbalanka.csv", by=bailiff,
    )  # fmt: skip
    # What an import may note about it: a remark and an error of the file, a row's warning.
    ImportBatch.objects.filter(rows__household=household).update(
        notices=["Ligne 2 : « Zorbalankh » lu comme « Zorbalanka »"],
        error="Reprise interrompue à la ligne de Mme Zorbalanka",
    )
    ImportRow.objects.filter(household=household).update(
        errors=[{"column": "telephone", "value": "06 99 88 77 66",
                 "message": "Numéro « 06 99 88 77 66 » complété"}]
    )  # fmt: skip
    HouseholdClaim.objects.create(
        departement_id="93", household=household, member=holder, field=ClaimField.NAME_FORM,
        last_name="Zorbalankh", first_name="Ysaline", status="CONFIRMED",
        source_kind="intake_row", source_id=0,
    )  # fmt: skip

    # --- the follow-up
    support.contact_record(
        household=household, by=worker, channel="TELEPHONE", direction="SORTANT",
        at=at(datetime.date(2024, 4, 3)), purpose="AUTRE", outcome="RDV_PRIS",
        purpose_detail=f"Appel au 06 99 88 77 66 : {NOTE}",
    )  # fmt: skip
    dsf = support.dsf_request(procedure=procedure, by=worker)
    support.dsf_update_content(
        dsf=dsf, by=worker, composition="Mme Zorbalanka, M. Quintanilla et Noemiette",
        resources={"SALAIRES": "1200.00", "AAH": "250.00"}, charges={"ENERGIE": "85.00"},
        debt_amount="2130.00", debt_origin=f"Arrêt maladie (diabète) ; {NOTE}",
        causes=["SANTE", "PERTE_EMPLOI"], causes_note="Diabète de Thibaultin",
        rights={"AAH": "EN_COURS"}, wish="RESTER", proposal_monthly="90.00",
        proposal_delay_months=24, proposal_note="Mme Zorbalanka propose 90 € par mois",
        opinion=f"Avis favorable ; {NOTE}",
    )  # fmt: skip
    measure = support.measure_propose(
        household=household,
        by=worker,
        type_code="FSL_MAINTIEN",
        note=f"Dossier FSL ; {NOTE}",
        on=datetime.date(2024, 4, 10),
    )
    support.measure_change(
        measure=measure, by=worker, status="DEMANDEE", on=datetime.date(2024, 5, 1)
    )
    support.measure_change(
        measure=measure, by=worker, status="ACCORDEE", on=datetime.date(2024, 6, 1),
        amount=Decimal("800"), deciding_body="Commission FSL (dossier Zorbalanka)",
    )  # fmt: skip
    support.measure_change(
        measure=measure, by=worker, status="TERMINEE", on=datetime.date(2024, 9, 1),
        outcome="Versé au bailleur Propriopoulos",
    )  # fmt: skip
    referral = support.referral_send(
        household=household, by=worker, reason="ACCOMPAGNEMENT", to_organisation=caf,
        message=f"Mme Zorbalanka a besoin d'aide ; {NOTE}",
    )  # fmt: skip
    support.referral_decline(
        referral=referral, by=MembershipFactory(organisation=caf),
        reason="Déjà suivie par nous (Zorbalanka)",
    )  # fmt: skip
    support.task_create(
        household=household, by=worker, title="Rappeler Mme Zorbalanka au 0699887766",
        due_on=datetime.date(2024, 6, 15),
    )  # fmt: skip
    plan = support.plan_open(
        household=household, by=secretariat, origin="NEGOCIE",
        starts_on=datetime.date(2024, 6, 5), debt_amount="1800.00", instalments=6,
    )  # fmt: skip
    support.payment_record(
        plan=plan, by=secretariat, paid_on=datetime.date(2024, 6, 6), amount="300.00"
    )

    # --- the commission
    commission = commission_create(
        departement_id="93", kind=CommissionKind.CCAPEX_RESTREINTE, name="CCAPEX restreinte 93",
        secretariat=secretariat.organisation, members=[caf, social], quorum=1, capacity=10,
        by=secretariat,
    )  # fmt: skip
    saisine = saisine_create(
        household=household, commission=commission, reason=SaisineReason.PARTENAIRE,
        by=secretariat, motive=f"Situation de Mme Zorbalanka : {NOTE}", procedure=procedure,
    )  # fmt: skip
    session = Session.objects.create(
        commission=commission, departement_id="93", starts_at=at(datetime.date(2024, 6, 20), 14),
        place="Préfecture, salle 2", capacity=10, status=SessionStatus.CLOSE,
        held_on=datetime.date(2024, 6, 20),
        opinion=f"Séance chargée. Mme Zorbalanka viendra à la prochaine ; {NOTE}.",
    )  # fmt: skip
    # Another session's general observations, naming another household only: they stay.
    Session.objects.create(
        commission=commission, departement_id="93", starts_at=at(datetime.date(2024, 9, 19), 14),
        place="Préfecture, salle 2", capacity=10, status=SessionStatus.CLOSE,
        held_on=datetime.date(2024, 9, 19), opinion=OTHER_OBSERVATIONS,
    )  # fmt: skip
    item = AgendaItem.objects.create(
        session=session, household=household, saisine=saisine, position=1, examined=True,
        opinion=f"La commission soutient Mme Zorbalanka ; {NOTE}",
        deliberated_at=at(datetime.date(2024, 6, 20), 16),
    )  # fmt: skip
    summaries_freeze_many(items=[item], by=secretariat)
    Recommendation.objects.create(
        item=item, household=household, departement_id="93",
        type=RecommendationType.objects.get(code="MAINTIEN_AL", departement__isnull=True),
        text=f"Maintenir l'aide de Mme Zorbalanka ; {NOTE}",
        addressee_kind=AddresseeKind.ORGANISATION, addressee=caf,
        due_on=datetime.date(2024, 7, 31), status=RecommendationStatus.NON_MISE_EN_OEUVRE,
        status_reason="Mme Zorbalanka n'a pas répondu", status_on=datetime.date(2024, 8, 2),
        status_by=caf,
    )  # fmt: skip
    FileOutcome.objects.create(
        item=item, household=household, departement_id="93", due_on=datetime.date(2025, 6, 20),
        derived=OutcomeKind.DETTE_SOLDEE, derived_on=datetime.date(2025, 6, 20),
    )  # fmt: skip
    CfpDecisionRecord.objects.create(
        household=household, departement_id="93", procedure=procedure, event=assignation,
        decision=CfpChoice.REPORTE, decided_on=datetime.date(2024, 9, 10),
        postponed_to=datetime.date(2024, 11, 10),
        criteria={"1": {"label": "Reprise du paiement du loyer", "met": True,
                        "note": "Mme Zorbalanka paie depuis juin"}},
        reasoning=f"Report : diabète de Thibaultin ; {NOTE}", organisation=secretariat.organisation,
    )  # fmt: skip

    # --- another household, open, whose row was compared with this file
    other = household_create(
        by=secretariat, departement="93", address="3 allée Vermeer", postal_code="93200",
        commune=saint_denis, parc=Parc.SOCIAL, rent=Decimal("480"),
        members=[_people("Oubliette", "Jean-Baptiste", datetime.date(1990, 1, 2))],
    )  # fmt: skip
    compared = f"Noms à 70 %, ancienne adresse du ménage ({PAST_ADDRESS})"
    candidates = [
        {"household_id": other.pk, "score": 0.93, "reason": "Même nom et prénom"},
        {"household_id": household.pk, "score": 0.71, "reason": compared},
    ]
    MatchDecision.objects.create(
        departement_id="93", household=other, household_reference=other.reference,
        outcome="MATCH", score=0.93, reason="Même nom et prénom.", candidates=candidates,
        source_kind="intake_row", source_id=0,
    )  # fmt: skip
    MatchDecision.objects.create(
        departement_id="93", household=None, outcome="REVIEW", score=0.71,
        reason=f"Rapprochement incertain : {compared}.", candidates=candidates[1:],
        source_kind="intake_row", source_id=0,
    )  # fmt: skip
    other_row = ImportRow.objects.create(
        batch=ImportRow.objects.get(household=household).batch, source=bailiff.organisation,
        departement_id="93", line=9, raw={"locataire_nom": "Oubliette"}, status=RowStatus.REVUE,
        raw_fingerprint="x" * 64,
    )  # fmt: skip
    ReviewItem.objects.create(
        kind=ReviewKind.MATCH, departement_id="93", row=other_row, score=0.71,
        reason=f"Rapprochement incertain : {compared}.",
        candidates=[{**candidates[1], "reference": household.reference, "rule": "",
                     "warnings": []}],
    )  # fmt: skip

    # --- reads: searches by name and number, views
    log_search(membership=secretariat, query="zorbalanka")
    log_search(membership=secretariat, query="06 99 88 77 66")
    log_search(membership=secretariat, query="Oubliette")
    log_view(membership=worker, what="Dossier du ménage", household_id=household.pk)

    procedure_close(
        procedure=procedure, outcome=Outcome.DETTE_SOLDEE, closed_on=CLOSED_ON, by=secretariat
    )
    clock.freeze(TODAY)
    return RichFile(
        household=household, other=other, procedure=procedure, secretariat=secretariat,
        worker=worker, item=item, session=session,
    )  # fmt: skip
