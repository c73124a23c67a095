"""A name written another way, settled once by the secretariat, is recognised for the
next rows (issue 9; docs/decisions/2026-12-02-name-forms.md): the agent who says « même
ménage » on « Souleyman » for the file's « Souleymane » is not asked again for every
monthly row written that way — and nothing of the file changes."""

import datetime

import pytest
from django.urls import reverse

from prevex.households.models import Household, Member
from prevex.intake import services
from prevex.intake.models import ImportRow, ReviewItem, ReviewKind
from prevex.matching.models import ClaimField, ClaimStatus, HouseholdClaim
from prevex.matching.name_forms import name_form_learn
from prevex.matching.records import PersonRecord
from prevex.matching.services import match_record
from tests.intake.conftest import csv_bytes, row, saint_denis_household

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.intake.urls")]

BORN = datetime.date(1964, 4, 21)
THEIRS = {
    "locataire_nom": "Diakité",
    "locataire_prenom": "Souleyman",
    "locataire_date_naissance": "21/04/1964",
}


@pytest.fixture
def household(territory):
    return saint_denis_household(territory, "DIAKITE", "Souleymane", BORN)


def _import(membership, rows):
    return services.file_import(
        source=membership.organisation, content=csv_bytes(rows), filename="a.csv", by=membership
    )


def _record(first: str, born=BORN) -> PersonRecord:
    return PersonRecord(
        last_name="Diakité",
        first_name=first,
        birth_date=born,
        address="12 rue de la République",
        postal_code="93200",
        commune_insee="93066",
        departement="93",
    )


def test_a_settled_name_form_attaches_the_next_rows(client, bailiff, household, ccapex, login_as):
    login_as(ccapex)
    _import(bailiff, [row(reference_acte="R0", **THEIRS)])
    item = ReviewItem.objects.get(kind=ReviewKind.MATCH)  # same date, another first name
    client.post(
        f"/imports/revue/{item.pk}/decider/",
        {"decision": "MEME_MENAGE", "household_id": household.pk},
    )
    form = HouseholdClaim.objects.get(household=household, field=ClaimField.NAME_FORM)
    assert (form.first_name, form.status) == ("Souleyman", ClaimStatus.CONFIRMED)
    assert (form.decided_by, form.organisation) == (ccapex.user, ccapex.organisation)
    # The file is unchanged: the form is the row's writing, not a new name.
    assert Member.objects.get(household=household).first_name == "Souleymane"

    # Shown to the secretariat on the file's duplicates page, with who recognised it.
    page = client.get(reverse("matching:duplicates", args=[household.pk])).content.decode()
    assert "Écritures du nom reconnues" in page
    assert "Diakité Souleyman pour" in page and ccapex.organisation.name in page

    _import(bailiff, [row(reference_acte="R1", **THEIRS)])
    assert ImportRow.objects.order_by("-id").first().household_id == household.pk
    assert ReviewItem.objects.filter(kind=ReviewKind.MATCH).count() == 1  # not asked again
    assert Household.objects.count() == 1


def test_a_name_form_never_overrides_the_birth_date(household):
    """A son or a namesake written the recognised way, born another day, is still
    another person."""
    before = match_record(record=_record("Souleyman"), departement="93")
    assert before.outcome == "REVIEW"
    assert name_form_learn(household=household, record=_record("Souleyman"), by=None)
    after = match_record(record=_record("Souleyman"), departement="93")
    assert (after.outcome, after.household_id) == ("MATCH", household.pk)
    assert "nom écrit comme déjà reconnu (Diakité Souleyman)" in after.reason
    other = match_record(record=_record("Souleyman", datetime.date(1990, 2, 3)), departement="93")
    assert other.outcome == "NEW"
    # Another writing than the one recognised is still asked about.
    assert match_record(record=_record("Souleymana"), departement="93").outcome == "REVIEW"


def test_a_name_form_is_learned_once_and_only_for_another_writing(household):
    assert name_form_learn(household=household, record=_record("SOULEYMANE"), by=None) is None
    assert name_form_learn(household=household, record=_record("Souleyman"), by=None)
    assert name_form_learn(household=household, record=_record("SOULEYMAN"), by=None) is None
    assert HouseholdClaim.objects.filter(field=ClaimField.NAME_FORM).count() == 1


def test_the_secretariat_withdraws_a_name_form_recognised_by_mistake(
    client, bailiff, household, ccapex, login_as
):
    """An agent attached a row of another person in review: the secretariat withdraws the
    writing, the next rows written that way are asked about again, and the file's write
    history says who withdrew it. Nobody else can."""
    from prevex.audit.models import WriteLog

    form = name_form_learn(household=household, record=_record("Souleyman"), by=None)
    assert match_record(record=_record("Souleyman"), departement="93").outcome == "MATCH"
    url = reverse("matching:name_form_decide", args=[household.pk, form.pk])

    login_as(bailiff)
    assert client.post(url, {"decision": "retirer"}).status_code == 404
    form.refresh_from_db()
    assert form.status == ClaimStatus.CONFIRMED

    login_as(ccapex)
    page = client.get(reverse("matching:duplicates", args=[household.pk])).content.decode()
    assert url in page and "Retirer" in page
    written = WriteLog.objects.filter(household_id=household.pk).count()
    # Bad input: a French message, nothing changed.
    answer = client.post(url, {"decision": "supprimer"}, follow=True)
    assert "Écriture du nom introuvable ou décision invalide." in answer.content.decode()
    form.refresh_from_db()
    assert form.status == ClaimStatus.CONFIRMED

    answer = client.post(url, {"decision": "retirer"}, follow=True)
    assert "Écriture « Diakité Souleyman » retirée" in answer.content.decode()
    form.refresh_from_db()
    assert (form.status, form.decided_by, form.organisation) == (
        ClaimStatus.REJECTED,
        ccapex.user,
        ccapex.organisation,
    )
    entry = WriteLog.objects.get(household_id=household.pk, summary__contains="retirée")
    assert (entry.user, entry.organisation) == (ccapex.user, ccapex.organisation)
    assert "« Diakité Souleyman » retirée" in entry.summary
    assert "Écritures du nom reconnues" not in answer.content.decode()
    assert match_record(record=_record("Souleyman"), departement="93").outcome == "REVIEW"
    # Withdrawn once: a second post finds nothing to withdraw.
    again = client.post(url, {"decision": "retirer"}, follow=True)
    assert "Écriture du nom introuvable" in again.content.decode()
    assert WriteLog.objects.filter(household_id=household.pk).count() == written + 1


def test_the_import_learns_the_birth_name_a_matched_row_declares(caf, territory):
    """A file that already has the tenant's birth date: the row « SISSOKO épouse KONÉ »,
    same birth date, adds nothing to it — but the import still learns « Sissoko » for the
    holder, so the court's next row written with the birth name alone, without a birth
    date, finds the file instead of opening a second one (the benchmark loop did so; the
    import did not before 05/12/2026)."""
    file = saint_denis_household(territory, "KONE", "Aminata", BORN)
    married = {
        "locataire_nom": "Sissoko épouse Koné",
        "locataire_prenom": "Aminata",
        "locataire_date_naissance": "21/04/1964",
    }
    _import(caf, [row(type_acte="IMPAYE", reference_acte="C1", **married)])
    assert ImportRow.objects.get(reference_acte="C1").household_id == file.pk
    form = HouseholdClaim.objects.get(household=file, field=ClaimField.NAME_FORM)
    assert form.last_name.casefold().startswith("sissoko")
    households = Household.objects.count()
    birth_name = {"locataire_nom": "SISSOKO", "locataire_prenom": "Aminata"}
    _import(
        caf,
        [
            row(
                type_acte="IMPAYE",
                reference_acte="C2",
                date_acte="10/04/2025",
                locataire_date_naissance="",
                **birth_name,
            )
        ],
    )
    assert ImportRow.objects.get(reference_acte="C2").household_id == file.pk
    assert Household.objects.count() == households
