"""Each write of a household file leaves its history row: author, organisation, channel,
field group, and what changed."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from prevex.accounts.models import OrganisationType
from prevex.audit.models import WriteLog
from prevex.audit.services import WriteEntry, log_writes_many, write_channel
from prevex.core import clock
from prevex.households import services as households
from prevex.households.models import InvolvementReason, MemberRole
from prevex.procedures import services as procedures
from prevex.procedures.models import Stage
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def rows(**filters) -> list[WriteLog]:
    return list(WriteLog.objects.filter(**filters).order_by("id"))


def changes(row: WriteLog) -> dict[str, tuple[str, str]]:
    return {c["label"]: (c["old"], c["new"]) for c in row.changes}


def test_creating_a_household_writes_one_entry_per_group(secretariat, saint_denis):
    household = households.household_create(
        by=secretariat,
        departement="93",
        composition="COUPLE_AVEC_ENFANTS",
        address="3 rue Gabriel Péri",
        postal_code="93200",
        commune=saint_denis,
        parc="PRIVE",
        rent=Decimal("700"),
        monthly_resources=Decimal("1500"),
        resources_note="Salaire",
        members=[
            {"role": MemberRole.TITULAIRE, "last_name": "Haddad", "first_name": "Karim",
             "birth_date": datetime.date(1980, 1, 2)},
            {"role": MemberRole.ENFANT, "last_name": "Haddad", "first_name": "Lina",
             "birth_date": datetime.date(2015, 5, 6)},
        ],
        contacts=[{"kind": "TELEPHONE", "value": "06 00 00 00 01"}],
        vulnerabilities=[{"kind": "HANDICAP", "note": "fauteuil",
                          "recorded_on": datetime.date(2025, 1, 3)}],
    )  # fmt: skip
    entries = {row.field_group: row for row in rows(household_id=household.pk)}
    assert set(entries) == {"LEASE", "IDENTITY", "PROCEDURE", "SOCIAL", "HEALTH"}
    for row in entries.values():
        assert row.user_id == secretariat.user_id
        assert row.organisation_id == secretariat.organisation_id
        assert row.channel == "FORM"
    lease = entries["LEASE"]
    assert lease.summary == f"Dossier {household.reference} créé : Karim HADDAD"
    assert changes(lease)["Adresse"] == ("", "3 rue Gabriel Péri")
    # A value of a group never appears in another group's entry.
    assert "Lina" not in str(lease.changes) and "1980" not in str(lease.changes)
    assert "Lina HADDAD, né(e) le 06/05/2015" in str(entries["IDENTITY"].changes)
    assert changes(entries["PROCEDURE"])["Loyer mensuel hors charges (€)"] == ("", "700,00 €")
    assert entries["SOCIAL"].object_type == "SOCIAL_EVALUATION"
    assert (
        entries["HEALTH"].summary == "Vulnérabilité signalée : Handicap (constatée le 03/01/2025)"
    )
    assert household.social_evaluations.get().written_by_id == secretariat.user_id


def test_updating_a_household_splits_the_changes_by_group(household, association):
    households.household_update(
        household=household,
        by=association,
        address="5 avenue Jean Jaurès",
        rent=Decimal("690.00"),
        composition=household.composition,  # unchanged: no entry
    )
    entries = rows(household_id=household.pk)
    assert [(r.field_group, r.operation) for r in entries] == [
        ("LEASE", "UPDATE"),
        ("PROCEDURE", "UPDATE"),
    ]
    lease, procedure = entries
    assert changes(lease) == {"Adresse": ("12 rue de la République", "5 avenue Jean Jaurès")}
    assert changes(procedure) == {"Loyer mensuel hors charges (€)": ("650,00 €", "690,00 €")}
    assert lease.summary == "Dossier modifié : adresse"
    assert {r.organisation_id for r in entries} == {association.organisation_id}


def test_social_evaluation_vulnerability_and_involvement(household, social_worker, secretariat):
    households.household_social_update(
        household=household,
        by=social_worker,
        monthly_resources=Decimal("1100.50"),
        resources_note="RSA",
        social_evaluation="Premier entretien.",
    )
    households.household_social_update(
        household=household,
        by=secretariat,
        monthly_resources=Decimal("1100.50"),
        resources_note="RSA et APL",
        social_evaluation="Second entretien.",
    )
    households.vulnerability_add(
        household=household,
        by=social_worker,
        kind="SANTE",
        note="suivi",
        recorded_on=datetime.date(2025, 3, 1),
    )
    caf = OrganisationFactory(type=OrganisationType.CAF, name="CAF 93")
    households.involvement_add(
        household=household,
        organisation=caf,
        reason=InvolvementReason.DESIGNATION,
        starts_on=datetime.date(2025, 3, 10),
        by=secretariat,
    )
    first, second, health, involvement = rows(household_id=household.pk)
    assert (first.field_group, first.user_id) == ("SOCIAL", social_worker.user_id)
    assert first.summary == "Évaluation sociale : première version"
    assert (second.summary, second.user_id) == (
        "Évaluation sociale : nouvelle version",
        secretariat.user_id,
    )
    assert changes(second) == {
        "Nature des ressources": ("RSA", "RSA et APL"),
        "Évaluation sociale": ("", "texte modifié (voir les versions datées)"),
    }
    assert (health.field_group, health.object_type) == ("HEALTH", "VULNERABILITY")
    assert (involvement.field_group, involvement.object_type) == ("IDENTITY", "INVOLVEMENT")
    assert involvement.summary.startswith("Implication de CAF 93 : désignée par le secrétariat")
    assert household.social_evaluations.count() == 2


def test_procedure_open_record_and_close(household, secretariat):
    procedure = procedures.procedure_open(
        household=household,
        stage=Stage.CDP,
        date=datetime.date(2025, 1, 6),
        debt_amount=Decimal("1950"),
        by=secretariat,
    )
    procedures.event_record(
        procedure=procedure,
        stage=Stage.ASSIGNATION,
        date=datetime.date(2025, 3, 7),
        hearing_date=datetime.date(2025, 6, 2),
        by=secretariat,
    )
    procedures.procedure_close(
        procedure=procedure,
        outcome="DETTE_SOLDEE",
        closed_on=datetime.date(2025, 3, 10),
        by=secretariat,
    )
    entries = rows(household_id=household.pk)
    assert [(r.object_type, r.summary) for r in entries] == [
        ("PROCEDURE", "Procédure ouverte le 06/01/2025 (impayés de loyer)"),
        ("EVENT", "Acte enregistré : Commandement de payer du 06/01/2025"),
        ("EVENT", "Acte enregistré : Assignation du 07/03/2025"),
        ("PROCEDURE", "Procédure clôturée le 10/03/2025 : dette soldée"),
    ]
    assert {r.field_group for r in entries} == {"PROCEDURE"}
    assert {r.user_id for r in entries} == {secretariat.user_id}
    assert changes(entries[1])["Montant de la dette (€)"] == ("", "1 950,00 €")
    assert changes(entries[2])["Date d'audience"] == ("", "02/06/2025")


def test_bulk_logger_and_channel(household, secretariat):
    entries = [
        WriteEntry(
            household_id=household.pk,
            object_type="EVENT",
            object_id=i,
            field_group="PROCEDURE",
            summary=f"Acte {i}",
            organisation_id=secretariat.organisation_id,
        )
        for i in range(3)
    ]
    with write_channel("IMPORT"):
        assert log_writes_many(entries) == 3
    assert [(r.channel, r.user_id, r.organisation_id) for r in rows()] == [
        ("IMPORT", None, secretariat.organisation_id)
    ] * 3
    with pytest.raises(ValueError, match="Groupe de champs inconnu"):
        log_writes_many([WriteEntry(household.pk, "EVENT", 1, "SECRET", "x")])
    with pytest.raises(ValueError, match="Canal inconnu"), write_channel("FAX"):
        pass


def test_demo_loader_writes_through_the_demo_channel(settings):
    settings.DEMO_MODE = True
    clock.freeze(datetime.date(2026, 6, 15))
    call_command("demo_setup", menages=2, echelle_historique=0, stdout=StringIO())
    channels = set(WriteLog.objects.values_list("channel", flat=True).order_by("channel"))
    assert channels == {"DEMO"}


def test_member_changes_are_split_between_lease_and_identity(household, secretariat):
    from prevex.households.history import members_changed_entries

    before = list(household.members.order_by("id"))
    child = {"role": "ENFANT", "last_name": "Benali", "first_name": "Nour", "birth_date": None}
    same_holder = [{"role": m.role, "last_name": m.last_name, "first_name": m.first_name,
                    "birth_date": m.birth_date} for m in before]  # fmt: skip
    (identity,) = members_changed_entries(
        household_id=household.pk, before=before, after=[*same_holder, child], by=secretariat
    )
    assert (
        identity.field_group == "IDENTITY" and "Nour BENALI (enfant)" in identity.changes[0]["new"]
    )
    renamed = [{**same_holder[0], "first_name": "Samira"}]
    lease, identity = members_changed_entries(
        household_id=household.pk, before=before, after=renamed, by=secretariat
    )
    assert lease.field_group == "LEASE"
    assert lease.changes[0]["old"] == "Samia BENALI (titulaire du bail)"
    assert "12/04/1985" not in str(lease.changes)  # birth dates are IDENTITY
