"""Data-subject export: the secretariat gets everything about the household and who read
it, journaled; every other organisation type gets a 404, involved or not (the access
matrix, extended to this export)."""

import json

import pytest

from prevex.access.models import InvolvementReason
from prevex.access.services import involvement_add
from prevex.accounts.models import OrganisationType, Role
from prevex.audit.models import AccessAction, AccessLog
from prevex.audit.services import log_file_view
from tests.factories import MembershipFactory, OrganisationFactory
from tests.lifecycle.conftest import TODAY

pytestmark = pytest.mark.django_db


def test_the_secretariat_exports_everything_and_who_read_it(client, login_as, ccapex, files):
    household = files["old"]
    reader = MembershipFactory(organisation__name="CAF de la Seine-Saint-Denis")
    log_file_view(membership=reader, household_id=household.pk)
    login_as(ccapex)
    page = client.get(f"/menages/{household.pk}/")
    assert "donnees-personnelles.json" in page.content.decode()

    response = client.get(f"/menages/{household.pk}/donnees-personnelles.json")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert f"donnees-{household.reference}.json" in response["Content-Disposition"]
    document = json.loads(response.content)
    assert [m["last_name"] for m in document["membres"]] == ["Benali"]
    assert document["membres"][0]["birth_date"] == "1985-04-12"
    assert [c["value"] for c in document["moyens_de_contact"]] == ["0601020304"]
    assert document["procedures"][0]["actes"][-1]["notes"] == "Loyer en retard"
    assert "CAF de la Seine-Saint-Denis" in {c["organisation"] for c in document["consultations"]}
    assert document["modifications"]  # the history of writes, with its authors
    assert "search_text" not in document["menage"]
    # Other households' data are not in it.
    for other in (files["recent"], files["current"]):
        assert other.reference not in response.content.decode()

    export = AccessLog.objects.filter(household_id=household.pk, action=AccessAction.EXPORT)
    assert [(e.user_id, e.organisation_id) for e in export] == [
        (ccapex.user_id, ccapex.organisation_id)
    ]


@pytest.mark.parametrize(
    "org_type", [t for t in OrganisationType.values if t != OrganisationType.ETAT_CCAPEX]
)
@pytest.mark.parametrize("involved", [False, True])
def test_no_other_organisation_gets_it_even_involved(
    client, login_as, ccapex, files, org_type, involved
):
    household = files["old"]
    membership = MembershipFactory(
        organisation=OrganisationFactory(type=org_type), role=Role.TRAVAILLEUR_SOCIAL
    )
    if involved:
        involvement_add(
            household=household,
            organisation=membership.organisation,
            reason=InvolvementReason.ORIENTATION,
            starts_on=TODAY,
            by=ccapex,
        )
    login_as(membership)
    before = AccessLog.objects.count()
    for suffix in ("json", "pdf"):
        response = client.get(f"/menages/{household.pk}/donnees-personnelles.{suffix}")
        assert response.status_code == 404
        assert "Benali" not in response.content.decode()
    assert AccessLog.objects.count() == before


def test_the_secretariat_of_another_departement_does_not_get_it(client, login_as, files):
    from tests.factories import commune

    commune("75056", "Paris", "75001")
    other = MembershipFactory(organisation=OrganisationFactory(ccapex=True, other_departement=True))
    login_as(other)
    assert client.get(f"/menages/{files['old'].pk}/donnees-personnelles.json").status_code == 404


def test_the_export_asks_for_the_password_again(client, login_as, ccapex, files):
    """A nominative export: re-authentication first (tests/pages/test_export_reauth.py)."""
    household = files["old"]
    login_as(ccapex, reauthenticated=False)
    url = f"/menages/{household.pk}/donnees-personnelles.json"
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/comptes/confirmation/")
    assert not AccessLog.objects.filter(action=AccessAction.EXPORT).exists()


def test_the_same_export_as_a_pdf_with_the_rectification_path(client, login_as, ccapex, files):
    from prevex.lifecycle.subject import RECTIFICATION, subject_export
    from prevex.lifecycle.subject_pdf import subject_sections

    household = files["old"]
    login_as(ccapex)
    page = client.get(f"/menages/{household.pk}/").content.decode()
    assert "donnees-personnelles.pdf" in page
    response = client.get(f"/menages/{household.pk}/donnees-personnelles.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "no-store" in response["Cache-Control"]
    assert f"donnees-{household.reference}.pdf" in response["Content-Disposition"]
    export = AccessLog.objects.get(action=AccessAction.EXPORT, household_id=household.pk)
    assert export.what.endswith(", PDF")
    # What the PDF lays out: every section of the JSON document, the acts included.
    document = subject_export(household)
    assert document["rectification"] == RECTIFICATION
    sections = dict(subject_sections(document))
    assert ("last_name", "Benali") in sections["Membres du ménage"][0]
    assert ("notes", "Loyer en retard") in sections["Actes des procédures"][-1]
    assert sections["Consultations (journal des accès)"]


def test_the_pdf_is_refused_like_the_json(client, login_as, files):
    from tests.factories import commune

    commune("75056", "Paris", "75001")
    other = MembershipFactory(organisation=OrganisationFactory(ccapex=True, other_departement=True))
    login_as(other)
    assert client.get(f"/menages/{files['old'].pk}/donnees-personnelles.pdf").status_code == 404
    session = client.session
    del session["prevex_reauth_at"]
    session.save()
    response = client.get(f"/menages/{files['old'].pk}/donnees-personnelles.pdf")
    assert response["Location"].startswith("/comptes/confirmation/")
