"""The payments import (« Importer des versements », prevex/intake/payments.py): a CSV or
XLSX of payments on repayment plans, by a landlord, a bailiff or the secretariat, through
the support app's bulk service. All or nothing: one bad line stores nothing and every bad
line is named in French; a file sent twice records nothing twice
(docs/decisions/2026-12-01-payments-import.md)."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from prevex.accounts.models import OrganisationType, Role
from prevex.audit.models import WriteLog
from prevex.core import clock
from prevex.intake.payments import payments_import
from prevex.support import services
from prevex.support.models import Payment
from tests.factories import (
    HouseholdFactory,
    InvolvementFactory,
    MembershipFactory,
    OrganisationFactory,
    departement,
)
from tests.support.conftest import TODAY, open_procedure

URL = "/imports/versements/"


def involved_member(household, org_type, role=Role.AGENT):
    org = OrganisationFactory(type=org_type)
    InvolvementFactory(household=household, organisation=org, starts_on=datetime.date(2024, 1, 1))
    return MembershipFactory(organisation=org, role=role)


@pytest.fixture
def plans(db):
    clock.freeze(TODAY)
    departement("93")
    household = HouseholdFactory()
    open_procedure(household)
    landlord = involved_member(household, OrganisationType.BAILLEUR_SOCIAL)
    plan = services.plan_open(
        household=household, by=landlord, origin="NEGOCIE", starts_on=datetime.date(2025, 1, 5),
        debt_amount="600", instalments=6,
    )  # fmt: skip
    return household, plan, landlord


def csv_bytes(*lines: str, encoding="utf-8") -> bytes:
    return ("\n".join(lines) + "\n").encode(encoding)


@pytest.mark.django_db
def test_a_landlord_imports_payments_by_plan_and_by_file_reference(plans):
    household, plan, landlord = plans
    content = csv_bytes(
        "Numéro du plan;Référence du dossier;Date du versement;Montant",
        f"{plan.pk};;05/02/2025;100,00",
        f";{household.reference};2025-03-05;1 00,50 €",
    )
    result = payments_import(by=landlord, content=content, filename="versements.csv")
    assert (result.refused, result.errors) == ("", [])
    assert (result.lines, result.recorded, result.duplicates) == (2, 2, 0)
    assert sorted(Payment.objects.values_list("paid_on", "amount")) == [
        (datetime.date(2025, 2, 5), Decimal("100.00")),
        (datetime.date(2025, 3, 5), Decimal("100.50")),
    ]
    entries = WriteLog.objects.filter(object_type="PLAN_APUREMENT", summary__startswith="Versement")
    assert {(e.channel, e.organisation_id, e.user_id) for e in entries} == {
        ("IMPORT", landlord.organisation_id, landlord.user_id)
    }
    # Sent again: duplicates, nothing added.
    again = payments_import(by=landlord, content=content, filename="versements.csv")
    assert (again.recorded, again.duplicates) == (0, 2)
    assert Payment.objects.count() == 2


@pytest.mark.django_db
def test_an_xlsx_file_is_read_like_a_csv(plans):
    from openpyxl import Workbook

    _, plan, landlord = plans
    book = Workbook()
    sheet = book.active
    sheet.append(["numero_plan", "date_versement", "montant"])
    sheet.append([plan.pk, datetime.date(2025, 2, 5), 150.5])
    buffer = io.BytesIO()
    book.save(buffer)
    result = payments_import(by=landlord, content=buffer.getvalue(), filename="v.xlsx")
    assert (result.refused, result.errors, result.recorded) == ("", [], 1)
    assert Payment.objects.get().amount == Decimal("150.50")


@pytest.mark.django_db
def test_one_bad_line_stores_nothing_and_every_bad_line_is_named(plans):
    household, plan, landlord = plans
    other = HouseholdFactory()  # a file the landlord is not involved in
    open_procedure(other)
    secretariat = MembershipFactory(organisation=OrganisationFactory(ccapex=True))
    hidden = services.plan_open(
        household=other, by=secretariat, origin="NEGOCIE", starts_on=datetime.date(2025, 1, 5),
        debt_amount="300", instalments=3,
    )  # fmt: skip
    content = csv_bytes(
        "numero_plan;reference_dossier;date_versement;montant",
        f"{plan.pk};;05/02/2025;100",  # good
        f"{plan.pk};;31/02/2025;100",  # no such day
        f"{plan.pk};;05/02/2025;-5",  # negative
        f"{plan.pk};;05/02/2099;5",  # future
        f"{hidden.pk};;05/02/2025;5",  # a plan it may not read
        f";{other.reference};05/02/2025;5",  # a file it may not read
        "999999;;05/02/2025;5",  # no such plan
        ";;05/02/2025;5",  # neither plan nor file
        f"{plan.pk};;05/02/2025;",  # no amount
    )
    history = WriteLog.objects.count()
    result = payments_import(by=landlord, content=content, filename="v.csv")
    messages = dict(result.errors)
    assert sorted(messages) == [3, 4, 5, 6, 7, 8, 9, 10]
    assert "n'existe pas" in messages[3] or "jour" in messages[3]
    assert "négatif" in messages[4]
    assert "futur" in messages[5]
    # A plan or file it may not read reads as one that does not exist.
    assert (
        messages[6]
        == messages[8]
        == "Plan d'apurement introuvable (numéro inconnu ou dossier non accessible)."
    )
    assert messages[7] == "Dossier introuvable (référence inconnue ou dossier non accessible)."
    assert other.reference not in " ".join(messages.values())
    assert "numéro du plan ou la référence" in messages[9]
    assert "Montant manquant" in messages[10]
    assert not Payment.objects.exists()
    assert WriteLog.objects.count() == history


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "vide"),
        (b"nom;prenom\nA;B\n", "Colonne(s) obligatoire(s)"),
        (b"numero_plan;montant\n1;2\n", "date_versement"),
        (b"\xd0\xcf\x11\xe0rest", "XLS"),
        (b"numero_plan;date_versement;montant\n", "aucun versement"),
    ],
)
def test_a_bad_file_is_refused_in_french(content, words, plans):
    _, _, landlord = plans
    result = payments_import(by=landlord, content=content, filename="v.csv")
    assert words in result.refused, result.refused
    assert not Payment.objects.exists()


@pytest.mark.django_db
def test_the_row_bound_is_the_notification_imports(plans, settings):
    _, plan, landlord = plans
    settings.PREVEX_IMPORT_MAX_ROWS = 3
    lines = [f"{plan.pk};0{d}/02/2025;10" for d in range(1, 6)]
    result = payments_import(
        by=landlord, content=csv_bytes("numero_plan;date_versement;montant", *lines), filename="v"
    )
    assert "lignes" in result.refused and not Payment.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("org_type", ["CAF", "CD_SOCIAL", "ADIL"])
def test_an_organisation_that_records_no_payment_gets_403(org_type, plans, client, login_as):
    household, plan, _ = plans
    login_as(involved_member(household, org_type, Role.TRAVAILLEUR_SOCIAL))
    assert client.get(URL).status_code == 403
    assert "Importer des versements" not in client.get("/imports/").content.decode()


@pytest.mark.django_db
def test_the_page_imports_and_shows_counts_and_errors(plans, client, login_as):
    _, plan, landlord = plans
    login_as(landlord)
    assert "importer un fichier de versements" in client.get("/imports/").content.decode()
    page = client.get(URL)
    assert page.status_code == 200 and "Format du fichier" in page.content.decode()
    bad = SimpleUploadedFile(
        "v.csv", csv_bytes("numero_plan;date_versement;montant", f"{plan.pk};x;1")
    )
    response = client.post(URL, {"fichier": bad})
    assert response.status_code == 422
    assert "Ligne 2 : Date du versement" in response.content.decode()
    good = SimpleUploadedFile(
        "v.csv", csv_bytes("numero_plan;date_versement;montant", f"{plan.pk};05/02/2025;42")
    )
    response = client.post(URL, {"fichier": good})
    assert response.status_code == 200
    assert "1 versement enregistré" in response.content.decode()
    assert Payment.objects.get().amount == Decimal("42")


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    cells=st.lists(
        st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=15),
        min_size=3,
        max_size=3,
    )
)
@example(cells=["¹", "01/02/2025", "100"])  # a superscript digit: isdigit(), not int()
def test_any_line_gets_a_french_answer_never_an_exception(cells, plans):
    _, plan, landlord = plans
    line = ";".join(
        c.replace(";", ",").replace("\n", " ").replace("\r", " ").replace('"', "") for c in cells
    )
    before = Payment.objects.count()
    result = payments_import(
        by=landlord,
        content=csv_bytes("numero_plan;date_versement;montant", line),
        filename="v.csv",
    )
    if result.refused or result.errors:
        assert Payment.objects.count() == before
        assert all(message for _, message in result.errors)
    else:
        assert result.recorded + result.duplicates == 1
