"""The access matrix of the follow-up's API and of the measures' steps on the timeline:
every organisation type × involvement state (× role for the page).

Expected, written from the decisions (docs/decisions/2026-12-01-follow-up-access.md,
2026-12-01-follow-up-api.md, 2026-12-01-measure-steps-on-the-timeline.md), not from the
code:

- a file the organisation may not read: 404 on both operations, same message as an
  unknown id, nothing journaled on the file, nothing written;
- ``GET /menages/{id}/suivi``: the plans for every reader of the file; the DSF's life,
  measures, contacts and referrals for every involved organisation but landlords (and
  the secretariat); the contacts' « précision » (``objet_precision``) the same but for
  the préfecture (null); the DSF's content for nobody (a token is never a social worker);
- ``POST /plans/{id}/versements``: recorded for a landlord, a bailiff or the secretariat
  that reads the file; 403 for another reader;
- the file page: the measures' steps on the procedure's timeline exactly for the readers
  of the follow-up — never for a landlord, in any role.
"""

import datetime
import json
import re

import pytest
from django.utils import timezone

from prevex.accounts.models import OrganisationType, Role
from prevex.api.services import api_token_create
from prevex.audit.models import AccessLog
from prevex.core import clock
from prevex.support import services
from prevex.support.models import DsfDesignation, Payment
from tests.factories import HouseholdFactory, MembershipFactory, OrganisationFactory, departement
from tests.households.test_access_matrix import make_membership
from tests.support.conftest import TODAY, open_procedure, record_follow_up

LANDLORDS = {OrganisationType.BAILLEUR_SOCIAL, OrganisationType.BAILLEUR_PRIVE}
PAYERS = LANDLORDS | {OrganisationType.COMMISSAIRE_JUSTICE, OrganisationType.ETAT_CCAPEX}
STATES = ["active", "none", "ended", "future", "other_departement"]
CONTENT = ["DSF-AVIS-SENTINELLE", "DSF-CAUSE-SENTINELLE"]
STEP = "Accompagnement social lié au logement (ASLL) : demandé"
NOTE = "PRECISION-CONTACT-SENTINELLE"


def sees_file(org_type, state) -> bool:
    if state == "other_departement":
        return False
    return state == "active" or org_type == OrganisationType.ETAT_CCAPEX


def reads_follow_up(org_type, state) -> bool:
    # The bailiff acts for the landlord: no follow-up either.
    return sees_file(org_type, state) and org_type not in PAYERS - {OrganisationType.ETAT_CCAPEX}


# Those who decide on the household (concours de la force publique, the judgment, the
# admissibility of an over-indebtedness file) decide on the diagnostic, not on the social
# workers' notes of each contact (docs/decisions/2026-12-06-prefecture-reads-no-contact-notes.md).
DECIDERS = {
    OrganisationType.PREFECTURE,
    OrganisationType.TRIBUNAL,
    OrganisationType.BANQUE_DE_FRANCE,
}


def reads_contact_notes(org_type, state) -> bool:
    # The préfecture decides the concours on the diagnostic, not on the contacts' notes.
    return reads_follow_up(org_type, state) and org_type not in DECIDERS


@pytest.fixture
def followed(db):
    clock.freeze(TODAY)
    departement("93")
    household = HouseholdFactory()
    procedure = open_procedure(household)
    designated = OrganisationFactory(type=OrganisationType.CD_SOCIAL, name="Désignée")
    DsfDesignation.objects.create(departement_id="93", organisation=designated)
    author = MembershipFactory(organisation=designated, role=Role.TRAVAILLEUR_SOCIAL)
    plan = record_follow_up(household, procedure, author)
    services.contact_record(
        household=household, by=author, channel="TELEPHONE", direction="ENTRANT",
        at=timezone.now() - datetime.timedelta(hours=1), purpose="AUTRE",
        purpose_detail=NOTE, outcome="JOINT",
    )  # fmt: skip
    return household, plan


@pytest.mark.django_db
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("org_type", OrganisationType.values)
def test_follow_up_api_matrix(org_type, state, followed, client):
    household, plan = followed
    membership = make_membership(org_type, Role.AGENT, state, household)
    organisation = membership.organisation
    _, clear = api_token_create(organisation=organisation, name="Logiciel", by=None)
    headers = {"Authorization": f"Bearer {clear}"}
    sees, follow_up = sees_file(org_type, state), reads_follow_up(org_type, state)

    response = client.get(f"/api/v1/menages/{household.pk}/suivi", headers=headers)
    text = response.content.decode()
    for secret in CONTENT:
        assert secret not in text
    if not sees:
        assert (response.status_code, response.json()) == (404, {"detail": "Dossier introuvable."})
    else:
        assert response.status_code == 200
        body = response.json()
        assert [p["id"] for p in body["plans"]] == [plan.pk]
        sections = ("dsf", "dispositifs", "contacts", "orientations")
        assert all((body[name] is not None) is follow_up for name in sections), body
        assert ("ASLL" in text) is follow_up
        # The contacts' « précision »: null for a follow-up reader without the notes.
        notes = reads_contact_notes(org_type, state)
        assert (NOTE in text) is notes
        if follow_up:
            details = {c["objet_precision"] for c in body["contacts"]}
            assert details == ({NOTE, ""} if notes else {None}), details
    journaled = AccessLog.objects.filter(
        organisation=organisation, household_id=household.pk
    ).count()
    assert journaled == (1 if sees else 0)

    response = client.post(
        f"/api/v1/plans/{plan.pk}/versements",
        json.dumps({"date": "2025-03-01", "montant": "50"}),
        content_type="application/json",
        headers=headers,
    )
    if not sees:
        expected = 404
    elif org_type in PAYERS:
        expected = 201
    else:
        expected = 403
    assert response.status_code == expected, response.content
    assert Payment.objects.filter(plan=plan).count() == (1 if expected == 201 else 0)
    if expected == 404:
        assert str(household.pk) not in response.content.decode()


def _timeline(html: str) -> str:
    blocks = re.findall(r'<ol class="prevex-timeline".*?</ol>', html, flags=re.S)
    return re.sub(r"\s+", " ", " ".join(blocks))


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["active", "none", "other_departement"])
@pytest.mark.parametrize("role", [Role.AGENT, Role.TRAVAILLEUR_SOCIAL])
@pytest.mark.parametrize("org_type", OrganisationType.values)
def test_measure_steps_on_the_timeline_matrix(org_type, role, state, followed, client, login_as):
    household, _ = followed
    membership = make_membership(org_type, role, state, household)
    login_as(membership)
    response = client.get(f"/menages/{household.pk}/")
    assert response.status_code == (200 if sees_file(org_type, state) else 404)
    timeline = _timeline(response.content.decode())
    assert (STEP in timeline) is reads_follow_up(org_type, state)
    assert ('data-kind="dispositif"' in timeline) is reads_follow_up(org_type, state)
