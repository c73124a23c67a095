"""One write path per aggregate: every writer of households, procedures and acts goes
through the owning app's services, so afterwards every household has its matching keys
and search text, and every procedure's denormalised fields equal a fresh computation.

Writers run here: the demo loader, the benchmarks' bulk loader, the generator's database
output, the household form's services, a CSV import (with the address completion of its
follow-up), the review queue (both decisions), merge and split. Then rows copied from demo and hand-made households are imported and
must land on them.
"""

import copy
import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from prevex.access.services import involvement_add
from prevex.accounts.models import Membership, Organisation, OrganisationType
from prevex.core import clock
from prevex.demo.bulk import bulk_generate
from prevex.demo.services import demo_setup
from prevex.households.keys import expected_keys, stored_keys
from prevex.households.models import Household, Member, MemberRole, Parc
from prevex.households.services import compute_search_text, household_create, household_update
from prevex.intake import services as intake
from prevex.intake.models import ImportRow, ReviewDecision, ReviewItem, ReviewKind, RowStatus
from prevex.intake.review import review_decide
from prevex.matching.corrections import household_merge, household_split
from prevex.procedures.deadlines import refresh_procedure_fields
from prevex.procedures.models import Channel, Event, Procedure
from prevex.procedures.rules import RuleBook
from prevex.procedures.services import event_record, procedure_close, procedure_open
from prevex.synth.api import generate
from tests.intake.conftest import csv_bytes, row

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 15)
DENORMALISED = ("stage", "stage_date", "current_debt", "key_deadline")


@pytest.fixture
def demo(settings):
    settings.DEMO_MODE = True
    clock.freeze(TODAY)
    demo_setup(households=12, history_scale=0)
    return {m.organisation.type: m for m in Membership.objects.select_related("organisation")}


def _organisations() -> dict:
    return {o.type: o for o in Organisation.objects.filter(departement_id="93")}


def _form_household(by, last="Benali", first="Samia", address="12 rue de la République"):
    from prevex.core.models import Commune

    return household_create(
        by=by,
        departement="93",
        address=address,
        postal_code="93200",
        commune=Commune.objects.get(pk="93066"),
        parc=Parc.PRIVE,
        rent=Decimal("650"),
        members=[
            {
                "role": MemberRole.TITULAIRE,
                "last_name": last,
                "first_name": first,
                "birth_date": datetime.date(1985, 4, 12),
            }
        ],
    )


def _import(membership, rows, name="a.csv"):
    return intake.file_import(
        source=membership.organisation, content=csv_bytes(rows), filename=name, by=membership
    )


def _row_of(household: Household, **values) -> dict:
    """An import row copied from a stored household (titulaire, dwelling)."""
    holder = household.members.filter(role=MemberRole.TITULAIRE).order_by("id").first()
    base = {
        "locataire_nom": holder.last_name,
        "locataire_prenom": holder.first_name,
        "locataire_date_naissance": holder.birth_date.strftime("%d/%m/%Y")
        if holder.birth_date
        else "",
        "adresse": household.address,
        "code_postal": household.postal_code,
        "commune": household.commune.name,
        "code_commune": household.commune_id,
        "bailleur_nom": household.landlord_name or "M. Dupuis",
        "bailleur_type": "",
        "loyer_mensuel": str(household.rent),
    }
    base.update(values)
    return row(**base)


def _assert_consistent() -> None:
    ids = list(Household.objects.values_list("pk", flat=True))
    stored, expected = stored_keys(ids), expected_keys(ids)
    for pk in ids:
        assert stored[pk], f"ménage {pk} sans clé de rapprochement"
        assert stored[pk] == expected[pk], f"clés du ménage {pk}"
    for household in Household.objects.select_related("commune"):
        members = list(Member.objects.filter(household=household).order_by("role", "id"))
        assert household.search_text == compute_search_text(
            members=members, address=household.address, commune_name=household.commune.name
        ), household.reference
    rulebooks = {}
    for procedure in Procedure.objects.order_by("pk"):
        rulebook = rulebooks.setdefault(
            procedure.departement_id, RuleBook.for_departement(procedure.departement_id)
        )
        events = list(Event.objects.filter(procedure=procedure).order_by("date", "id"))
        fresh = copy.copy(procedure)
        refresh_procedure_fields(fresh, events, rulebook, clock.today())
        for name in DENORMALISED:
            assert getattr(fresh, name) == getattr(procedure, name), (procedure.pk, name)
    assert Event.objects.filter(channel="").count() == 0


def test_every_writer_leaves_keys_search_text_and_denormalised_fields_right(demo):
    ccapex = demo[OrganisationType.ETAT_CCAPEX]
    bailiff = demo[OrganisationType.COMMISSAIRE_JUSTICE]
    bulk_generate(n=15, seed=4)
    generate(preset="93", years="2023", seed=8, scale=0.003, format="db",
             organisations=_organisations())  # fmt: skip
    # The household form's services.
    made = _form_household(ccapex)
    involvement_add(household=made, organisation=bailiff.organisation, reason="DESIGNATION",
                    starts_on=datetime.date(2026, 1, 5), by=ccapex)  # fmt: skip
    procedure = procedure_open(household=made, stage="CDP", date=datetime.date(2026, 1, 5),
                               by=bailiff, debt_amount=Decimal("1200"))  # fmt: skip
    event_record(procedure=procedure, stage="ASSIGNATION", date=datetime.date(2026, 3, 2),
                 hearing_date=datetime.date(2026, 5, 4), by=bailiff)  # fmt: skip
    household_update(household=made, by=ccapex, address="14 rue de la République")
    # An import: a new household and an act on a known one.
    _import(bailiff, [row(locataire_nom="Traoré", locataire_prenom="Awa", reference_acte="N1",
                          adresse="3 rue Gabriel Péri"),
                      _row_of(made, type_acte="CQL", date_acte="01/06/2026",
                              reference_acte="K1")])  # fmt: skip
    # The import's follow-up: a file known by its estate takes the street of its flat.
    estate = _form_household(ccapex, "Sissoko", "Ibrahima",
                             address="Cité Emmaüs, Bât D, Esc 1, Appt 0409")  # fmt: skip
    _import(bailiff, [_row_of(estate, reference_acte="E1", adresse="147, rue Jacques Duclos, "
                              "bâtiment D, escalier 1, 4e étage, porte 0409")])  # fmt: skip
    estate.refresh_from_db()
    assert "Jacques Duclos" in estate.address
    # The review queue: an uncertain match decided both ways.
    twin = _form_household(ccapex, last="Diallo", first="Awa", address="5 rue Ordener")
    # Another first name, the same birth date, another address: a twin who moved?
    moved = {"adresse": "3 avenue Jean Jaurès", "code_postal": "93100", "commune": "Montreuil",
             "code_commune": "93048", "locataire_prenom": "Ava"}  # fmt: skip
    _import(bailiff, [_row_of(twin, reference_acte="U1", **moved),
                      _row_of(twin, reference_acte="U2", type_acte="ASSIGNATION",
                              date_acte="12/05/2026", date_audience="30/06/2026", **moved)])  # fmt: skip
    items = list(
        ReviewItem.objects.filter(
            kind=ReviewKind.MATCH, row__batch__source=bailiff.organisation
        ).order_by("id")
    )
    assert len(items) == 2
    # The second row repeats the first (it follows it): settled first, on its own.
    assert items[1].follows_id == items[0].pk
    review_decide(item=items[1], decision=ReviewDecision.MEME_MENAGE, by=ccapex,
                  household_id=twin.pk)  # fmt: skip
    review_decide(item=items[0], decision=ReviewDecision.NOUVEAU_MENAGE, by=ccapex)
    # Corrections: merge two files, split a procedure off.
    a, b = _form_household(ccapex, "Martin", "Léa"), _form_household(ccapex, "Martin", "Lea")
    first = procedure_open(household=b, stage="CDP", date=datetime.date(2025, 1, 6), by=ccapex)
    procedure_close(procedure=first, outcome="DETTE_SOLDEE", closed_on=datetime.date(2025, 3, 1),
                    by=ccapex)  # fmt: skip
    procedure_open(household=b, stage="CDP", date=datetime.date(2026, 2, 2), by=ccapex)
    kept = household_merge(keep=a, absorb=b, by=ccapex)
    household_split(household=kept, procedure_ids=[first.pk], by=ccapex)

    _assert_consistent()
    channels = set(Event.objects.values_list("channel", flat=True))
    assert channels == {Channel.FORM, Channel.IMPORT, Channel.REVIEW, Channel.GENERATOR}


def test_rows_copied_from_demo_and_form_households_attach_to_them(demo):
    bailiff = demo[OrganisationType.COMMISSAIRE_JUSTICE]
    made = _form_household(demo[OrganisationType.ETAT_CCAPEX], "Nguyen", "Thi")
    households = list(Household.objects.order_by("pk"))
    rows = [
        _row_of(h, reference_acte=f"COPIE-{h.pk}", type_acte="SIGNALEMENT", date_acte="01/06/2026")
        for h in households
    ]
    before = Household.objects.count()
    batch = _import(bailiff, rows)
    assert Household.objects.count() == before  # no second file
    for h in households:
        stored = ImportRow.objects.get(reference_acte=f"COPIE-{h.pk}")
        assert stored.household_id == h.pk, (h.reference, stored.status)
    assert batch.lus == len(households)
    assert made.pk in set(ImportRow.objects.values_list("household_id", flat=True))


def test_an_act_sent_again_under_a_new_reference_is_a_duplicate(demo):
    bailiff = demo[OrganisationType.COMMISSAIRE_JUSTICE]
    made = _form_household(demo[OrganisationType.ETAT_CCAPEX], "Lefebvre", "Marc")
    _import(bailiff, [_row_of(made, reference_acte="CDP-1", montant_dette="1500")])
    events = Event.objects.count()
    again = _import(bailiff, [_row_of(made, reference_acte="CDP-1-BIS", montant_dette="1500")])
    assert again.doublons == 1 and again.importes == 0
    assert Event.objects.count() == events
    stored = ImportRow.objects.get(reference_acte="CDP-1-BIS")
    assert stored.status == RowStatus.DOUBLON
    assert stored.event_id == ImportRow.objects.get(reference_acte="CDP-1").event_id
    # Another amount is another act.
    other = _import(bailiff, [_row_of(made, reference_acte="CDP-2", montant_dette="900")])
    assert other.doublons == 0 and Event.objects.count() == events + 1


def test_the_database_refuses_what_the_services_refuse(demo):
    household = _form_household(demo[OrganisationType.ETAT_CCAPEX], "Petit", "Jean")
    procedure_open(household=household, stage="CDP", date=datetime.date(2026, 1, 5), by=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        Procedure.objects.create(household=household, departement_id="93", ground="IMPAYES",
                                 opened_on=datetime.date(2026, 2, 1), stage="CDP",
                                 stage_date=datetime.date(2026, 2, 1))  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        Household.objects.filter(pk=household.pk).update(rent=Decimal("-1"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Procedure.objects.filter(household=household).update(
            closed_on=datetime.date(2025, 1, 1), outcome="DETTE_SOLDEE"
        )


def test_each_act_line_says_who_recorded_it_for_whom_and_through_which_channel(demo):
    from prevex.procedures.selectors import _procedures_with_events
    from prevex.procedures.timeline import timeline_entry

    bailiff = demo[OrganisationType.COMMISSAIRE_JUSTICE]
    secretariat = demo[OrganisationType.ETAT_CCAPEX]
    made = _form_household(secretariat, "Roux", "Inès")
    # The secretariat designates the bailiff: only then may it record on the file.
    involvement_add(
        household=made,
        organisation=bailiff.organisation,
        reason="DESIGNATION",
        starts_on=datetime.date(2026, 1, 5),
        by=secretariat,
    )
    procedure_open(household=made, stage="CDP", date=datetime.date(2026, 1, 5), by=bailiff)
    _import(bailiff, [_row_of(made, reference_acte="A1", type_acte="ASSIGNATION",
                              date_acte="02/03/2026", date_audience="04/05/2026")])  # fmt: skip
    _, events = _procedures_with_events(made.pk)
    lines = [timeline_entry(e).recorded for acts in events.values() for e in acts]
    user = bailiff.user
    who = f"enregistré par {user.first_name} {user.last_name} ({bailiff.organisation.name})"
    assert lines == [f"{who}, via formulaire", f"{who}, via import"]
