"""The access matrix, extended to the work lists: organisation type × role × involvement
state, for the home page « À faire » (HTML and its htmx fragment), the header's count,
manual tasks (create, assign, done) and the journal.

Expected, from docs/decisions/2026-12-01-work-lists.md: a task is listed only to the
organisation it is for, and only while that organisation may see the file (the gate:
involved today, or the secretariat of the département); manual tasks are SUIVI data,
written only by the readers of the follow-up; another organisation's task is a 404.
"""

import pytest

from prevex.accounts.models import Role
from prevex.audit.models import AccessLog
from prevex.support.models import Alert
from tests.factories import HouseholdFactory, MembershipFactory, OrganisationFactory, departement
from tests.households.test_access_matrix import make_membership

from .conftest import TODAY, open_procedure
from .test_access_matrix import CASES, reads_follow_up, sees_file

HTMX = {"HTTP_HX_REQUEST": "true"}


def _task(household, organisation, message, kind="ECHEANCE_PROCEDURE"):
    return Alert.objects.create(
        kind=kind, household=household, departement_id=household.departement_id,
        organisation=organisation, message=message, due_on=TODAY, raised_on=TODAY,
    )  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(("org_type", "role", "state"), CASES)
def test_work_list_matrix(org_type, role, state, client, login_as):
    from prevex.core import clock

    clock.freeze(TODAY)
    departement("93")
    household = HouseholdFactory()
    open_procedure(household)
    membership = make_membership(org_type, role, state, household)
    own = _task(household, membership.organisation, "TACHE-PROPRE")
    other_org = OrganisationFactory(type=org_type)
    foreign = _task(household, other_org, "TACHE-AUTRE", kind="MANUELLE")
    login_as(membership)
    visible = sees_file(org_type, state)

    for headers in ({}, HTMX):
        response = client.get("/", **headers)
        assert response.status_code == 200
        html = response.content.decode()
        assert ("TACHE-PROPRE" in html) is visible
        assert "TACHE-AUTRE" not in html
    page = client.get("/").content.decode()
    assert f'id="open-task-count">{1 if visible else 0}<' in page
    assert AccessLog.objects.filter(
        organisation_id=membership.organisation_id, what="Liste « à faire »"
    ).exists()

    # Another organisation's manual task: not on the file page either.
    file_page = client.get(f"/menages/{household.pk}/")
    assert "TACHE-AUTRE" not in file_page.content.decode()
    # Another organisation's task: never reachable.
    assert client.post(f"/suivi/taches/{foreign.pk}/faite/").status_code == 404
    assert client.post(f"/suivi/taches/{foreign.pk}/confier/", {}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.resolved_on is None
    # Its own task: assignable while it sees the file, to one of its members only.
    colleague = MembershipFactory(organisation=membership.organisation)
    answer = client.post(f"/suivi/taches/{own.pk}/confier/", {"assigned_to": colleague.user_id})
    assert answer.status_code == (302 if visible else 404)
    own.refresh_from_db()
    assert (own.assigned_to_id == colleague.user_id) is visible

    # Manual tasks on the file: readers of the follow-up only; nothing written otherwise.
    before = Alert.objects.filter(kind="MANUELLE").count()
    answer = client.post(
        "/suivi/taches/nouvelle/", {"reference": household.reference, "title": "Rappeler"}
    )
    follow_up = reads_follow_up(org_type, role, state)
    assert answer.status_code == (302 if follow_up else 422)
    if not follow_up:
        assert "Dossier introuvable, ou que votre organisme ne suit pas." in answer.content.decode()
    assert Alert.objects.filter(kind="MANUELLE").count() == before + (1 if follow_up else 0)
    assert role in (Role.AGENT, Role.TRAVAILLEUR_SOCIAL)
