"""The review queue of the CCAPEX secretariat: comparison, one-click decisions, keyboard."""

import datetime
import re
from decimal import Decimal

import pytest

from prevex.households.models import Household, HouseholdKey, Involvement, MemberRole, Parc
from prevex.households.services import household_create
from prevex.intake import services
from prevex.intake.models import ImportRow, ReviewItem, ReviewKind, ReviewStatus, RowStatus
from prevex.matching.models import MatchDecision
from prevex.procedures.models import Event, Procedure
from prevex.procedures.services import procedure_open
from tests.intake.conftest import csv_bytes, row, saint_denis_household

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.intake.urls")]

# Same surname and birth date, another first name and address: the engine cannot tell
# (a twin who moved?). A move of the same person is attached (test_ingest).
MOVED = {
    "locataire_prenom": "Samir",
    "adresse": "3 avenue Jean Jaurès",
    "code_postal": "93100",
    "commune": "Montreuil",
}


@pytest.fixture
def household(territory):
    return saint_denis_household(territory)


@pytest.fixture
def secretariat(ccapex, login_as):
    login_as(ccapex)
    return ccapex


def _import(membership, rows):
    return services.file_import(
        source=membership.organisation, content=csv_bytes(rows), filename="a.csv", by=membership
    )


def _uncertain(bailiff, household, n=1):
    rows = [row(reference_acte=f"R{i}", **MOVED) for i in range(n)]
    batch = _import(bailiff, rows)
    assert batch.revue >= 1
    return list(ReviewItem.objects.filter(kind=ReviewKind.MATCH).order_by("id"))


def test_queue_lists_items_with_keyboard_script_under_csp_nonce(
    client, bailiff, household, secretariat
):
    item = _uncertain(bailiff, household)[0]
    response = client.get("/imports/revue/")
    html = response.content.decode()
    assert f'href="/imports/revue/{item.pk}/" data-review-item' in html
    assert "BENALI Samir" in html
    nonce = re.search(r'<script nonce="([^"]+)" src="/static/intake/review.js">', html)
    assert nonce and f"'nonce-{nonce.group(1)}'" in response["Content-Security-Policy"]
    assert " onclick=" not in html and " onkeydown=" not in html


def test_side_by_side_comparison_shows_the_row_and_the_candidate(
    client, bailiff, household, secretariat
):
    item = _uncertain(bailiff, household)[0]
    html = client.get(f"/imports/revue/{item.pk}/").content.decode()
    assert "Ligne reçue" in html and "3 avenue Jean Jaurès" in html
    assert f"Ménage {household.reference}" in html
    assert "12 rue de la République" in html  # the candidate's address, side by side
    assert 'accesskey="m"' in html and 'accesskey="n"' in html


def test_the_item_says_why_with_the_rule_and_the_look_alike_warning(
    client, bailiff, household, secretariat
):
    _import(bailiff, [row(locataire_prenom="Samir")])  # same birth date, same address
    item = ReviewItem.objects.get(kind=ReviewKind.MATCH)
    queue = client.get("/imports/revue/").content.decode()
    assert "possibles jumeaux" in queue
    html = client.get(f"/imports/revue/{item.pk}/").content.decode()
    assert "Pourquoi cette ligne est en revue" in html
    assert "Attention : possibles jumeaux" in html
    assert "Règle appliquée :</strong> Même date de naissance mais prénoms différents" in html
    # The compared fields side by side: names, the holder's birth date, the address.
    assert re.search(
        r"<th scope=\"row\">Titulaire</th>\s*<td[^>]*>BENALI Samir</td>\s*<td[^>]*>BENALI Samia</td>",
        html,
    )
    assert re.search(
        r"Date de naissance du titulaire</th>\s*<td[^>]*>12/04/1985</td>"
        r"\s*<td[^>]*>12/04/1985</td>\s*<td[^>]*>identique</td>",
        html,
    )


def test_same_household_in_one_click_attaches_the_act(client, bailiff, household, secretariat):
    first, second = _uncertain(bailiff, household, n=2)
    response = client.post(
        f"/imports/revue/{first.pk}/decider/",
        {"decision": "MEME_MENAGE", "household_id": household.pk},
    )
    # The second row repeats the first (it followed it): settled with it. The next item
    # shown is the next one still open: the bailiff's « nouvel intervenant » request.
    second.refresh_from_db()
    assert (second.status, second.follows_id) == (ReviewStatus.TRAITE, first.pk)
    newcomer = ReviewItem.objects.get(kind=ReviewKind.INTERVENANT, status=ReviewStatus.OUVERT)
    assert response["Location"] == f"/imports/revue/{newcomer.pk}/"
    first.refresh_from_db()
    assert (first.status, first.decision, first.household_id) == (
        ReviewStatus.TRAITE,
        "MEME_MENAGE",
        household.pk,
    )
    imported = first.row
    imported.refresh_from_db()
    # The act is recorded on the file; the bailiff is not involved in it: the file stays
    # closed to it until the secretariat opens it (« nouvel intervenant »).
    assert (imported.status, imported.household_id) == (RowStatus.REVUE, household.pk)
    event = Event.objects.get(pk=imported.event_id)
    assert (event.stage, event.source_id, event.reference) == ("CDP", bailiff.organisation_id, "R0")
    assert not Involvement.objects.filter(
        household=household, organisation=bailiff.organisation
    ).exists()
    assert ReviewItem.objects.get(kind=ReviewKind.INTERVENANT, row=imported).event_id == event.pk
    journal = MatchDecision.objects.get(pk=imported.match_decision_id)
    assert (journal.outcome, journal.automatic, journal.household_id) == (
        "MATCH",
        False,
        household.pk,
    )


def test_a_candidate_merged_since_is_offered_as_the_file_that_holds_it(
    client, bailiff, household, secretariat, territory
):
    """Between the review and the decision, the candidate file was merged into another
    (a duplicate the secretariat found): the item shows the surviving file, and « même
    ménage » on the stale candidate (a page opened before the merge) attaches the row
    to it — a French answer, never « page introuvable »."""
    from prevex.matching.corrections import household_merge

    (item,) = _uncertain(bailiff, household)
    keep = saint_denis_household(territory, last="Benali", first="Samia")
    household_merge(keep=keep, absorb=household, by=secretariat)
    page = client.get(f"/imports/revue/{item.pk}/").content.decode()
    assert keep.reference in page
    response = client.post(
        f"/imports/revue/{item.pk}/decider/",
        {"decision": "MEME_MENAGE", "household_id": item.candidates[0]["household_id"]},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.household_id) == (ReviewStatus.TRAITE, keep.pk)
    assert ImportRow.objects.get(pk=item.row_id).household_id == keep.pk


def test_new_household_in_one_click(client, bailiff, household, secretariat):
    item = _uncertain(bailiff, household)[0]
    client.post(f"/imports/revue/{item.pk}/decider/", {"decision": "NOUVEAU_MENAGE"})
    imported = ImportRow.objects.get(pk=item.row_id)
    assert imported.status == RowStatus.IMPORTE
    new = Household.objects.exclude(pk=household.pk).get()
    assert imported.household_id == new.pk and new.address == "3 avenue Jean Jaurès"
    assert HouseholdKey.objects.filter(household=new).exists()
    assert Procedure.objects.get(household=new).stage == "CDP"


def test_a_household_outside_the_candidates_is_refused(
    client, bailiff, household, secretariat, territory
):
    item = _uncertain(bailiff, household)[0]
    other = household_create(
        by=None,
        departement="93",
        composition="AUTRE",
        address="1 rue X",
        postal_code="93200",
        commune=territory["saint_denis"],
        parc=Parc.PRIVE,
        rent=Decimal("1"),
        members=[{"role": MemberRole.TITULAIRE, "last_name": "Autre", "first_name": "A"}],
    )
    response = client.post(
        f"/imports/revue/{item.pk}/decider/",
        {"decision": "MEME_MENAGE", "household_id": other.pk},
        follow=True,
    )
    assert "Choisissez l&#x27;un des ménages proposés." in response.content.decode()
    item.refresh_from_db()
    assert item.status == ReviewStatus.OUVERT and not Event.objects.exists()


def _flagged(bailiff, household):
    Involvement.objects.create(  # the bailiff already works on this file
        household=household,
        organisation=bailiff.organisation,
        reason="ACTE",
        starts_on=datetime.date(2025, 1, 1),
    )
    procedure_open(
        household=household,
        stage="ASSIGNATION",
        date=datetime.date(2025, 4, 1),
        hearing_date=datetime.date(2025, 9, 1),
        by=None,
    )
    _import(bailiff, [row()])  # a CDP dated before the assignation
    return ReviewItem.objects.get(kind=ReviewKind.ORDRE)


def test_accepting_a_flagged_act_keeps_it(client, bailiff, household, secretariat):
    item = _flagged(bailiff, household)
    html = client.get(f"/imports/revue/{item.pk}/").content.decode()
    assert "antérieure au dernier acte" in html and 'accesskey="a"' in html
    client.post(f"/imports/revue/{item.pk}/decider/", {"decision": "ACCEPTE"})
    assert ImportRow.objects.get().status == RowStatus.IMPORTE
    assert Event.objects.filter(stage="CDP").exists()


def test_rejecting_a_flagged_act_removes_it_and_returns_the_row_to_quarantine(
    client, bailiff, household, secretariat, login_as
):
    item = _flagged(bailiff, household)
    client.post(f"/imports/revue/{item.pk}/decider/", {"decision": "REJETE"})
    assert not Event.objects.filter(stage="CDP").exists()
    assert Procedure.objects.get().stage == "ASSIGNATION"
    imported = ImportRow.objects.get()
    assert imported.status == RowStatus.QUARANTAINE and imported.event_id is None
    assert "Acte rejeté par le secrétariat de la CCAPEX" in imported.errors[0]["message"]
    again = client.post(f"/imports/revue/{item.pk}/decider/", {"decision": "ACCEPTE"}, follow=True)
    assert "Cet élément a déjà été traité." in again.content.decode()
    login_as(bailiff)
    assert "Acte rejeté" in client.get("/imports/quarantaine/").content.decode()


def test_decision_requires_a_known_choice(client, bailiff, household, secretariat):
    item = _uncertain(bailiff, household)[0]
    response = client.post(
        f"/imports/revue/{item.pk}/decider/", {"decision": "ACCEPTE"}, follow=True
    )
    assert "Décision impossible pour cet élément." in response.content.decode()
    response = client.post(
        f"/imports/revue/{item.pk}/decider/", {"decision": "N'IMPORTE"}, follow=True
    )
    assert "Décision invalide." in response.content.decode()


def test_the_received_row_is_shown_in_words_amounts_in_euros_corrections_flagged(
    client, bailiff, territory, secretariat
):
    """The reviewer reads the row as a person would: the act and the ground by their
    names, the debt in euros, and a birth date intake corrected marked « à vérifier »."""
    saint_denis_household(territory, born=datetime.date(1984, 9, 17))
    birth = {"locataire_date_naissance": "09/17/1984"}
    _import(bailiff, [row(reference_acte="R1", montant_dette="1240.5", motif="IMPAYES",
                          **MOVED, **birth)])  # fmt: skip
    item = ReviewItem.objects.get(kind=ReviewKind.MATCH)
    html = client.get(f"/imports/revue/{item.pk}/").content.decode()
    assert "1\u202f240,50\u00a0€" in html and "1240.50" not in html
    assert "Impayés" in html and ">IMPAYES<" not in html
    assert "17/09/1984 (corrigé à l&#x27;import : « 09/17/1984 » dans le fichier" in html
