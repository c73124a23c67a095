"""The demo's import: one file of signalements from the CAF, sent through the real import
(``intake.services.file_import``), so that the secretariat's screens have work on a new
demo — a review queue with its reasons, « nouvel intervenant » requests, a quarantined
row — and the CAF's « Imports » page a finished batch with its report.

Rows are written from demo households the way a partner would write them: one copied
exactly, one without birth date and with another spelling, one with the same birth date
but another first name (« possibles jumeaux ») and the same person again a week later
(it waits with the first row in review), one with a day/month swapped birth date
(corrected and flagged), a household prevex does not know, a row without birth date
then the row of the holder's namesake (his father, another birth date and a flat), whose
new file puts the first row's attachment in doubt (review), a signalement sent late,
dated before the last act of its procedure (out of sequence: review), and a row with a
date that does not exist (quarantine). Idempotent: nothing is sent when the CAF already has this
file.
"""

from __future__ import annotations

import csv
import datetime
import io

from prevex.core import clock
from prevex.core.normalize import parse_address
from prevex.households.models import Member, MemberRole
from prevex.intake import services as intake
from prevex.intake.models import ImportBatch
from prevex.procedures.models import Procedure, Stage

FILENAME = "caf-impayes-demo.csv"
HEADER = [
    "type_acte", "date_acte", "reference_acte", "locataire_nom", "locataire_prenom",
    "locataire_date_naissance", "adresse", "code_postal", "montant_dette", "observations",
]  # fmt: skip


# A first name and its near twin (same birth date, another first name: « possibles
# jumeaux »).
TWINS = {
    "Daniel": "Danielle", "Michel": "Michèle", "Pascal": "Pascale", "Samir": "Samira",
    "Karim": "Karima", "Gabriel": "Gabrielle", "Emmanuel": "Emmanuelle", "Louis": "Louise",
    "Jean": "Jeanne", "Denis": "Denise", "Martin": "Martine", "Christian": "Christiane",
    "Frédéric": "Frédérique", "Lucas": "Lucie", "Ali": "Alia", "Nabil": "Nabila",
    "Farid": "Farida",
}  # fmt: skip


def _swapped(day: datetime.date) -> str:
    """The date written month first (« 09/17/1984 »), which cannot be a French date."""
    return f"{day.month:02d}/{day.day:02d}/{day.year}"


def _pick(departement: str):
    """Six demo holders with a birth date, each fit for its row (in household order):
    any, any, one with a first name that has a twin form, one born after the 12th of
    the month, one more for the address of the unknown household, and one whose address
    names no building nor flat (the namesake's row names one)."""
    holders = list(
        Member.objects.filter(
            household__departement_id=departement,
            role=MemberRole.TITULAIRE,
            birth_date__isnull=False,
        )
        .select_related("household")
        .order_by("household_id")[:2000]
    )
    wanted = [
        lambda m: True,
        lambda m: True,
        lambda m: TWINS.get(m.first_name, m.first_name) != m.first_name,
        lambda m: m.birth_date.day > 12,
        lambda m: True,
        # a file whose address names no building nor flat: the namesake's row names one
        lambda m: (
            not (
                parse_address(m.household.address).building
                or parse_address(m.household.address).flat
            )
        ),
    ]
    picked, used = [], set()
    for fits in wanted:
        found = next((m for m in holders if m.household_id not in used and fits(m)), None)
        if found is None:
            return None
        used.add(found.household_id)
        picked.append(found)
    return picked


def _late_report(departement: str, taken: set) -> tuple | None:
    """A holder whose open procedure is past the judgment, and the date of its last act:
    the CAF's signalement sent late, dated before that act, is out of sequence (« date
    antérieure au dernier acte ») and waits in the review queue."""
    procedure = (
        Procedure.objects.filter(
            departement_id=departement,
            closed_on__isnull=True,
            stage__in=[Stage.CQL, Stage.RFP],
            stage_date__isnull=False,
        )
        .exclude(household_id__in=taken)
        .order_by("id")
        .first()
    )
    if procedure is None:
        return None
    member = (
        Member.objects.filter(
            household_id=procedure.household_id,
            role=MemberRole.TITULAIRE,
            birth_date__isnull=False,
        )
        .select_related("household")
        .first()
    )
    return (member, procedure.stage_date) if member else None


def demo_rows(departement: str, today: datetime.date) -> list[list[str]]:
    picked = _pick(departement)
    if picked is None:
        return []
    act = (today - datetime.timedelta(days=12)).strftime("%d/%m/%Y")
    rows = []

    def row(reference, member, last, first, birth, note):
        household = member.household
        rows.append(
            ["SIGNALEMENT", act, reference, last, first, birth, household.address,
             household.postal_code, "1 240,50", note]
        )  # fmt: skip

    m1, m2, m3, m4, m5, m6 = picked
    row("CAF-DEMO-1", m1, m1.last_name, m1.first_name, f"{m1.birth_date:%d/%m/%Y}",
        "Ligne recopiée d'un dossier existant.")  # fmt: skip
    row("CAF-DEMO-2", m2, f"M. {m2.last_name.upper()}", m2.first_name.lower(), "",
        "Sans date de naissance, nom en capitales avec civilité.")  # fmt: skip
    row("CAF-DEMO-3", m3, m3.last_name, TWINS[m3.first_name], f"{m3.birth_date:%d/%m/%Y}",
        "Même nom, même date de naissance, autre prénom.")  # fmt: skip
    later = (today - datetime.timedelta(days=5)).strftime("%d/%m/%Y")
    rows.append(  # the « twin » again, a week later: it waits with the row above
        ["SIGNALEMENT", later, "CAF-DEMO-8", m3.last_name.upper(), TWINS[m3.first_name].upper(),
         "", m3.household.address, m3.household.postal_code, "",
         "La même personne que CAF-DEMO-3, sans date de naissance."]
    )  # fmt: skip
    row("CAF-DEMO-4", m4, m4.last_name, m4.first_name, _swapped(m4.birth_date),
        "Date de naissance écrite mois d'abord.")  # fmt: skip
    row("CAF-DEMO-5", m5, "Nouvelle-Famille", "Inès", "14/02/1991",
        "Ménage inconnu de prevex.")  # fmt: skip
    rows.append(
        ["SIGNALEMENT", "31/02/2026", "CAF-DEMO-6", "Erreur", "Date", "",
         m5.household.address, m5.household.postal_code, "", "Date d'acte impossible."]
    )  # fmt: skip
    # A row without birth date, attached to the only file of that name at that address;
    # then, in the same file, the namesake's row (his father: another birth date, a
    # flat): his file opens, and the first row goes back to review (« rattachement à
    # revoir »).
    row("CAF-DEMO-9", m6, m6.last_name.upper(), m6.first_name, "",
        "Sans date de naissance ni logement.")  # fmt: skip
    born = m6.birth_date
    father = born.replace(year=born.year - 27, day=min(born.day, 28))
    rows.append(
        ["SIGNALEMENT", act, "CAF-DEMO-10", m6.last_name, m6.first_name, f"{father:%d/%m/%Y}",
         f"{m6.household.address}, bâtiment B, porte 0412", m6.household.postal_code,
         "890,00", "Homonyme du titulaire (son père), autre date de naissance."]
    )  # fmt: skip
    late = _late_report(departement, {m.household_id for m in picked})
    if late is not None:
        member, day = late
        row_day = (day - datetime.timedelta(days=20)).strftime("%d/%m/%Y")
        rows.append(
            ["SIGNALEMENT", row_day, "CAF-DEMO-7", member.last_name, member.first_name,
             f"{member.birth_date:%d/%m/%Y}", member.household.address,
             member.household.postal_code, "", "Signalement envoyé en retard, daté avant le "
             "dernier acte de la procédure."]
        )  # fmt: skip
    return rows


def demo_import(*, organisations: dict, memberships: dict, departement: str) -> ImportBatch | None:
    """Send the CAF's demo file once; returns its batch (``None`` when already sent or
    when the demo has too few households)."""
    caf = organisations["CAF"]
    if ImportBatch.objects.filter(source=caf, filename=FILENAME).exists():
        return None
    rows = demo_rows(departement, clock.today())
    if not rows:
        return None
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return intake.file_import(
        source=caf,
        content=out.getvalue().encode("utf-8"),
        filename=FILENAME,
        by=memberships["CAF"],
    )
