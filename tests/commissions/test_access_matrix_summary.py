"""The access matrix of the summary, the minutes and the letter: organisation type × role
× the reader's relation to the commission and the file, over HTTP (page, PDFs).

Expected, written from the decision (docs/decisions/2026-12-01-commission-summary.md),
not from the code:
- the summary (page and PDF): whoever reads the file today, with only the sections of the
  groups it holds today, the contacts' « précision » for every follow-up reader but the
  préfecture; a member organisation reads it through its COMMISSION
  involvement (the session's window), then no more; anyone else gets 404 and nothing;
- the minutes: the commission's secretariat and its members (of the département); the
  households' names only where the reader reads the file;
- the letter to the household: the secretariat only;
- every document sent is journaled for the reader.
"""

import datetime

import pytest

from prevex.access.models import Involvement, InvolvementReason
from prevex.accounts.models import OrganisationType, Role
from prevex.audit.models import AccessAction, AccessLog
from tests.factories import MembershipFactory, OrganisationFactory, commune

from .summary_fixtures import WINDOW, build_commission_file
from .test_pdf_summary import deliberated

LANDLORDS = {OrganisationType.BAILLEUR_SOCIAL, OrganisationType.BAILLEUR_PRIVE}
SOCIAL_WORK = {
    OrganisationType.CD_SOCIAL,
    OrganisationType.CCAS,
    OrganisationType.EMPEX,
    OrganisationType.ASSOCIATION,
    OrganisationType.CAF,
    OrganisationType.SIAO,
}
SENTINELS = {
    "LEASE": "7 rue des Sentinelles",
    "IDENTITY": "Enfantsentinelle",
    "PROCEDURE": "Commandement de payer",
    "SOCIAL": "EVALUATION-SENTINELLE",
    "HEALTH": "SANTE-SENTINELLE",
    "SUIVI": "AVIS-PREMIERE-SEANCE",
}
STATES = ["outsider", "member", "member_window", "member_after", "other_departement"]
CASES = [
    (org_type, role, state)
    for org_type in OrganisationType.values
    for role in (Role.AGENT, Role.TRAVAILLEUR_SOCIAL)
    for state in STATES
]


def expected_groups(org_type, role, state) -> set:
    if state == "other_departement":
        return set()
    if org_type == OrganisationType.ETAT_CCAPEX:
        return set(SENTINELS)
    if state != "member_window":
        return set()
    if org_type in LANDLORDS:
        return {"LEASE", "PROCEDURE"}
    if org_type in SOCIAL_WORK and role == Role.TRAVAILLEUR_SOCIAL:
        return set(SENTINELS)
    if org_type == OrganisationType.COMMISSAIRE_JUSTICE:
        return {"LEASE", "IDENTITY", "PROCEDURE"}  # the landlord's agent: no follow-up
    return {"LEASE", "IDENTITY", "PROCEDURE", "SUIVI"}


# The contacts' « précision » (the social worker's words): every reader of the follow-up
# but the préfecture (docs/decisions/2026-12-06-prefecture-reads-no-contact-notes.md).
CONTACT_NOTE = "CONTACT-SENTINELLE"


# Those who decide on the household (concours de la force publique, the judgment, the
# admissibility of an over-indebtedness file) decide on the diagnostic, not on the social
# workers' notes of each contact (docs/decisions/2026-12-06-prefecture-reads-no-contact-notes.md).
DECIDERS = {
    OrganisationType.PREFECTURE,
    OrganisationType.TRIBUNAL,
    OrganisationType.BANQUE_DE_FRANCE,
}


def reads_contact_notes(org_type, role, state) -> bool:
    return "SUIVI" in expected_groups(org_type, role, state) and (org_type not in DECIDERS)


def reads_minutes(org_type, state) -> bool:
    if state == "other_departement":
        return False
    return org_type == OrganisationType.ETAT_CCAPEX or state.startswith("member")


def reader(cf, org_type, role, state):
    if state == "other_departement":
        commune("75056", "Paris", "75001")
        org = OrganisationFactory(type=org_type, other_departement=True)
    else:
        org = OrganisationFactory(type=org_type)
    if state != "outsider":
        cf.commission.members.add(org)
    periods = {
        "member_window": WINDOW,
        "member_after": (WINDOW[0], datetime.date(2025, 3, 9)),
        "other_departement": WINDOW,
    }
    if state in periods:
        Involvement.objects.create(
            household=cf.household, organisation=org, reason=InvolvementReason.COMMISSION,
            starts_on=periods[state][0], ends_on=periods[state][1],
        )  # fmt: skip
    return MembershipFactory(organisation=org, role=role)


@pytest.mark.django_db
@pytest.mark.parametrize(("org_type", "role", "state"), CASES)
def test_summary_matrix(org_type, role, state, client, login_as):
    cf = build_commission_file()
    deliberated(cf)
    membership = reader(cf, org_type, role, state)
    login_as(membership)
    groups = expected_groups(org_type, role, state)
    item = cf.item.pk
    answers = {
        "page": client.get(f"/commissions/dossiers/{item}/synthese/"),
        "pdf": client.get(f"/commissions/dossiers/{item}/synthese.pdf"),
        "minutes": client.get(f"/commissions/seances/{cf.session.pk}/proces-verbal.pdf"),
        "letter": client.get(f"/commissions/dossiers/{item}/courrier.pdf"),
    }
    assert answers["page"].status_code == (200 if groups else 404)
    assert answers["pdf"].status_code == (200 if groups else 404)
    html = answers["page"].content.decode()
    assert {g for g, sentinel in SENTINELS.items() if sentinel in html} == groups
    notes = reads_contact_notes(org_type, role, state)
    assert (CONTACT_NOTE in html) is notes
    if groups:
        assert answers["pdf"].content.startswith(b"%PDF")
    assert answers["minutes"].status_code == (200 if reads_minutes(org_type, state) else 404)
    secretariat = org_type == OrganisationType.ETAT_CCAPEX and state != "other_departement"
    assert answers["letter"].status_code == (200 if secretariat else 404)
    # Journal: every document sent, for this reader and this file.
    logged = AccessLog.objects.filter(
        organisation_id=membership.organisation_id, household_id=cf.household.pk
    )
    assert logged.filter(action=AccessAction.VIEW).exists() is bool(groups)
    exports = logged.filter(action=AccessAction.EXPORT)
    expected_exports = (
        (1 if groups else 0)
        + (1 if reads_minutes(org_type, state) and "LEASE" in groups else 0)
        + (1 if secretariat else 0)
    )
    assert exports.count() == expected_exports


@pytest.mark.django_db
def test_the_minutes_ask_for_a_recent_confirmation_the_summary_does_not(client, login_as):
    cf = build_commission_file()
    login_as(cf.secretariat, reauthenticated=False)
    minutes = client.get(f"/commissions/seances/{cf.session.pk}/proces-verbal.pdf")
    assert minutes.status_code == 302 and "/confirmation/" in minutes["Location"]
    summary = client.get(f"/commissions/dossiers/{cf.item.pk}/synthese.pdf")
    assert summary.status_code == 200
    assert f"fiche-synthese-{cf.household.reference}.pdf" in summary["Content-Disposition"]
    assert "no-store" in summary["Cache-Control"]  # nominative: never kept by a cache


@pytest.mark.django_db
def test_unknown_ids_answer_404(client, login_as):
    cf = build_commission_file()
    login_as(cf.secretariat)
    for url in (
        "/commissions/dossiers/999999/synthese/",
        "/commissions/dossiers/999999/synthese.pdf",
        "/commissions/dossiers/999999/courrier.pdf",
        "/commissions/seances/999999/proces-verbal.pdf",
    ):
        assert client.get(url).status_code == 404, url
    page = client.get(f"/commissions/dossiers/{cf.item.pk}/synthese/").content.decode()
    assert "Fiche provisoire" in page
    assert f"/commissions/dossiers/{cf.item.pk}/synthese.pdf" in page
