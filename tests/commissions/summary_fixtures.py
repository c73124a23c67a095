"""Fixtures of the summary's tests (the agenda helper owns ``conftest.py``): a file examined
once at an earlier session, with recommendations and their outcome, and put on the agenda
of today's session; and a PDF text extractor (no poppler in the environment).

Sessions, items and recommendations are written through the models: the services of the
agenda and follow-up areas are not in this tree.
"""

from __future__ import annotations

import datetime
import re
import zlib
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from prevex.access.models import Involvement, InvolvementReason
from prevex.accounts.models import Membership, OrganisationType, Role
from prevex.commissions.choices import (
    AddresseeKind,
    CommissionKind,
    OutcomeKind,
    RecommendationStatus,
    SessionStatus,
)
from prevex.commissions.models import (
    AgendaItem,
    Attendance,
    Commission,
    FileOutcome,
    Recommendation,
    RecommendationType,
    Session,
)
from prevex.core import clock
from prevex.households.models import (
    ContactChannel,
    ContactKind,
    Member,
    MemberRole,
    SocialEvaluation,
    Vulnerability,
    VulnerabilityKind,
)
from prevex.procedures.models import Event, Procedure, Stage
from prevex.support import services as support
from tests.factories import (
    HouseholdFactory,
    MemberFactory,
    MembershipFactory,
    OrganisationFactory,
    departement,
)

TODAY = datetime.date(2025, 3, 10)
FIRST_SESSION = datetime.date(2024, 10, 15)
# The session window of a member organisation (invitation to session + 15 days).
WINDOW = (datetime.date(2025, 2, 20), datetime.date(2025, 3, 25))


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@dataclass
class CommissionFile:
    household: object
    procedure: Procedure
    commission: Commission
    first_session: Session
    first_item: AgendaItem
    session: Session
    item: AgendaItem
    secretariat: Membership  # the CCAPEX secretariat (reads every group)
    worker: Membership  # a social worker involved in the file (every group)
    caf: object  # a member organisation, addressee of a recommendation
    landlord: object  # a member organisation (social landlord)


def member(organisation, role=Role.AGENT) -> Membership:
    return MembershipFactory(organisation=organisation, role=role)


def commission_involvement(household, organisation, period=WINDOW) -> Involvement:
    """What the agenda's invitation grants a member organisation (reason COMMISSION)."""
    return Involvement.objects.create(
        household=household,
        organisation=organisation,
        reason=InvolvementReason.COMMISSION,
        starts_on=period[0],
        ends_on=period[1],
    )


def reco_type(code: str) -> RecommendationType:
    return RecommendationType.objects.get(code=code, departement__isnull=True)


def _support_data(household, procedure, worker, landlord_member) -> None:
    dsf = support.dsf_request(procedure=procedure, by=worker)
    support.dsf_update_content(
        dsf=dsf,
        by=worker,
        opinion="AVIS-DSF-SENTINELLE",
        causes=["PERTE_EMPLOI"],
        resources={"SALAIRES": "1200.00"},
    )
    support.contact_record(
        household=household, by=worker, channel="TELEPHONE", direction="SORTANT",
        at=at(datetime.date(2025, 2, 3)), purpose="AUTRE", purpose_detail="CONTACT-SENTINELLE",
        outcome="RDV_PRIS",
    )  # fmt: skip
    support.contact_record(
        household=household, by=worker, channel="SMS", direction="SORTANT",
        at=at(datetime.date(2025, 1, 20)), purpose="RELANCE", outcome="NON_JOINT",
    )  # fmt: skip
    support.measure_propose(
        household=household, by=worker, type_code="FSL_MAINTIEN", note="MESURE-SENTINELLE"
    )
    plan = support.plan_open(
        household=household, by=worker, origin="NEGOCIE", starts_on=datetime.date(2024, 12, 5),
        debt_amount="1800.00", instalments=6,
    )  # fmt: skip
    support.payment_record(
        plan=plan, by=landlord_member, paid_on=datetime.date(2024, 12, 6), amount="300.00"
    )


def build_commission_file() -> CommissionFile:
    clock.freeze(TODAY)
    departement("93")
    ccapex = OrganisationFactory(ccapex=True)
    caf = OrganisationFactory(type=OrganisationType.CAF, name="CAF de la Seine-Saint-Denis")
    landlord = OrganisationFactory(social_landlord=True, name="OPH Sentinelle")
    social = OrganisationFactory(type=OrganisationType.CD_SOCIAL, name="Service social 93")
    household = HouseholdFactory(address="7 rue des Sentinelles", social_evaluation="")
    MemberFactory(household=household, last_name="Zorglub", first_name="Aline")
    Member.objects.create(
        household=household, role=MemberRole.ENFANT, last_name="Zorglub",
        first_name="Enfantsentinelle", birth_date=datetime.date(2016, 5, 2),
    )  # fmt: skip
    ContactChannel.objects.create(
        household=household, kind=ContactKind.TELEPHONE, value="0600000042"
    )
    Vulnerability.objects.create(
        household=household, kind=VulnerabilityKind.HANDICAP, note="SANTE-SENTINELLE",
        recorded_on=datetime.date(2024, 9, 1),
    )  # fmt: skip
    SocialEvaluation.objects.create(
        household=household, text="EVALUATION-SENTINELLE", monthly_resources=Decimal("1234.00"),
        written_at=at(datetime.date(2025, 1, 5)),
    )  # fmt: skip
    procedure = Procedure.objects.create(
        household=household, departement_id="93", opened_on=datetime.date(2024, 6, 3),
        stage=Stage.ASSIGNATION, stage_date=datetime.date(2025, 2, 1),
        current_debt=Decimal("2600.00"),
    )  # fmt: skip
    Event.objects.create(
        procedure=procedure, stage=Stage.CDP, date=datetime.date(2024, 6, 3),
        debt_amount=Decimal("2100.00"),
    )  # fmt: skip
    Event.objects.create(
        procedure=procedure, stage=Stage.ASSIGNATION, date=datetime.date(2025, 2, 1),
        debt_amount=Decimal("2600.00"), hearing_date=datetime.date(2025, 4, 15),
    )  # fmt: skip
    # An act dated after today's session: never in its summary.
    Event.objects.create(procedure=procedure, stage=Stage.AUDIENCE, date=datetime.date(2025, 4, 15))
    worker = member(social, Role.TRAVAILLEUR_SOCIAL)
    for org in (social, landlord):
        Involvement.objects.create(
            household=household, organisation=org, reason=InvolvementReason.SIGNALEMENT,
            starts_on=datetime.date(2024, 1, 1),
        )  # fmt: skip
    _support_data(household, procedure, worker, member(landlord))

    commission = Commission.objects.create(
        departement_id="93", kind=CommissionKind.CCAPEX_PLENIERE, name="CCAPEX de la Sentinelle",
        secretariat=ccapex, quorum=2,
    )  # fmt: skip
    commission.members.add(caf, landlord, social)
    first_session = Session.objects.create(
        commission=commission, departement_id="93", starts_at=at(FIRST_SESSION, 14),
        place="Préfecture, salle 2", capacity=30, status=SessionStatus.CLOSE,
        held_on=FIRST_SESSION,
    )  # fmt: skip
    first_item = AgendaItem.objects.create(
        session=first_session, household=household, position=1, examined=True,
        opinion="AVIS-PREMIERE-SEANCE", deliberated_at=at(FIRST_SESSION, 16),
    )  # fmt: skip
    Recommendation.objects.create(
        item=first_item, household=household, departement_id="93",
        type=reco_type("MAINTIEN_AL"), addressee_kind=AddresseeKind.ORGANISATION,
        addressee=caf, due_on=datetime.date(2024, 11, 30),
        status=RecommendationStatus.MISE_EN_OEUVRE, status_on=datetime.date(2024, 11, 20),
        status_by=caf,
    )  # fmt: skip
    Recommendation.objects.create(
        item=first_item, household=household, departement_id="93",
        type=reco_type("REPRISE_PAIEMENT"), addressee_kind=AddresseeKind.MENAGE,
        due_on=datetime.date(2024, 12, 31), status=RecommendationStatus.NON_MISE_EN_OEUVRE,
        status_reason="MOTIF-SENTINELLE", status_on=datetime.date(2025, 1, 10),
    )  # fmt: skip
    FileOutcome.objects.create(
        item=first_item, household=household, departement_id="93",
        due_on=datetime.date(2025, 10, 15), derived=OutcomeKind.EN_PROCEDURE,
        derived_on=datetime.date(2025, 3, 1),
    )  # fmt: skip
    session = Session.objects.create(
        commission=commission, departement_id="93", starts_at=at(TODAY, 14),
        place="Préfecture, salle 3", capacity=30, status=SessionStatus.CONVOQUEE,
        invited_on=WINDOW[0],
    )  # fmt: skip
    for org, present in ((caf, True), (landlord, True), (social, False)):
        Attendance.objects.create(session=session, organisation=org, present=present)
    item = AgendaItem.objects.create(session=session, household=household, position=1)
    return CommissionFile(
        household=household, procedure=procedure, commission=commission,
        first_session=first_session, first_item=first_item, session=session, item=item,
        secretariat=member(ccapex), worker=worker, caf=caf, landlord=landlord,
    )  # fmt: skip


# --------------------------------------------------------------------------- PDF text


def _objects(body: bytes) -> dict[int, bytes]:
    """Every object of the PDF by number, inflated, object streams unpacked."""
    objects: dict[int, bytes] = {}
    for match in re.finditer(rb"(\d+) 0 obj(.*?)endobj", body, re.S):
        number, content = int(match.group(1)), match.group(2)
        stream = re.search(rb"stream\r?\n(.*?)endstream", content, re.S)
        if stream:
            try:
                data = zlib.decompress(stream.group(1))
            except zlib.error:
                data = stream.group(1)
            if b"/ObjStm" in content[: stream.start()]:
                first = int(re.search(rb"/First (\d+)", content).group(1))
                header = data[:first].split()
                offsets = [(int(header[i]), int(header[i + 1])) for i in range(0, len(header), 2)]
                for k, (num, offset) in enumerate(offsets):
                    end = offsets[k + 1][1] if k + 1 < len(offsets) else len(data) - first
                    objects[num] = data[first + offset : first + end]
            objects[number] = data
        else:
            objects[number] = content
    return objects


def _cmap(data: bytes) -> dict[str, str]:
    mapping = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for src, dst in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            mapping[src.decode().lower()] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, dst in re.findall(
            rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block
        ):
            start = ord(bytes.fromhex(dst.decode()).decode("utf-16-be"))
            for k, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                mapping[f"{code:04x}"] = chr(start + k)
    return mapping


def pdf_text(body: bytes) -> str:
    """The text a reader sees in a WeasyPrint PDF (fonts' ToUnicode maps applied), one
    line per positioned run; enough for the tests (pdftotext is not installed)."""
    objects = _objects(body)
    fonts = {}  # font resource name (e.g. SVAPKL) -> glyph id -> text
    for data in objects.values():
        found = re.search(rb"/BaseFont /([A-Z]+)\+[^/]*?.*?/ToUnicode (\d+) 0 R", data, re.S)
        if found and b"/Type /Font" in data:
            fonts[found.group(1).decode()] = _cmap(objects.get(int(found.group(2)), b""))
    lines, font = [], {}
    for data in objects.values():
        if b" Tf" not in data or b"TJ" not in data:
            continue
        for token in re.finditer(rb"/([A-Z]+) [\d.]+ Tf|\[(.*?)\] TJ|(Tm)", data, re.S):
            if token.group(1):
                font = fonts.get(token.group(1).decode(), {})
            elif token.group(3):
                lines.append("\n")
            else:
                for hexa in re.findall(rb"<([0-9a-fA-F]*)>", token.group(2)):
                    text = hexa.decode().lower()
                    lines.append(
                        "".join(font.get(text[i : i + 4], "?") for i in range(0, len(text), 4))
                    )
    text = "".join(lines).replace("\u00a0", " ").replace("\u202f", " ")  # French spacing
    return re.sub(r"[ \t]+", " ", text)
