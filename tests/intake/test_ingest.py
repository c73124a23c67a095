"""The ingestion engine through its services: idempotency, updates, matching, flags."""

import datetime
from decimal import Decimal

import pytest

from prevex.households.models import (
    ContactChannel,
    Household,
    HouseholdKey,
    Involvement,
    Member,
    MemberRole,
    Parc,
    PastAddress,
)
from prevex.households.services import household_create, household_derived_refresh
from prevex.intake import selectors, services
from prevex.intake.models import (
    BatchStatus,
    ImportBatch,
    ImportRow,
    ReviewItem,
    ReviewKind,
    RowStatus,
)
from prevex.matching.models import HouseholdClaim, MatchDecision
from prevex.procedures.models import Event, Procedure
from prevex.procedures.services import procedure_open
from tests.intake.conftest import csv_bytes, row

pytestmark = pytest.mark.django_db


def _import(membership, rows, **kwargs):
    return services.file_import(
        source=membership.organisation,
        content=csv_bytes(rows, **kwargs),
        filename="actes.csv",
        by=membership,
    )


def _snapshot():
    """Everything an import may write, to compare before and after a re-import."""
    return {
        "households": sorted(Household.objects.values_list("pk", "reference")),
        "procedures": sorted(
            Procedure.objects.values_list("pk", "stage", "stage_date", "current_debt")
        ),
        "events": sorted(
            Event.objects.values_list("pk", "stage", "date", "debt_amount", "notes", "flagged")
        ),
        "rows": sorted(ImportRow.objects.values_list("pk", "status", "event_id")),
        "reviews": sorted(ReviewItem.objects.values_list("pk", "kind", "status")),
        "involvements": Involvement.objects.count(),
        "contacts": ContactChannel.objects.count(),
        "decisions": MatchDecision.objects.count(),
    }


def _existing_household(territory, **extra):
    household = household_create(
        by=None,
        departement="93",
        composition="AUTRE",
        address="12 rue de la République",
        postal_code="93200",
        commune=territory["saint_denis"],
        parc=Parc.PRIVE,
        rent=Decimal("650"),
        members=[
            {
                "role": MemberRole.TITULAIRE,
                "last_name": "Benali",
                "first_name": "Samia",
                "birth_date": datetime.date(1985, 4, 12),
            }
        ],
        **extra,
    )
    household_derived_refresh(household_ids=[household.pk])
    return household


def test_valid_rows_create_household_procedure_and_acts(bailiff):
    batch = _import(
        bailiff,
        [
            row(telephone="06 12 34 56 78"),
            row(
                type_acte="ASSIGNATION",
                reference_acte="ASS-1",
                date_acte="2025-05-02",
                date_audience="2025-09-01",
                montant_dette="3 250,50",
            ),
        ],
    )
    assert batch.status == BatchStatus.TERMINE
    assert batch.summary == {
        "lus": 2,
        "importes": 2,
        "mis_a_jour": 0,
        "doublons": 0,
        "quarantaine": 0,
        "revue": 0,
    }
    household = Household.objects.get()
    assert household.reference.startswith("93-2025-")
    assert household.members.get().last_name == "Benali"
    procedure = Procedure.objects.get()
    assert (procedure.stage, procedure.current_debt) == ("ASSIGNATION", Decimal("3250.50"))
    assert list(Event.objects.order_by("date").values_list("stage", "reference", "source_id")) == [
        ("CDP", "CDP-001", bailiff.organisation_id),
        ("ASSIGNATION", "ASS-1", bailiff.organisation_id),
    ]
    assert Involvement.objects.filter(
        household=household, organisation=bailiff.organisation, reason="ACTE"
    ).exists()
    assert ContactChannel.objects.get(household=household).value == "0612345678"
    decisions = MatchDecision.objects.filter(source_kind="intake_row").order_by("id")
    assert [d.outcome for d in decisions] == ["NEW", "MATCH"]
    assert ImportRow.objects.filter(match_decision_id__isnull=False).count() == 2


def test_same_file_twice_changes_nothing(bailiff):
    rows = [
        row(reference_acte="", type_acte="SIGNALEMENT", date_acte="01/01/2025"),
        row(),
        row(date_acte="31/02/2025", reference_acte="BAD-1"),
        row(locataire_nom='=HYPERLINK("http://x")', reference_acte=""),
    ]
    first = _import(bailiff, rows)
    assert (first.importes, first.quarantaine) == (2, 2)
    before = _snapshot()
    second = _import(bailiff, rows)
    assert second.status == BatchStatus.TERMINE
    # The two quarantined rows are read again and stay in quarantine (nothing of them was
    # recorded: they are no « doublons »; tests/intake/test_quarantine_resent.py).
    assert second.summary == {
        "lus": 4,
        "importes": 0,
        "mis_a_jour": 0,
        "doublons": 2,
        "quarantaine": 2,
        "revue": 0,
    }
    assert _snapshot() == before


def test_same_reference_new_amount_updates_the_act_without_duplicating(bailiff):
    _import(bailiff, [row(montant_dette="1950", observations="")])
    batch = _import(bailiff, [row(montant_dette="2 400,00", observations="Enfant en bas âge.")])
    assert (batch.mis_a_jour, batch.importes, batch.doublons) == (1, 0, 0)
    event = Event.objects.get()
    assert (event.debt_amount, event.notes) == (Decimal("2400.00"), "Enfant en bas âge.")
    assert Procedure.objects.get().current_debt == Decimal("2400.00")
    assert ImportRow.objects.get().status == RowStatus.MIS_A_JOUR


def test_same_reference_for_another_act_is_quarantined(bailiff):
    _import(bailiff, [row()])
    batch = _import(bailiff, [row(date_acte="11/03/2025")])
    assert batch.quarantaine == 1
    assert Event.objects.count() == 1
    conflict = ImportRow.objects.get(status=RowStatus.QUARANTAINE)
    assert conflict.dedup_key is None
    assert "une référence désigne un seul acte" in conflict.errors[0]["message"]


def test_same_act_without_reference_is_recognised(bailiff):
    _import(bailiff, [row(reference_acte="", montant_dette="1000")])
    batch = _import(bailiff, [row(reference_acte="", locataire_nom="BENALI", montant_dette="1200")])
    assert batch.mis_a_jour == 1
    assert Event.objects.get().debt_amount == Decimal("1200")


def test_act_on_known_household_extends_its_open_procedure(bailiff, territory):
    household = _existing_household(territory)
    procedure_open(household=household, stage="IMPAYE", date=datetime.date(2025, 1, 5), by=None)
    batch = _import(bailiff, [row(locataire_nom="BENALLI", locataire_prenom="samia")])
    # Recorded on the file, which stays closed to the bailiff until the secretariat
    # opens it (« nouvel intervenant », tests/access).
    assert batch.revue == 1
    assert Household.objects.count() == 1
    assert Procedure.objects.get().stage == "CDP"
    assert ImportRow.objects.get().household_id == household.pk
    assert ReviewItem.objects.get().kind == ReviewKind.INTERVENANT


def test_out_of_order_act_is_recorded_flagged_and_sent_to_review(bailiff, territory):
    household = _existing_household(territory)
    procedure_open(
        household=household,
        stage="ASSIGNATION",
        date=datetime.date(2025, 4, 1),
        hearing_date=datetime.date(2025, 9, 1),
        by=None,
    )
    batch = _import(bailiff, [row(date_acte="10/03/2025")])  # CDP before the assignation
    assert batch.revue == 1
    event = Event.objects.get(stage="CDP")
    assert "antérieure au dernier acte" in event.flagged
    item = ReviewItem.objects.get(kind="ORDRE")
    assert (item.kind, item.event_id, item.household_id) == ("ORDRE", event.pk, household.pk)
    assert ImportRow.objects.get().status == RowStatus.REVUE


def test_uncertain_match_goes_to_review_with_nothing_attached(bailiff, territory):
    household = _existing_household(territory)
    # Same surname and birth date, another first name and address: a twin? a move with a
    # typo? The engine cannot tell.
    batch = _import(
        bailiff,
        [
            row(
                locataire_prenom="Samir",
                adresse="3 avenue Jean Jaurès",
                code_postal="93100",
                commune="Montreuil",
            )
        ],
    )
    assert batch.revue == 1
    item = ReviewItem.objects.get()
    assert item.kind == ReviewKind.MATCH
    assert [c["household_id"] for c in item.candidates] == [household.pk]
    imported = ImportRow.objects.get()
    assert (imported.status, imported.household_id, imported.event_id) == ("REVUE", None, None)
    assert not Event.objects.exists()


def test_commune_of_another_departement_is_quarantined(bailiff):
    batch = _import(bailiff, [row(code_postal="75001", commune="Paris")])
    assert batch.quarantaine == 1
    error = ImportRow.objects.get().errors[0]
    assert error["column"] == "code_postal"
    assert "département de l'organisation émettrice (93)" in error["message"]


def test_sender_fixes_a_quarantined_row_by_sending_it_again(bailiff):
    _import(bailiff, [row(date_acte="31/02/2025")])
    batch = _import(bailiff, [row()])
    assert batch.importes == 1
    only = ImportRow.objects.get()
    assert (only.status, only.errors) == (RowStatus.IMPORTE, [])
    assert only.event_id is not None


def test_a_corrected_surname_still_replaces_the_quarantined_row(bailiff):
    """The sender fixes the tenant's surname itself: the same first name and birth date
    say it is the same row (items.same_tenant); another tenant under the reference would
    be a conflict (tests/intake/test_nasty_duplicates_and_references.py)."""
    _import(bailiff, [row(locataire_nom="Ben@li", locataire_date_naissance="01/02/1980")])
    assert ImportRow.objects.get().status == RowStatus.QUARANTAINE
    batch = _import(bailiff, [row(locataire_date_naissance="01/02/1980")])
    assert batch.importes == 1
    only = ImportRow.objects.get()
    assert (only.status, only.raw["locataire_nom"]) == (RowStatus.IMPORTE, "Benali")


def test_two_rows_of_one_new_household_in_one_file_make_one_household(bailiff):
    _import(
        bailiff,
        [
            row(),
            row(
                type_acte="ASSIGNATION",
                reference_acte="ASS-9",
                date_acte="02/05/2025",
                date_audience="01/09/2025",
                locataire_nom="BENALI",
            ),
        ],
    )
    assert Household.objects.count() == 1
    assert Procedure.objects.get().stage == "ASSIGNATION"


def test_rows_ingest_for_the_api(caf, bailiff):
    result = services.rows_ingest(
        source=caf.organisation,
        rows=[row(type_acte="IMPAYE", reference_acte="CAF-1"), row(date_acte="demain")],
        channel="API",
    )
    assert result.summary["importes"] == 1 and result.summary["quarantaine"] == 1
    ok, bad = result.results
    assert ok.status == "IMPORTE" and ok.household_id and ok.event_id
    assert bad.status == "QUARANTAINE"
    assert bad.errors[0].column == "date_acte"
    assert ImportBatch.objects.get(pk=result.batch_id).channel == "API"
    assert selectors.row_result(organisation=caf.organisation, row_id=ok.row_id).status == (
        "IMPORTE"
    )
    assert selectors.row_result(organisation=bailiff.organisation, row_id=ok.row_id) is None
    again = services.rows_ingest(
        source=caf.organisation, rows=[row(type_acte="IMPAYE", reference_acte="CAF-1")]
    )
    assert again.results[0].status == "DOUBLON"
    assert again.results[0].row_id == ok.row_id


def test_new_households_get_the_matching_engine_s_blocking_keys(bailiff):
    _import(
        bailiff,
        [
            row(cotitulaire_nom="Benali", cotitulaire_prenom="Karim"),
            row(
                reference_acte="X",
                locataire_nom="Traoré",
                locataire_prenom="Moussa",
                locataire_date_naissance="",
                adresse="3 bd Anatole France",
            ),
        ],
    )
    written = sorted(HouseholdKey.objects.values_list("household_id", "kind", "value"))
    assert len({h for h, _, _ in written}) == 2
    household_derived_refresh(household_ids=Household.objects.values_list("pk", flat=True))
    assert sorted(HouseholdKey.objects.values_list("household_id", "kind", "value")) == written


def test_a_move_in_the_departement_is_attached_and_the_old_address_kept(bailiff, territory):
    household = _existing_household(territory)
    batch = _import(
        bailiff,
        [row(adresse="3 avenue Jean Jaurès", code_postal="93100", commune="Montreuil")],
    )
    assert batch.quarantaine == 0
    assert not ReviewItem.objects.filter(kind=ReviewKind.MATCH).exists()
    imported = ImportRow.objects.get()
    assert imported.household_id == household.pk
    household.refresh_from_db()
    assert (household.address, household.commune_id) == ("3 avenue Jean Jaurès", "93048")
    past = PastAddress.objects.get(household=household)
    assert (past.address, past.commune_id, past.left_on) == (
        "12 rue de la République",
        "93066",
        datetime.date(2025, 3, 10),
    )
    assert (past.source_kind, past.source_id) == ("intake_row", imported.pk)


def test_what_a_matched_row_adds_is_a_claim_not_a_write(bailiff, territory):
    household = _existing_household(territory)
    Member.objects.filter(household=household).update(birth_date=None)
    household_derived_refresh(household_ids=[household.pk])
    batch = _import(bailiff, [row(cotitulaire_nom="Haddad", cotitulaire_prenom="Karim")])
    imported = ImportRow.objects.get()
    assert not ReviewItem.objects.filter(kind=ReviewKind.MATCH).exists()
    assert batch.quarantaine == 0 and imported.household_id == household.pk
    assert [(m.last_name, m.birth_date) for m in household.members.all()] == [("Benali", None)]
    claims = HouseholdClaim.objects.filter(household=household).order_by("field")
    assert [(c.field, c.value_label, c.source_id) for c in claims] == [
        ("BIRTH_DATE", "12/04/1985", imported.pk),
        ("CO_TENANT", "HADDAD Karim", imported.pk),
    ]
