"""The access matrix of the follow-up: organisation type × role × involvement state, for
every new object (contacts, DSF life, DSF content, measures, alerts) in every form: the
file page's « Suivi » panel, the DSF page, its PDF export, the htmx form fragments, the
POSTs, the alerts page and the history of writes.

Expected, written from the decision (docs/decisions/2026-12-01-follow-up-access.md), not
from the code: the follow-up (SUIVI) is read by every involved organisation but landlords,
and by the secretariat; the contacts' « précision » by the same but the préfecture
(docs/decisions/2026-12-06-prefecture-reads-no-contact-notes.md); the DSF's content (SOCIAL) by the involved social workers of the
social-work organisation types and by the secretariat. The API exposes no DSF content
(checked below on the OpenAPI schema; its follow-up read is in tests/access/).
"""

import datetime

import pytest
from django.utils import timezone

from prevex.accounts.models import OrganisationType, Role
from prevex.audit.models import AccessLog
from prevex.core import clock
from prevex.support import services
from prevex.support.models import Alert, Contact, DsfDesignation, Measure, Payment
from tests.factories import HouseholdFactory, OrganisationFactory, departement
from tests.households.test_access_matrix import (
    INVOLVEMENT_STATES,
    SOCIAL_WORK_TYPES,
    make_membership,
)

from .conftest import TODAY, open_procedure

HTMX = {"HTTP_HX_REQUEST": "true"}
LANDLORDS = {OrganisationType.BAILLEUR_SOCIAL, OrganisationType.BAILLEUR_PRIVE}
CONTENT = ["DSF-AVIS-SENTINELLE", "DSF-CAUSE-SENTINELLE"]
FOLLOW_UP = ["MESURE-SENTINELLE", "DSF demandé", "Non joint"]
NOTES = ["CONTACT-SENTINELLE"]  # a contact's « précision », the social worker's words


def reads_follow_up(org_type, role, state) -> bool:
    if state == "other_departement":
        return False
    if org_type == OrganisationType.ETAT_CCAPEX:
        return True
    # The bailiff acts for the landlord: no follow-up either.
    return state == "active" and org_type not in LANDLORDS | {OrganisationType.COMMISSAIRE_JUSTICE}


# Those who decide on the household (concours de la force publique, the judgment, the
# admissibility of an over-indebtedness file) decide on the diagnostic, not on the social
# workers' notes of each contact (docs/decisions/2026-12-06-prefecture-reads-no-contact-notes.md).
DECIDERS = {
    OrganisationType.PREFECTURE,
    OrganisationType.TRIBUNAL,
    OrganisationType.BANQUE_DE_FRANCE,
}


def reads_contact_notes(org_type, role, state) -> bool:
    # The préfecture decides the concours de la force publique on the diagnostic, not on
    # the notes of each call (docs/decisions/2026-12-06-prefecture-reads-no-contact-notes.md).
    return reads_follow_up(org_type, role, state) and org_type not in DECIDERS


def reads_dsf_content(org_type, role, state) -> bool:
    if state == "other_departement":
        return False
    if org_type == OrganisationType.ETAT_CCAPEX:
        return True
    return state == "active" and org_type in SOCIAL_WORK_TYPES and role == Role.TRAVAILLEUR_SOCIAL


def sees_file(org_type, state) -> bool:
    return state == "active" or (
        org_type == OrganisationType.ETAT_CCAPEX and state != "other_departement"
    )


CASES = [
    (org_type, role, state)
    for org_type in OrganisationType.values
    for role in (Role.AGENT, Role.TRAVAILLEUR_SOCIAL)
    for state in INVOLVEMENT_STATES
]


@pytest.fixture
def followed(db):
    clock.freeze(TODAY)
    departement("93")
    household = HouseholdFactory()
    procedure = open_procedure(household)
    designated = OrganisationFactory(type=OrganisationType.CD_SOCIAL, name="Désignée")
    DsfDesignation.objects.create(departement_id="93", organisation=designated)
    from tests.factories import MembershipFactory

    author = MembershipFactory(organisation=designated, role=Role.TRAVAILLEUR_SOCIAL)
    dsf = services.dsf_request(procedure=procedure, by=None)
    services.dsf_update_content(
        dsf=dsf,
        by=author,
        opinion="DSF-AVIS-SENTINELLE",
        causes=["SANTE"],
        causes_note="DSF-CAUSE-SENTINELLE",
    )
    services.contact_record(
        household=household, by=author, channel="SMS", direction="SORTANT",
        at=timezone.now() - datetime.timedelta(hours=2), purpose="AUTRE",
        purpose_detail="CONTACT-SENTINELLE", outcome="NON_JOINT",
    )  # fmt: skip
    measure = services.measure_propose(
        household=household, by=author, type_code="FSL_MAINTIEN", note="MESURE-SENTINELLE"
    )
    plan = services.plan_open(
        household=household, by=author, origin="NEGOCIE", starts_on=datetime.date(2025, 1, 5),
        debt_amount="4321.09", instalments=6,
    )  # fmt: skip
    target = OrganisationFactory(type=OrganisationType.ADIL, name="Destinataire-Orientation")
    services.referral_send(household=household, by=author, to_organisation=target, reason="AUTRE")
    household.plan = plan
    return household, dsf, measure


def _seen(html, values):
    return {value for value in values if value in html}


@pytest.mark.django_db
@pytest.mark.parametrize(("org_type", "role", "state"), CASES)
def test_follow_up_matrix(org_type, role, state, followed, client, login_as):
    household, dsf, measure = followed
    membership = make_membership(org_type, role, state, household)
    login_as(membership)
    follow_up = reads_follow_up(org_type, role, state)
    content = reads_dsf_content(org_type, role, state)
    pages = {
        "file": f"/menages/{household.pk}/",
        "dsf": f"/suivi/dsf/{dsf.pk}/",
        "pdf": f"/suivi/dsf/{dsf.pk}/pdf/",
        "contact_form": f"/suivi/menages/{household.pk}/contacts/",
        "measure_form": f"/suivi/menages/{household.pk}/dispositifs/",
        "measure_change": f"/suivi/dispositifs/{measure.pk}/",
        "history": f"/menages/{household.pk}/historique/",
        "plan_form": f"/suivi/menages/{household.pk}/plans/",
        "payment_form": f"/suivi/plans/{household.plan.pk}/versements/",
        "referral_form": f"/suivi/menages/{household.pk}/orientations/",
    }
    answers = {
        name: client.get(url, **(HTMX if name != "file" else {})) for name, url in pages.items()
    }

    # The file page: the « Suivi » panel only for SUIVI readers; never the DSF's content.
    file_page = answers["file"]
    assert file_page.status_code == (200 if sees_file(org_type, state) else 404)
    html = file_page.content.decode()
    assert _seen(html, FOLLOW_UP) == (set(FOLLOW_UP) if follow_up else set())
    notes = reads_contact_notes(org_type, role, state)
    assert _seen(html, NOTES) == (set(NOTES) if notes else set())
    assert ('id="titre-suivi"' in html) is follow_up
    assert not _seen(html, CONTENT)
    # Plans and their compliance: every reader of the file, the landlord included (PROCEDURE).
    # The plan's debt, grouped (a no-break space).
    assert ("4 321,09" in html.replace("\xa0", " ")) is sees_file(org_type, state)
    assert ("Destinataire-Orientation" in html) is follow_up
    for name in ("plan_form", "payment_form"):
        assert answers[name].status_code == (200 if sees_file(org_type, state) else 404), name
    assert answers["referral_form"].status_code == (200 if follow_up else 404)

    # The DSF page: its life for SUIVI readers, its content for SOCIAL ones, else 404.
    assert answers["dsf"].status_code == (200 if follow_up else 404)
    assert _seen(answers["dsf"].content.decode(), CONTENT) == (set(CONTENT) if content else set())
    # The PDF for the court: SOCIAL readers only.
    assert answers["pdf"].status_code == (200 if content else 404)
    if content:
        assert answers["pdf"].content.startswith(b"%PDF")
    # The htmx fragments.
    for name in ("contact_form", "measure_form", "measure_change"):
        assert answers[name].status_code == (200 if follow_up else 404), name
        assert not _seen(answers[name].content.decode(), NOTES), name
    # The history of writes: follow-up entries for SUIVI, the content entry for SOCIAL.
    history = answers["history"].content.decode() if answers["history"].status_code == 200 else ""
    assert ("Contact : sms" in history) is follow_up
    assert _seen(history, NOTES) == (set(NOTES) if notes else set())
    assert ("Contenu du DSF modifié" in history) is content
    assert not _seen(history, CONTENT)

    # Writes: only SUIVI readers, and nothing written otherwise.
    before = Contact.objects.count(), Measure.objects.count()
    client.post(
        pages["contact_form"],
        {"channel": "TELEPHONE", "direction": "SORTANT", "at": "01/03/2025 10:00",
         "purpose": "RELANCE", "outcome": "JOINT"},
    )  # fmt: skip
    client.post(pages["measure_form"], {"type_code": "ASLL", "status": "PROPOSEE"})
    after = Contact.objects.count(), Measure.objects.count()
    assert after == ((before[0] + 1, before[1] + 1) if follow_up else before)
    payments = Payment.objects.count()
    client.post(pages["payment_form"], {"paid_on": "01/03/2025", "amount": "100"})
    payer = org_type in (
        *LANDLORDS,
        OrganisationType.COMMISSAIRE_JUSTICE,
        OrganisationType.ETAT_CCAPEX,
    )
    assert Payment.objects.count() == payments + (1 if payer and sees_file(org_type, state) else 0)
    client.post(f"/suivi/dsf/{dsf.pk}/", {"opinion": "Réécrit"})
    dsf.refresh_from_db()
    assert (dsf.opinion == "Réécrit") is content

    # Every read that answered 200 was journaled for this reader.
    if follow_up:
        assert (
            AccessLog.objects.filter(
                household_id=household.pk, organisation_id=membership.organisation_id
            ).count()
            >= 6
        )
    else:
        assert not AccessLog.objects.filter(
            household_id=household.pk,
            organisation_id=membership.organisation_id,
            what__startswith="DSF",
        ).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("org_type", OrganisationType.values)
def test_alerts_page_shows_only_the_organisations_own_alerts_on_visible_files(
    org_type, followed, client, login_as
):
    household, dsf, _ = followed
    membership = make_membership(org_type, Role.TRAVAILLEUR_SOCIAL, "active", household)
    Alert.objects.create(
        kind="DSF_NON_TRANSMIS", household=household, departement_id="93",
        organisation=membership.organisation, dsf=dsf, message="ALERTE-SENTINELLE",
        due_on=TODAY, raised_on=TODAY,
    )  # fmt: skip
    login_as(membership)
    assert "ALERTE-SENTINELLE" in client.get("/suivi/alertes/").content.decode()
    # Another organisation of the same type, not involved, sees nothing of it.
    other = make_membership(org_type, Role.TRAVAILLEUR_SOCIAL, "none", household)
    login_as(other)
    assert "ALERTE-SENTINELLE" not in client.get("/suivi/alertes/").content.decode()


@pytest.mark.django_db
def test_the_api_exposes_no_dsf_content(client):
    """The API reads the follow-up (tests/access/test_follow_up_api_matrix.py), never the
    DSF's content: no field of it in any answer's schema."""
    schema = client.get("/api/v1/openapi.json").content.decode().lower()
    for word in ("opinion", "avis", "causes", "ressources", "souhait", "droits"):
        assert word not in schema, word


@pytest.mark.django_db
@pytest.mark.parametrize("org_type", OrganisationType.values)
def test_referral_inbox_and_answers(org_type, followed, client, login_as):
    """Only the recipient sees a received referral and answers it; accepting opens the
    file to it and the sender sees « acceptée »."""
    household, _, _ = followed
    recipient = make_membership(org_type, Role.AGENT, "none", household)
    sender = make_membership(OrganisationType.CCAS, Role.AGENT, "active", household)
    referral = services.referral_send(
        household=household, by=sender, to_organisation=recipient.organisation,
        reason="ACCES_DROIT", message="ORIENTATION-SENTINELLE",
    )  # fmt: skip
    stranger = make_membership(org_type, Role.AGENT, "none", household)
    login_as(stranger)
    assert "ORIENTATION-SENTINELLE" not in client.get("/suivi/orientations/").content.decode()
    assert client.post(f"/suivi/orientations/{referral.pk}/accepter/").status_code == 404
    login_as(recipient)
    assert "ORIENTATION-SENTINELLE" in client.get("/suivi/orientations/").content.decode()
    response = client.post(f"/suivi/orientations/{referral.pk}/accepter/")
    assert response.status_code == 302
    assert client.get(f"/menages/{household.pk}/").status_code == 200
    login_as(sender)
    assert "acceptée" in client.get(f"/menages/{household.pk}/").content.decode()
