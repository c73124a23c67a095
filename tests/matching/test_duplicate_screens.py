"""Duplicates as users meet them: the create form finds the existing file (and tells only
those who may read it), the secretariat compares, merges and splits back through its
screens, and nobody else reaches those screens."""

import datetime
from decimal import Decimal

import pytest

from prevex.accounts.models import OrganisationType
from prevex.audit.models import AccessLog
from prevex.households.models import Household, HouseholdKey, Involvement, InvolvementReason
from prevex.matching.models import ClaimStatus, MatchDecision, Outcome
from prevex.matching.name_forms import name_form_learn
from prevex.procedures.models import Outcome as ProcedureOutcome
from prevex.procedures.models import Procedure
from prevex.procedures.services import procedure_close, procedure_open
from tests.factories import MembershipFactory, OrganisationFactory

from .conftest import BIRTH, record

pytestmark = pytest.mark.django_db

CREATE = "/menages/nouveau/"
FORM = {
    "holder_last_name": "Benali",
    "holder_first_name": "Samia",
    "holder_birth_date": "12/04/1985",
    "composition": "MONOPARENTALE",
    "address": "12 avenue de la République",
    "postal_code": "93200",
    "parc": "PRIVE",
    "rent": "600",
    "charges": "40",
}
WARNING = "Ce ménage existe peut-être déjà"


@pytest.fixture
def secretariat(db):
    return MembershipFactory(organisation=OrganisationFactory(ccapex=True))


@pytest.fixture
def existing(make_household):
    """The file already there: Samia Benali, 12 avenue de la République, Saint-Denis."""
    return make_household("Benali", "Samia", BIRTH)


def _partner(org_type, *, involved_in=None, reason=InvolvementReason.ORIENTATION):
    membership = MembershipFactory(organisation=OrganisationFactory(type=org_type))
    if involved_in is not None:
        Involvement.objects.create(
            household=involved_in,
            organisation=membership.organisation,
            reason=reason,
            starts_on=datetime.date(2024, 1, 1),
        )
    return membership


def _procedure(household, day=datetime.date(2025, 3, 3)):
    return procedure_open(
        household=household,
        stage="CDP",
        date=day,
        by=None,
        debt_amount=Decimal("1800"),
        strict=False,
    )


# --- The create form ----------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        {},
        {
            "holder_last_name": "BENALI",
            "holder_first_name": "samia",
            "address": "12 AVENUE DE LA REPUBLIQUE",
        },
        {
            "holder_last_name": "Bénali",
            "holder_first_name": "Sâmia",
            "address": "12 av. République",
        },
        {"holder_birth_date": ""},
    ],
    ids=["same", "case", "accents-and-abbreviation", "no-birth-date"],
)
def test_create_form_shows_the_existing_file_as_a_candidate(
    client, login_as, secretariat, existing, typed
):
    login_as(secretariat)
    response = client.post(CREATE, {**FORM, **typed})

    assert response.status_code == 200
    content = response.content.decode()
    assert WARNING in content
    assert f"Ouvrir le dossier {existing.reference}" in content
    assert f'href="/menages/{existing.pk}/"' in content
    assert "BENALI Samia, né(e) le 12/04/1985" in content  # the secretariat sees identity
    assert "Créer quand même" in content
    assert f'name="seen_candidates" value="{existing.pk}"' in content
    assert Household.objects.count() == 1  # nothing written before the user decides
    assert AccessLog.objects.filter(
        user=secretariat.user, household_id=existing.pk, what__contains="création d'un ménage"
    ).exists()


def test_create_anyway_creates_the_file_and_records_the_choice(
    client, login_as, secretariat, existing
):
    login_as(secretariat)
    client.post(CREATE, FORM)
    response = client.post(CREATE, {**FORM, "seen_candidates": str(existing.pk)})

    assert response.status_code == 302
    created = Household.objects.exclude(pk=existing.pk).get()
    assert response["Location"] == f"/menages/{created.pk}/"
    assert HouseholdKey.objects.filter(household=created).exists()
    decision = MatchDecision.objects.get(source_kind="household_form")
    assert decision.outcome == Outcome.NEW and decision.household == created
    assert decision.automatic is False and decision.decided_by == secretariat.user
    assert [c["household_id"] for c in decision.candidates] == [existing.pk]
    assert decision.score >= 0.85
    assert f"après avoir vu le(s) dossier(s) {existing.reference}" in decision.reason


def test_a_confirmation_covers_only_the_candidates_seen(client, login_as, secretariat, existing):
    login_as(secretariat)
    response = client.post(CREATE, {**FORM, "seen_candidates": "999999,abc"})
    assert response.status_code == 200
    assert WARNING in response.content.decode()
    assert Household.objects.count() == 1


def test_a_different_household_is_created_at_once(client, login_as, secretariat, existing):
    login_as(secretariat)
    response = client.post(
        CREATE, {**FORM, "holder_last_name": "Diallo", "holder_first_name": "Awa"}
    )
    assert response.status_code == 302
    assert Household.objects.count() == 2
    decision = MatchDecision.objects.get(source_kind="household_form")
    assert decision.score == 0.0 and decision.candidates == []


def test_an_involved_partner_sees_only_what_it_may_read(client, login_as, existing):
    landlord = _partner(
        OrganisationType.BAILLEUR_PRIVE, involved_in=existing, reason=InvolvementReason.BAILLEUR
    )
    login_as(landlord)
    content = client.post(CREATE, FORM).content.decode()

    assert WARNING in content
    assert f"Ouvrir le dossier {existing.reference}" in content
    assert "BENALI Samia" in content  # the lease holders: a landlord knows its tenant
    assert "12/04/1985" not in content.replace('value="12/04/1985"', "")  # not the identity
    assert Household.objects.count() == 1


@pytest.mark.parametrize(
    "org_type",
    [OrganisationType.CD_SOCIAL, OrganisationType.BAILLEUR_PRIVE, OrganisationType.ASSOCIATION],
)
def test_an_uninvolved_partner_learns_nothing_and_the_secretariat_is_told(
    client, login_as, secretariat, existing, org_type
):
    partner = _partner(org_type)
    login_as(partner)
    response = client.post(CREATE, FORM)

    # Exactly what happens when no file matches: the file is created, nothing hints.
    assert response.status_code == 302
    created = Household.objects.exclude(pk=existing.pk).get()
    page = client.get(response["Location"]).content.decode()
    for text in (WARNING, existing.reference, "doublon", "existe"):
        assert text not in page
    assert not AccessLog.objects.filter(user=partner.user, household_id=existing.pk).exists()
    decision = MatchDecision.objects.get(source_kind="household_form")
    assert decision.household == created and decision.score >= 0.85
    assert "1 dossier(s) correspondant(s) que l'organisation ne peut pas lire" in decision.reason

    login_as(secretariat)
    flagged = client.get("/menages/doublons/").content.decode()
    assert created.reference in flagged and existing.reference in flagged
    assert f"/menages/{existing.pk}/fusionner/{created.pk}/" in flagged


# --- The secretariat's screens ------------------------------------------------------


def test_secretariat_compares_merges_and_splits_back(client, login_as, secretariat, make_household):
    keep = make_household("Benali", "Samia", None)
    absorb = make_household("BENALI", "Samia", BIRTH)
    kept_procedure = _procedure(keep, day=datetime.date(2024, 2, 5))
    moved_procedure = _procedure(absorb)
    login_as(secretariat)

    # Two open procedures: the comparison says the merge is refused and why, and offers
    # no « Fusionner » button; a POST all the same is refused on the page (no 500).
    preview = client.get(f"/menages/{keep.pk}/fusionner/{absorb.pk}/").content.decode()
    assert 'id="fusion-impossible"' in preview and "Clôturez l'une des deux" in preview
    assert ">Fusionner</button>" not in preview
    refused = client.post(f"/menages/{keep.pk}/fusionner/{absorb.pk}/")
    assert refused.status_code == 200
    assert "une procédure en cours à la fois" in refused.content.decode()
    assert Household.objects.count() == 2
    procedure_close(
        procedure=kept_procedure,
        outcome=ProcedureOutcome.DETTE_SOLDEE,
        closed_on=datetime.date(2024, 6, 1),
        by=None,
    )

    page = client.get(f"/menages/{keep.pk}/")
    assert f'href="/menages/{keep.pk}/doublons/"' in page.content.decode()

    listing = client.get(f"/menages/{keep.pk}/doublons/")
    assert listing.status_code == 200
    content = listing.content.decode()
    assert f"Dossier {absorb.reference}" in content
    assert "12/04/1985" in content  # side by side, birth date included
    assert f'href="/menages/{keep.pk}/fusionner/{absorb.pk}/"' in content
    # From the younger file too, the older one is the file kept by default.
    content = client.get(f"/menages/{absorb.pk}/doublons/").content.decode()
    assert f'href="/menages/{keep.pk}/fusionner/{absorb.pk}/"' in content

    compare = client.get(f"/menages/{keep.pk}/fusionner/{absorb.pk}/")
    assert compare.status_code == 200
    content = compare.content.decode()
    assert f"Dossier conservé : {keep.reference}" in content
    assert f"Dossier absorbé : {absorb.reference}" in content
    assert "pourront lire le dossier fusionné" in content
    assert ">Fusionner</button>" in content and 'id="fusion-impossible"' not in content
    assert Household.objects.count() == 2  # a GET never merges

    merged = client.post(f"/menages/{keep.pk}/fusionner/{absorb.pk}/")
    assert merged.status_code == 302
    assert merged["Location"] == f"/menages/{keep.pk}/doublons/"
    assert not Household.objects.filter(pk=absorb.pk).exists()
    merge = MatchDecision.objects.get(outcome=Outcome.MERGE)
    assert merge.decided_by == secretariat.user and merge.household == keep

    content = client.get(f"/menages/{keep.pk}/doublons/").content.decode()
    assert f"Fusion du dossier {absorb.reference}" in content
    split_url = f"/menages/{keep.pk}/separer/?fusion={merge.pk}"
    assert split_url in content

    form = client.get(split_url).content.decode()
    assert f'value="{moved_procedure.pk}" id="id_procedures_' in form
    assert f'value="{moved_procedure.pk}" id="id_procedures_0" checked' in form or (
        f'value="{moved_procedure.pk}" id="id_procedures_1" checked' in form
    )

    split = client.post(split_url, {"procedures": [moved_procedure.pk]})
    assert split.status_code == 302
    new = Household.objects.exclude(pk=keep.pk).get()
    assert split["Location"] == f"/menages/{new.pk}/"
    assert Procedure.objects.get(pk=moved_procedure.pk).household == new
    assert Procedure.objects.get(pk=kept_procedure.pk).household == keep
    assert MatchDecision.objects.filter(outcome=Outcome.SPLIT, household=new).exists()

    content = client.get(f"/menages/{keep.pk}/doublons/").content.decode()
    assert f"Séparée : dossier {new.reference}" in content
    assert split_url not in content


def test_the_comparison_pages_are_journaled(client, login_as, secretariat, make_household):
    a = make_household("Benali", "Samia", BIRTH)
    b = make_household("Benali", "Samia", BIRTH)
    login_as(secretariat)
    before = AccessLog.objects.count()
    client.get(f"/menages/{a.pk}/doublons/")
    rows = AccessLog.objects.order_by("id")[before:]
    assert {(r.household_id, r.action) for r in rows} == {(a.pk, "VIEW"), (b.pk, "VIEW")}
    assert all(r.user_id == secretariat.user_id for r in rows)

    before = AccessLog.objects.count()
    client.get(f"/menages/{a.pk}/fusionner/{b.pk}/")
    rows = AccessLog.objects.order_by("id")[before:]
    assert sorted(r.household_id for r in rows) == sorted([a.pk, b.pk])
    assert {r.what for r in rows} == {"Comparaison de deux dossiers avant fusion"}


def test_merge_with_a_reference_the_matcher_did_not_propose(
    client, login_as, secretariat, make_household
):
    a = make_household("Benali", "Samia", BIRTH)
    b = make_household("Diallo", "Awa", address="3 rue Gabriel Péri")
    login_as(secretariat)
    url = f"/menages/{a.pk}/doublons/reference/"
    response = client.post(url, {"reference": b.reference.lower()})
    assert response["Location"] == f"/menages/{a.pk}/fusionner/{b.pk}/"
    response = client.post(url, {"reference": "93-2099-999999"}, follow=True)
    assert "Aucun autre dossier de votre département ne porte cette référence." in (
        response.content.decode()
    )
    response = client.post(url, {"reference": a.reference}, follow=True)
    assert "ne peut pas être fusionné avec lui-même" in response.content.decode()
    response = client.post(f"/menages/{a.pk}/fusionner/{a.pk}/", follow=True)
    assert "ne peut pas être fusionné avec lui-même" in response.content.decode()
    assert Household.objects.count() == 2


def test_split_without_a_procedure_gets_a_french_message(
    client, login_as, secretariat, make_household
):
    household = make_household("Benali", "Samia", BIRTH)
    _procedure(household)
    login_as(secretariat)
    response = client.post(f"/menages/{household.pk}/separer/", {})
    assert response.status_code == 200
    assert "Choisissez au moins une procédure à détacher du dossier." in response.content.decode()
    assert Household.objects.count() == 1


OTHER_TYPES = [t for t in OrganisationType if t != OrganisationType.ETAT_CCAPEX]


@pytest.mark.parametrize("org_type", OTHER_TYPES)
def test_every_other_organisation_gets_404_and_changes_nothing(
    client, login_as, make_household, org_type
):
    a = make_household("Benali", "Samia", BIRTH)
    b = make_household("Benali", "Samia", BIRTH)
    procedure = _procedure(a)
    partner = _partner(org_type, involved_in=a)  # even involved in the file
    Involvement.objects.create(
        household=b,
        organisation=partner.organisation,
        reason=InvolvementReason.ORIENTATION,
        starts_on=datetime.date(2024, 1, 1),
    )
    login_as(partner)
    gets = [
        "/menages/doublons/",
        f"/menages/{a.pk}/doublons/",
        f"/menages/{a.pk}/fusionner/{b.pk}/",
        f"/menages/{a.pk}/separer/",
    ]
    for url in gets:
        assert client.get(url).status_code == 404, url
    form = name_form_learn(household=a, record=record("Benali", "Samya", BIRTH), by=None)
    posts = [
        (f"/menages/{a.pk}/ecritures/{form.pk}/", {"decision": "retirer"}),
        (f"/menages/{a.pk}/fusionner/{b.pk}/", {}),
        (f"/menages/{a.pk}/separer/", {"procedures": [procedure.pk]}),
        (f"/menages/{a.pk}/doublons/reference/", {"reference": b.reference}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    assert Household.objects.count() == 2
    assert not MatchDecision.objects.filter(outcome__in=[Outcome.MERGE, Outcome.SPLIT]).exists()
    form.refresh_from_db()
    assert form.status == ClaimStatus.CONFIRMED  # the name form is still recognised
    assert "Doublons et fusions" not in client.get(f"/menages/{a.pk}/").content.decode()


def test_the_secretariat_of_another_departement_gets_404(client, login_as, make_household):
    a = make_household("Benali", "Samia", BIRTH)
    b = make_household("Benali", "Samia", BIRTH)
    paris = MembershipFactory(organisation=OrganisationFactory(ccapex=True, other_departement=True))
    login_as(paris)
    assert client.get(f"/menages/{a.pk}/doublons/").status_code == 404
    assert client.post(f"/menages/{a.pk}/fusionner/{b.pk}/").status_code == 404
    assert Household.objects.count() == 2


def test_secretariat_confirms_or_sets_aside_what_matched_rows_declared(
    client, login_as, secretariat, make_household
):
    from prevex.matching.models import HouseholdClaim
    from prevex.matching.services import household_holders_complete

    household = make_household("Benali", "Samia", None)
    household_holders_complete(
        household=household,
        record=record("Benali", "Samia", BIRTH, co_last_name="Haddad", co_first_name="Karim"),
        source_kind="intake_row",
        source_id=5,
    )
    birth, co_tenant = HouseholdClaim.objects.order_by("field")
    url = f"/menages/{household.pk}/declarations/{birth.pk}/"
    outsider = _partner(OrganisationType.BAILLEUR_SOCIAL, involved_in=household)
    login_as(outsider)
    assert client.post(url, {"decision": "confirmer"}).status_code == 404
    login_as(secretariat)
    page = client.get(f"/menages/{household.pk}/doublons/").content.decode()
    assert "Données déclarées à confirmer" in page and "12/04/1985" in page
    assert "HADDAD Karim" in page
    client.post(url, {"decision": "confirmer"})
    client.post(f"/menages/{household.pk}/declarations/{co_tenant.pk}/", {"decision": "ecarter"})
    assert household.members.get().birth_date == BIRTH
    assert [c.status for c in HouseholdClaim.objects.order_by("field")] == [
        "CONFIRMED",
        "REJECTED",
    ]
    assert (
        "Aucune donnée en attente."
        in client.get(f"/menages/{household.pk}/doublons/").content.decode()
    )


def test_possible_duplicates_leave_out_namesakes_with_another_birth_date(
    client, login_as, secretariat, make_household
):
    """The « Doublons possibles » of a file: a file of the same person (same name, the
    birth date typed with day and month swapped) is listed; a namesake born another year
    elsewhere, and a neighbour of another name, are not — the engine would never attach
    either (docs/decisions/2026-12-03-weak-candidates.md)."""
    file = make_household("Benali", "Samia", BIRTH, "12 avenue de la République")
    twin_file = make_household(
        "BENALI", "Samia", datetime.date(1985, 12, 4), "12 av de la Republique"
    )
    namesake = make_household("Benali", "Samia", datetime.date(1962, 1, 30), "3 rue Jean Jaurès")
    neighbour = make_household("Benhamou", "Karim", None, "14 avenue de la République")
    login_as(secretariat)
    html = client.get(f"/menages/{file.pk}/doublons/").content.decode()
    assert twin_file.reference in html
    assert namesake.reference not in html
    assert neighbour.reference not in html
