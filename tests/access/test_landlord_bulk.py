"""The landlord-of-record rule on the bulk path (imports, API: ``event_record_many``): a
landlord's row about another landlord's tenant is written nowhere, and waits for the
secretariat (« Bailleur à confirmer »); the sender gets the answer of any row in review.
Confirmed, the landlord becomes the file's landlord and its act is recorded; not
confirmed, nothing is written. Its own tenants' rows and new tenants import as before
(docs/decisions/2026-12-06-landlord-of-record-in-bulk.md)."""

import datetime

import pytest
from django.apps import apps
from django.urls import reverse

from prevex.access.gate import visible_household_ids
from prevex.access.models import Involvement, InvolvementRequest
from prevex.access.policy import is_landlord_of_record
from prevex.households.models import ContactChannel
from prevex.intake import services as intake
from prevex.intake.models import (
    ImportRow,
    ReviewDecision,
    ReviewItem,
    ReviewKind,
    ReviewStatus,
    RowStatus,
)
from prevex.intake.review import LANDLORD_NOT_CONFIRMED, review_decide
from prevex.procedures.models import Event
from prevex.procedures.services import ActDraft, event_record_many
from tests.access.conftest import member_of
from tests.factories import InvolvementFactory
from tests.intake.conftest import csv_bytes, row

pytestmark = pytest.mark.django_db
D = datetime.date
FILE_APPS = ("households", "procedures", "access", "matching", "support", "audit")


def _file_counts() -> dict[str, int]:
    """Row count of every model a file's write could touch (the import's own rows aside)."""
    return {
        model._meta.label: model._base_manager.count()
        for label in FILE_APPS
        for model in apps.get_app_config(label).get_models()
    }


def _import(membership, rows):
    return intake.file_import(
        source=membership.organisation, content=csv_bytes(rows), filename="b.csv", by=membership
    )


def _answer(batch, sender) -> dict:
    """What the sender is told of its one row: the batch's counts, the row's status and
    messages, and the ids it may see (the access gate hides the others, as the pages and
    the API do)."""
    stored = ImportRow.objects.get(batch=batch)
    ids = (stored.household_id, stored.procedure_id, stored.event_id)
    shown = visible_household_ids(organisation=sender.organisation, household_ids=[ids[0]])
    return {
        "summary": {k: v for k, v in batch.summary.items()},
        "status": stored.status,
        "errors": stored.errors,
        "ids": ids if ids[0] in shown else (None, None, None),
    }


@pytest.fixture
def agency_a(known_file):
    """Samia Benali's landlord of record: agency A."""
    agency = member_of("BAILLEUR_PRIVE", name="Agence A")
    InvolvementFactory(household=known_file, organisation=agency.organisation, reason="BAILLEUR")
    return agency


def _held(sender, **values):
    """Landlord B's arrears report naming Samia Benali (a sure match on A's tenant)."""
    values = {"type_acte": "IMPAYE", "date_acte": "20/05/2025", **values}
    return _import(sender, [row(**values)])


@pytest.mark.parametrize("org_type", ["BAILLEUR_PRIVE", "BAILLEUR_SOCIAL"])
def test_a_landlords_row_about_another_landlords_tenant_waits_for_the_secretariat(
    org_type, known_file, agency_a
):
    other = member_of(org_type, name="Bailleur B")
    before = _file_counts()
    batch = _held(other, telephone="06 11 22 33 44")
    assert batch.summary["revue"] == 1 and batch.summary["quarantaine"] == 0, batch.summary
    stored = ImportRow.objects.get(batch=batch)
    assert (stored.status, stored.errors) == (RowStatus.REVUE, [])
    assert (stored.procedure_id, stored.event_id) == (None, None)
    assert _file_counts() == before  # no act, contact, involvement, request, claim, history…
    [item] = ReviewItem.objects.filter(row=stored)
    assert (item.kind, item.status, item.household_id) == (
        ReviewKind.BAILLEUR,
        ReviewStatus.OUVERT,
        known_file.pk,
    )
    assert "Bailleur B" in item.reason and "ne l'enregistre pas comme bailleur" in item.reason
    assert (
        visible_household_ids(organisation=other.organisation, household_ids=[known_file.pk])
        == set()
    )
    # the landlord of record's own report is recorded at once
    batch = _import(agency_a, [row(type_acte="IMPAYE", date_acte="20/05/2025")])
    assert batch.summary["importes"] == 1, batch.summary
    assert Event.objects.filter(stage="IMPAYE", source=agency_a.organisation).exists()


def test_the_answer_is_the_one_of_a_row_in_review_for_another_reason(known_file, agency_a):
    """Field by field, landlord B's row about A's tenant is answered as a bailiff's act
    on a file it is not involved in (« nouvel intervenant ») and as an uncertain match."""
    landlord = member_of("BAILLEUR_PRIVE", name="Bailleur B")
    held = _answer(_held(landlord), landlord)
    bailiff = member_of("COMMISSAIRE_JUSTICE", name="Étude Roux")
    newcomer = _answer(_import(bailiff, [row(reference_acte="ROUX-1")]), bailiff)
    # same surname and birth date at the same address, another first name: twins?
    twin = member_of("BAILLEUR_PRIVE", name="Bailleur C")
    uncertain = _answer(_held(twin, locataire_prenom="Samir", reference_acte="C-1"), twin)
    assert held == newcomer == uncertain, (held, newcomer, uncertain)
    assert held["status"] == RowStatus.REVUE and held["errors"] == []
    assert held["ids"] == (None, None, None)
    kinds = set(ReviewItem.objects.values_list("kind", flat=True))
    assert kinds == {ReviewKind.BAILLEUR, ReviewKind.INTERVENANT, ReviewKind.MATCH}


def test_the_secretariat_confirms_the_landlord_and_the_held_act_is_recorded(
    known_file, agency_a, ccapex
):
    landlord = member_of("BAILLEUR_SOCIAL", name="Bailleur B")
    first = ImportRow.objects.get(batch=_held(landlord, telephone="06 11 22 33 44"))
    second = ImportRow.objects.get(
        batch=_held(landlord, type_acte="SIGNALEMENT", date_acte="25/05/2025", reference_acte="S-1")
    )
    items = list(ReviewItem.objects.filter(kind=ReviewKind.BAILLEUR).order_by("id"))
    assert [i.row_id for i in items] == [first.pk, second.pk]
    review_decide(item=items[1], decision=ReviewDecision.BAILLEUR_OUI, by=ccapex)

    # one decision for the sender's held rows on this file, each with its own act
    for item in items:
        item.refresh_from_db()
        assert (item.status, item.decision) == (ReviewStatus.TRAITE, ReviewDecision.BAILLEUR_OUI)
    assert is_landlord_of_record(landlord.organisation, known_file.pk)
    assert Involvement.objects.filter(
        household=known_file, organisation=landlord.organisation, reason="BAILLEUR", ends_on=None
    ).exists()
    for stored, stage in ((first, "IMPAYE"), (second, "SIGNALEMENT")):
        stored.refresh_from_db()
        event = Event.objects.get(stage=stage, source=landlord.organisation)
        assert event.procedure.household_id == known_file.pk
        assert (stored.status, stored.event_id, stored.household_id) == (
            RowStatus.IMPORTE,
            event.pk,
            known_file.pk,
        )
        assert stored.match_decision_id is not None
    assert ContactChannel.objects.filter(household=known_file, kind="TELEPHONE").exists()
    # from now on its acts about this tenant are recorded at once
    batch = _held(landlord, date_acte="01/06/2025", reference_acte="IMP-3")
    assert batch.summary["importes"] == 1, batch.summary


def test_not_confirmed_nothing_is_written_and_the_row_goes_to_quarantine(
    known_file, agency_a, ccapex
):
    landlord = member_of("BAILLEUR_PRIVE", name="Bailleur B")
    stored = ImportRow.objects.get(batch=_held(landlord, telephone="06 11 22 33 44"))
    item = ReviewItem.objects.get(row=stored)
    before = _file_counts()
    review_decide(item=item, decision=ReviewDecision.BAILLEUR_NON, by=ccapex)
    item.refresh_from_db()
    stored.refresh_from_db()
    assert (item.status, item.decision) == (ReviewStatus.TRAITE, ReviewDecision.BAILLEUR_NON)
    assert _file_counts() == before
    assert not Event.objects.filter(source=landlord.organisation).exists()
    assert not InvolvementRequest.objects.filter(organisation=landlord.organisation).exists()
    assert not is_landlord_of_record(landlord.organisation, known_file.pk)
    assert (stored.status, stored.event_id) == (RowStatus.QUARANTAINE, None)
    assert [e["message"] for e in stored.errors] == [LANDLORD_NOT_CONFIRMED]
    # a decided item cannot be decided again
    with pytest.raises(Exception, match="déjà été traité"):
        review_decide(item=item, decision=ReviewDecision.BAILLEUR_OUI, by=ccapex)


def test_only_the_secretariat_decides(known_file, agency_a, ccapex):
    landlord = member_of("BAILLEUR_PRIVE", name="Bailleur B")
    item = ReviewItem.objects.get(row__batch=_held(landlord))
    with pytest.raises(Exception, match="secrétariat"):
        review_decide(item=item, decision=ReviewDecision.BAILLEUR_OUI, by=agency_a)
    with pytest.raises(Exception, match="Décision impossible"):
        review_decide(item=item, decision=ReviewDecision.ACCES_ACCORDE, by=ccapex)
    assert not Event.objects.filter(source=landlord.organisation).exists()


@pytest.mark.urls("tests.intake.urls")
def test_the_review_page_shows_both_landlords_and_decides(
    client, login_as, known_file, agency_a, ccapex
):
    landlord = member_of("BAILLEUR_PRIVE", name="Bailleur B")
    item = ReviewItem.objects.get(row__batch=_held(landlord))
    login_as(ccapex)
    queue = client.get(reverse("intake:review")).content.decode()
    assert "Bailleur à confirmer" in queue and "Bailleur B" in queue
    html = client.get(reverse("intake:review_item", args=[item.pk])).content.decode()
    assert "Bailleur à confirmer : Bailleur B" in html
    assert "C&#x27;est le bailleur du ménage : enregistrer l&#x27;acte" in html or (
        "C'est le bailleur du ménage : enregistrer l'acte" in html
    )
    response = client.post(
        reverse("intake:review_decide", args=[item.pk]),
        {"decision": ReviewDecision.BAILLEUR_OUI},
    )
    assert response.status_code == 302
    assert Event.objects.filter(stage="IMPAYE", source=landlord.organisation).exists()


def test_a_landlords_new_tenant_still_opens_a_file(known_file, territory):
    """A tenant prevex does not know yet: the landlord's row creates the file, of which it
    is the landlord of record (the rule refuses nothing there)."""
    landlord = member_of("BAILLEUR_PRIVE", name="Agence B")
    batch = _import(
        landlord,
        [row(type_acte="IMPAYE", locataire_nom="Martin", locataire_prenom="Paul",
             locataire_date_naissance="01/01/1970", adresse="4 avenue Jean Jaurès",
             reference_acte="IMP-2")],
    )  # fmt: skip
    assert batch.summary["importes"] == 1, batch.summary
    assert Event.objects.get(recorded_for=landlord.organisation).procedure.household.landlord_id


def test_the_service_refuses_for_the_organisation_it_records_for(known_file):
    """The rule is the service's: any bulk caller gets the refusal, the API (no
    membership, ``recorded_for`` the sender) as the import."""
    landlord = member_of("BAILLEUR_SOCIAL", name="Bailleur B")
    [result] = event_record_many(
        acts=[ActDraft(household_id=known_file.pk, stage="IMPAYE", date=D(2025, 5, 20))],
        by=None,
        channel="API",
        recorded_for=landlord.organisation,
    )
    assert result.event is None and "propres locataires" in result.refused
    assert not Event.objects.filter(stage="IMPAYE").exists()
    # the system itself (no organisation) is not checked
    [result] = event_record_many(
        acts=[ActDraft(household_id=known_file.pk, stage="IMPAYE", date=D(2025, 5, 20))],
        by=None,
        channel="API",
    )
    assert result.event is not None and not result.refused


def test_same_household_on_an_uncertain_match_still_asks_who_the_landlord_is(
    known_file, agency_a, ccapex
):
    """Settling who the row is about does not settle who its landlord is: landlord C's
    uncertain row, put on A's tenant by « Même ménage », waits as « Bailleur à confirmer »
    with nothing written, as it would have after an automatic match."""
    landlord = member_of("BAILLEUR_PRIVE", name="Bailleur C")
    stored = ImportRow.objects.get(batch=_held(landlord, locataire_prenom="Samir"))
    match = ReviewItem.objects.get(row=stored, kind=ReviewKind.MATCH)
    before = _file_counts()
    review_decide(
        item=match, decision=ReviewDecision.MEME_MENAGE, household_id=known_file.pk, by=ccapex
    )
    stored.refresh_from_db()
    assert not Event.objects.filter(source=landlord.organisation).exists()
    assert (stored.status, stored.household_id, stored.event_id) == (
        RowStatus.REVUE,
        known_file.pk,
        None,
    )
    held = ReviewItem.objects.get(row=stored, kind=ReviewKind.BAILLEUR)
    assert (held.status, held.household_id) == (ReviewStatus.OUVERT, known_file.pk)
    # only the identity decision is journaled; no act, contact, involvement or request
    after = _file_counts()
    assert {k: after[k] - before[k] for k in after if after[k] != before[k]} == {
        "matching.MatchDecision": 1
    }
    review_decide(item=held, decision=ReviewDecision.BAILLEUR_OUI, by=ccapex)
    stored.refresh_from_db()
    event = Event.objects.get(source=landlord.organisation)
    assert (stored.status, stored.event_id) == (RowStatus.IMPORTE, event.pk)
    assert event.procedure.household_id == known_file.pk
