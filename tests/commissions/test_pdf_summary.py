"""The commission's PDFs, read back as text: the summary (what the reader may see only),
the minutes (identities only where the reader reads the file) and the letter to the
household (secretariat only). Made with the vendored fonts, nothing fetched."""

import datetime

import pytest
from django.http import Http404

from prevex.accounts.models import OrganisationType, Role
from prevex.commissions import pdf
from prevex.commissions.choices import AddresseeKind
from prevex.commissions.models import Recommendation
from prevex.commissions.summary import summaries_freeze_many
from tests.factories import OrganisationFactory

from .summary_fixtures import (
    build_commission_file,
    commission_involvement,
    member,
    pdf_text,
    reco_type,
)

SECRET = [
    "Enfantsentinelle",  # IDENTITY
    "EVALUATION-SENTINELLE",  # SOCIAL
    "AVIS-DSF-SENTINELLE",  # SOCIAL (DSF content)
    "SANTE-SENTINELLE",  # HEALTH
    "CONTACT-SENTINELLE",  # SUIVI
    "AVIS-PREMIERE-SEANCE",  # SUIVI (earlier passages)
]


@pytest.fixture
def cf(db):
    return build_commission_file()


def deliberated(cf):
    cf.item.examined = True
    cf.item.opinion = "AVIS-DU-JOUR"
    cf.item.save()
    Recommendation.objects.create(
        item=cf.item, household=cf.household, departement_id="93", type=reco_type("FSL"),
        addressee_kind=AddresseeKind.ORGANISATION, addressee=cf.caf,
        due_on=datetime.date(2025, 5, 2),
    )  # fmt: skip
    Recommendation.objects.create(
        item=cf.item, household=cf.household, departement_id="93",
        type=reco_type("REPRISE_PAIEMENT"), addressee_kind=AddresseeKind.MENAGE,
        due_on=datetime.date(2025, 4, 30), text="PRECISION-MENAGE",
    )  # fmt: skip


@pytest.mark.django_db
def test_the_frozen_summary_pdf_reads_in_french(cf):
    summaries_freeze_many(items=[cf.item], by=cf.secretariat)
    cf.item.refresh_from_db()
    body = pdf.summary_pdf(item=cf.item, membership=cf.secretariat)
    assert body.startswith(b"%PDF")
    text = pdf_text(body)
    for words in (
        "Fiche de synthèse",
        "Fiche figée le",
        "Aline ZORGLUB",
        "Commandement de payer",
        "2 600,00 €",
        "3 échéances en retard",
        "Passages antérieurs en commission",
        "CCAPEX de la Sentinelle, séance du 15/10/2024",
        "Mise en œuvre le 20/11/2024",
        "Toujours en procédure",
        *SECRET,
    ):
        assert words in text, words
    assert "Parties non communiquées" not in text


@pytest.mark.django_db
def test_a_landlord_member_s_pdf_holds_only_lease_and_procedure(cf):
    landlord = member(cf.landlord)
    text = pdf_text(pdf.summary_pdf(item=cf.item, membership=landlord))
    assert "Aline ZORGLUB" in text and "2 600,00 €" in text
    assert [s for s in SECRET if s in text] == []
    assert "Parties non communiquées à votre organisation" in text
    html = pdf.summary_html(item=cf.item, membership=landlord)
    assert [s for s in SECRET if s in html] == []


@pytest.mark.django_db
def test_no_pdf_nor_html_without_access(cf):
    outsider = member(OrganisationFactory(type=OrganisationType.CAF))
    with pytest.raises(Http404):
        pdf.summary_pdf(item=cf.item, membership=outsider)
    with pytest.raises(Http404):
        pdf.summary_html(item=cf.item, membership=outsider)


@pytest.mark.django_db
def test_the_minutes_show_attendance_quorum_opinions_and_recommendations(cf):
    deliberated(cf)
    text = pdf_text(pdf.minutes_pdf(session=cf.session, membership=cf.secretariat))
    for words in (
        "Procès-verbal de la séance",
        "CCAPEX de la Sentinelle",
        "Préfecture, salle 3",
        "CAF de la Seine-Saint-Denis",
        "Absente",
        "quorum atteint",
        cf.household.reference,
        "Aline ZORGLUB",
        "AVIS-DU-JOUR",
        "Reprendre le paiement du loyer courant",
        "Le ménage",
        "30/04/2025",
        "02/05/2025",
    ):
        assert words in text, words


@pytest.mark.django_db
def test_a_member_reads_the_minutes_without_identities_of_files_it_cannot_see(cf):
    deliberated(cf)
    caf = member(cf.caf)
    text = pdf_text(pdf.minutes_pdf(session=cf.session, membership=caf))
    assert cf.household.reference in text and "AVIS-DU-JOUR" in text
    assert "ZORGLUB" not in text
    commission_involvement(cf.household, cf.caf)
    assert "Aline ZORGLUB" in pdf_text(pdf.minutes_pdf(session=cf.session, membership=caf))
    # Not a member, not the secretariat: no minutes.
    with pytest.raises(Http404):
        pdf.minutes_pdf(
            session=cf.session, membership=member(OrganisationFactory(type=OrganisationType.ADIL))
        )


@pytest.mark.django_db
def test_the_letter_to_the_household_after_the_session(cf):
    deliberated(cf)
    text = pdf_text(pdf.household_letter_pdf(item=cf.item, membership=cf.secretariat))
    for words in (
        "Madame, Monsieur",
        "Aline ZORGLUB",
        "7 rue des Sentinelles",
        "AVIS-DU-JOUR",
        "Reprendre le paiement du loyer courant",
        "PRECISION-MENAGE",
        "30/04/2025",
        "CAF de la Seine-Saint-Denis",
    ):
        assert words in text, words
    # A member (even a social worker reading the file) does not write to the household.
    worker = member(cf.caf, Role.TRAVAILLEUR_SOCIAL)
    commission_involvement(cf.household, cf.caf)
    with pytest.raises(Http404):
        pdf.household_letter_pdf(item=cf.item, membership=worker)


@pytest.mark.django_db
def test_the_pdfs_embed_the_vendored_font(cf):
    from tests.support.test_dsf import pdf_objects

    body = pdf.summary_pdf(item=cf.item, membership=cf.secretariat)
    assert b"/FontFamily (Texte)" in pdf_objects(body)


@pytest.mark.django_db
def test_the_summary_dates_each_contact_and_reads_members_in_french(cf, client, login_as):
    """The contacts' moment (stored as « at ») was shown empty (« — Appel… »); a member's
    role read « titulaire du bail , né(e) le … »."""
    summaries_freeze_many(items=[cf.item], by=cf.secretariat)
    cf.item.refresh_from_db()
    text = pdf_text(pdf.summary_pdf(item=cf.item, membership=cf.secretariat))
    assert "03/02/2025 — Appel téléphonique" in text and "20/01/2025 — SMS" in text
    assert " , né(e)" not in text and ", né(e) le" in text
    login_as(cf.secretariat)
    html = " ".join(
        client.get(f"/commissions/dossiers/{cf.item.pk}/synthese/").content.decode().split()
    )
    assert "03/02/2025 — Appel téléphonique" in html and " , né(e)" not in html


@pytest.mark.django_db
def test_an_amount_never_wraps_before_its_euro_sign(cf):
    """In the summary's narrow columns, « 1 376,00 » then « € » alone on the next line:
    every amount is tied to its sign by a non-breaking space."""
    import re

    summaries_freeze_many(items=[cf.item], by=cf.secretariat)
    cf.item.refresh_from_db()
    html = pdf.summary_html(item=cf.item, membership=cf.secretariat)
    assert "&nbsp;€" in html
    found = re.search(r".{80}\d[ \t\n]+€", html, re.S)
    assert not found, found and found.group(0)
