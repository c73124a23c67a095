"""The access matrix: role × organisation type × involvement state × field group.

The expected table below is written from the access rules of docs/architecture.md, not from
prevex's own perms module, so that a change in the code that widens access fails here.
Each cell is checked in the HTML of the file page, in the dashboard, in the CSV export,
in the search, and through URLs guessed by id.

The rest of the matrix lives in tests/access/: the act matrix (every organisation type ×
act types, through the form, by URL, the import and the API), the involvement gate
(« nouvel intervenant » for every organisation type, through the import page and the
API) and the access rules (landlord of record, bailiff of the open procedure).
"""

import datetime
from decimal import Decimal

import pytest

from prevex.accounts.models import OrganisationType, Role
from prevex.audit.models import AccessLog
from prevex.core import clock
from prevex.households.models import (
    ContactChannel,
    ContactKind,
    Member,
    MemberRole,
    Vulnerability,
    VulnerabilityKind,
)
from prevex.procedures.models import Event, Procedure, Stage
from tests.factories import (
    HouseholdFactory,
    InvolvementFactory,
    MemberFactory,
    MembershipFactory,
    OrganisationFactory,
    commune,
    departement,
)

TODAY = datetime.date(2025, 3, 10)

# One sentinel string per field group, placed only in fields of that group.
SENTINELS = {
    "LEASE": ["ZORGLUB", "7 rue des Sentinelles"],
    "IDENTITY": ["14/07/1977", "06 11 22 33 44", "Enfantsentinelle"],
    "PROCEDURE": ["NOTE-ACTE-SENTINELLE", "777,77"],
    "SOCIAL": ["RESSOURCES-SENTINELLE", "EVALUATION-SENTINELLE"],
    "HEALTH": ["VULNERABILITE-SENTINELLE"],
}
ALL = frozenset(SENTINELS)
LANDLORD_VIEW = frozenset({"LEASE", "PROCEDURE"})
PARTNER_VIEW = frozenset({"LEASE", "IDENTITY", "PROCEDURE"})
SOCIAL_WORK_TYPES = {
    OrganisationType.CD_SOCIAL,
    OrganisationType.CCAS,
    OrganisationType.EMPEX,
    OrganisationType.ASSOCIATION,
    OrganisationType.CAF,
    OrganisationType.SIAO,
}
INVOLVEMENT_STATES = ["none", "active", "ended", "future", "other_departement"]
# Who serves an assignation: the bailiff, or the secretariat keying it in.
ASSIGNATION_SENDERS = {OrganisationType.ETAT_CCAPEX, OrganisationType.COMMISSAIRE_JUSTICE}


def expected_groups(org_type: str, role: str, state: str) -> frozenset:
    if state == "other_departement":
        return frozenset()
    if org_type == OrganisationType.ETAT_CCAPEX:
        return ALL
    if state != "active":
        return frozenset()
    if org_type in (OrganisationType.BAILLEUR_SOCIAL, OrganisationType.BAILLEUR_PRIVE):
        return LANDLORD_VIEW
    if org_type in SOCIAL_WORK_TYPES and role == Role.TRAVAILLEUR_SOCIAL:
        return ALL
    return PARTNER_VIEW


CASES = [
    (org_type, role, state)
    for org_type in OrganisationType.values
    for role in (Role.AGENT, Role.TRAVAILLEUR_SOCIAL, Role.RESPONSABLE)
    for state in INVOLVEMENT_STATES
]


@pytest.fixture
def sentinel_household(db):
    clock.freeze(TODAY)
    departement("93")
    household = HouseholdFactory(
        address="7 rue des Sentinelles",
        rent=Decimal("777.77"),
        resources_note="RESSOURCES-SENTINELLE",
        social_evaluation="EVALUATION-SENTINELLE",
        monthly_resources=Decimal("1234.00"),
    )
    MemberFactory(
        household=household,
        last_name="Zorglub",
        first_name="Aline",
        birth_date=datetime.date(1977, 7, 14),
    )
    Member.objects.create(
        household=household,
        role=MemberRole.ENFANT,
        last_name="Zorglub",
        first_name="Enfantsentinelle",
        birth_date=datetime.date(2015, 2, 1),
    )
    ContactChannel.objects.create(
        household=household, kind=ContactKind.TELEPHONE, value="06 11 22 33 44"
    )
    Vulnerability.objects.create(
        household=household,
        kind=VulnerabilityKind.SANTE,
        note="VULNERABILITE-SENTINELLE",
        recorded_on=datetime.date(2025, 1, 5),
    )
    household.search_text = "zorglub aline | 7 rue des sentinelles saint denis"
    household.save()
    procedure = Procedure.objects.create(
        household=household,
        departement_id="93",
        opened_on=datetime.date(2024, 11, 2),
        stage=Stage.CDP,
        stage_date=datetime.date(2024, 11, 2),
        current_debt=Decimal("2100.00"),
    )
    Event.objects.create(
        procedure=procedure,
        stage=Stage.CDP,
        date=datetime.date(2024, 11, 2),
        debt_amount=Decimal("2100.00"),
        notes="NOTE-ACTE-SENTINELLE",
    )
    return household, procedure


def make_membership(org_type, role, state, household):
    if state == "other_departement":
        commune("75056", "Paris", "75001")
        org = OrganisationFactory(type=org_type, other_departement=True)
    else:
        org = OrganisationFactory(type=org_type)
    membership = MembershipFactory(organisation=org, role=role)
    periods = {
        "active": (datetime.date(2024, 12, 1), None),
        "ended": (datetime.date(2024, 1, 1), datetime.date(2025, 3, 9)),
        "future": (datetime.date(2025, 4, 1), None),
        "other_departement": (datetime.date(2024, 12, 1), None),
    }
    if state in periods:
        starts_on, ends_on = periods[state]
        InvolvementFactory(
            household=household, organisation=org, starts_on=starts_on, ends_on=ends_on
        )
    return membership


def visible_groups(html: str) -> frozenset:
    seen = set()
    for group, values in SENTINELS.items():
        present = [v in html for v in values]
        if any(present):
            seen.add(group)
    return frozenset(seen)


@pytest.mark.django_db
@pytest.mark.parametrize(("org_type", "role", "state"), CASES)
def test_file_page_shows_exactly_the_allowed_groups(
    org_type, role, state, sentinel_household, client, login_as
):
    household, procedure = sentinel_household
    membership = make_membership(org_type, role, state, household)
    login_as(membership)
    expected = expected_groups(org_type, role, state)

    response = client.get(f"/menages/{household.pk}/")
    if not expected:
        assert response.status_code == 404
        assert "ZORGLUB" not in response.content.decode()
        assert not AccessLog.objects.filter(household_id=household.pk).exists()
        return
    assert response.status_code == 200
    html = response.content.decode()
    assert visible_groups(html) == expected
    # Every sentinel of every allowed group is there (nothing silently hidden either).
    for group in expected:
        for value in SENTINELS[group]:
            assert value in html, (group, value)
    log = AccessLog.objects.get(household_id=household.pk)
    assert (log.user_id, log.organisation_id, log.action) == (
        membership.user_id,
        membership.organisation_id,
        "VIEW",
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("org_type", "role", "state"), CASES)
def test_lists_exports_search_and_guessed_urls(
    org_type, role, state, sentinel_household, client, login_as
):
    household, procedure = sentinel_household
    membership = make_membership(org_type, role, state, household)
    login_as(membership)
    expected = expected_groups(org_type, role, state)
    visible = bool(expected)

    dashboard = client.get("/dossiers/?status=tous").content.decode()
    assert ("ZORGLUB" in dashboard) is visible
    export = b"".join(client.get("/menages/export.csv?status=tous").streaming_content).decode()
    assert ("Zorglub" in export) is visible
    beyond_list = ALL - {"LEASE", "PROCEDURE"}
    for group in beyond_list:
        for value in SENTINELS[group]:
            assert value not in dashboard and value not in export

    search = client.get("/menages/recherche/?q=zorglub").content.decode()
    assert (f"/menages/{household.pk}/" in search) is visible

    edit = client.get(f"/menages/{household.pk}/modifier/")
    assert edit.status_code == (200 if "IDENTITY" in expected else 404)

    social = client.post(
        f"/menages/{household.pk}/evaluation-sociale/",
        {"monthly_resources": "1", "resources_note": "x", "social_evaluation": "écrasée"},
    )
    assert social.status_code == (302 if "SOCIAL" in expected else 404)
    vulnerability = client.post(
        f"/menages/{household.pk}/vulnerabilites/",
        {"kind": "HANDICAP", "note": "ajoutée", "recorded_on": "2025-03-01"},
    )
    assert vulnerability.status_code == (302 if "HEALTH" in expected else 404)
    assert Vulnerability.objects.filter(household=household).count() == (
        2 if "HEALTH" in expected else 1
    )

    record = client.post(
        f"/procedures/{procedure.pk}/actes/",
        {"stage": "ASSIGNATION", "date": "2025-03-01", "hearing_date": "2025-09-01"},
    )
    if "PROCEDURE" not in expected:
        assert record.status_code == 404
        assert Event.objects.filter(procedure=procedure).count() == 1
    elif org_type in ASSIGNATION_SENDERS:  # the act matrix (tests/access/test_act_matrix.py)
        assert record.status_code != 403
    else:
        assert record.status_code == 403
        assert Event.objects.filter(procedure=procedure).count() == 1

    # a missed instalment: a reader of the procedure gets the form back (no plan here),
    # anyone else a 404, whatever the date sent
    missed = client.post(
        f"/procedures/{procedure.pk}/echeance-impayee/", {"missed_on": "2025-03-05"}
    )
    assert missed.status_code == (422 if "PROCEDURE" in expected else 404)
    assert not Event.objects.filter(
        procedure=procedure, instalment_missed_on__isnull=False
    ).exists()


@pytest.mark.django_db
def test_access_journal_refuses_updates_and_deletes(sentinel_household, client, login_as):
    from prevex.audit.models import AppendOnlyError

    household, _ = sentinel_household
    ccapex = MembershipFactory(organisation=OrganisationFactory(ccapex=True))
    login_as(ccapex)
    client.get(f"/menages/{household.pk}/")
    log = AccessLog.objects.get(household_id=household.pk)
    with pytest.raises(AppendOnlyError):
        log.save()
    with pytest.raises(AppendOnlyError):
        log.delete()
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.filter(pk=log.pk).update(what="modifié")
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.filter(pk=log.pk).delete()
    assert AccessLog.objects.get(pk=log.pk).what == "Dossier du ménage"


@pytest.mark.django_db(transaction=True)
def test_database_trigger_refuses_raw_updates(sentinel_household, client, login_as):
    from django.db import DatabaseError, connection

    household, _ = sentinel_household
    ccapex = MembershipFactory(organisation=OrganisationFactory(ccapex=True))
    login_as(ccapex)
    client.get(f"/menages/{household.pk}/")
    with pytest.raises(DatabaseError), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_accesslog SET what = 'x'")
