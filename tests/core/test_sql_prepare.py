"""``insert_objects`` and ``insert_values`` skip Django's value preparation for the values
the driver takes as they are (``prevex.core.sql._preparer``): the stored values must be
exactly those Django's own ``bulk_create`` stores — dates, datetimes with a time zone,
Decimals, None, booleans, JSON — on both engines (compared as the database returns
them, and as text where the driver could hide a difference)."""

import datetime
import warnings
import zoneinfo
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from prevex.core.sql import bulk_update_cases, insert_objects, insert_values, instance
from prevex.intake.models import ImportBatch
from prevex.procedures.models import Event, Procedure
from tests import factories

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def _stored(model, pks: list[int], skip: set[str]) -> list[tuple]:
    """The rows as the database gives them back, in ``pks`` order, without the id and
    ``skip`` columns; each value also as text (numeric scale, time zone, JSON spacing)."""
    meta = model._meta
    columns = [f.column for f in meta.concrete_fields if not f.primary_key and f.name not in skip]
    quote = connection.ops.quote_name
    select = ", ".join(f"{quote(c)}, CAST({quote(c)} AS TEXT)" for c in columns)
    rows = {}
    with connection.cursor() as cursor:
        for pk in pks:
            cursor.execute(
                f"SELECT {select} FROM {quote(meta.db_table)} WHERE {quote(meta.pk.column)} = %s",  # noqa: S608
                [pk],
            )
            rows[pk] = cursor.fetchone()
    return [rows[pk] for pk in pks]


def _procedure(household) -> Procedure:
    return Procedure.objects.create(
        household=household,
        departement_id="93",
        ground="IMPAYES",
        opened_on=datetime.date(2024, 1, 5),
        stage="CDP",
        stage_date=datetime.date(2024, 1, 5),
    )


EVENTS = [
    # date, debt, hearing, contradictoire, grace: native values, then values only Django
    # converts (a string date, a datetime for a date, a string amount, a float).
    dict(date=datetime.date(2024, 2, 29), debt_amount=Decimal("1234.5"),
         hearing_date=datetime.date(2024, 6, 3), contradictoire=True, grace_months=3),
    dict(date=datetime.date(2024, 3, 1), debt_amount=None, hearing_date=None,
         contradictoire=None, grace_months=None),
    dict(date=datetime.date(2024, 3, 2), debt_amount=Decimal("0.00"), hearing_date=None,
         contradictoire=False, grace_months=0),
    dict(date="2024-03-04", debt_amount="99.999", hearing_date=datetime.datetime(2024, 7, 1, 9),
         contradictoire=True, grace_months=1),
    dict(date=datetime.date(2024, 3, 5), debt_amount=12.3, hearing_date=None,
         contradictoire=None, grace_months=None),
]  # fmt: skip


def _events(procedure, organisation) -> list[Event]:
    return [
        Event(procedure=procedure, stage="CDP", source=organisation, reference="R-1",
              notes="« note »\t\\n", flagged="", channel="IMPORT", **values)
        for values in EVENTS
    ]  # fmt: skip


def test_events_are_stored_as_bulk_create_stores_them(household, organisation):
    procedure = _procedure(household)
    by_django = Event.objects.bulk_create(_events(procedure, organisation))
    ours = _events(procedure, organisation)
    insert_objects(Event, ours)
    skip = {"recorded_at"}
    assert _stored(Event, [e.pk for e in ours], skip) == _stored(
        Event, [e.pk for e in by_django], skip
    )
    # The instance keeps what it was given (as with bulk_create).
    assert ours[0].debt_amount == Decimal("1234.5")


def _batches(organisation, user) -> list[ImportBatch]:
    summer = datetime.datetime(2024, 7, 14, 23, 30, 15, 123456, tzinfo=PARIS)
    winter = datetime.datetime(2024, 1, 1, 0, 0, tzinfo=datetime.UTC)
    naive = datetime.datetime(2024, 3, 31, 2, 30)  # Django makes it aware (with a warning)
    return [
        ImportBatch(source=organisation, departement_id="93", channel="FICHIER",
                    notices=notices, finished_at=finished, created_by=user, filename="é.csv")
        for notices, finished in [
            (["Ligne 3 : « date » illisible", {"n": 1.5, "ok": True, "rien": None}], summer),
            ([], winter),
            ({"clé": ["ü", 2]}, None),
            ("texte seul", naive),
            ([None], summer),
        ]
    ]  # fmt: skip


def test_batches_are_stored_as_bulk_create_stores_them(organisation, user):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # the naive datetime, both ways
        by_django = ImportBatch.objects.bulk_create(_batches(organisation, user))
        ours = _batches(organisation, user)
        insert_objects(ImportBatch, ours)
        rows = [
            {f.attname: getattr(b, f.attname) for f in ImportBatch._meta.concrete_fields
             if not f.primary_key} | {"created_at": ours[0].created_at}
            for b in _batches(organisation, user)
        ]  # fmt: skip
        by_values = insert_values(ImportBatch, rows)
    skip = {"created_at"}
    expected = _stored(ImportBatch, [b.pk for b in by_django], skip)
    assert _stored(ImportBatch, [b.pk for b in ours], skip) == expected
    assert _stored(ImportBatch, by_values, skip) == expected
    stored = ImportBatch.objects.get(pk=ours[0].pk)
    assert stored.finished_at == ours[0].finished_at and stored.notices == ours[0].notices
    assert ImportBatch.objects.get(pk=ours[2].pk).finished_at is None


TRICKY_JSON = [
    # What COPY's text format escapes, JSON's own escapes, and what is neither ASCII nor
    # in the basic plane: JSON goes to COPY as text (``_preparer(copy=True)``).
    ["tab\tnewline\nreturn\r", "back\\slash \\N \\\\N", '« guillemets » "quoted"', "😀 €"],
    {"\\N": None, "clé\t": [1, 2.5, True, False, {"": ""}], "nul": "a\u0001b"},
    "\\N",
    [],
    {},
]


def test_json_sent_as_text_is_stored_as_bulk_create_stores_it(organisation):
    def batches():
        return [
            ImportBatch(source=organisation, departement_id="93", channel="FICHIER", notices=n)
            for n in TRICKY_JSON
        ]

    by_django = ImportBatch.objects.bulk_create(batches())
    ours = batches()
    insert_objects(ImportBatch, ours)
    by_values = insert_values(
        ImportBatch,
        [{"source_id": organisation.pk, "departement_id": "93", "channel": "FICHIER",
          "notices": n, "created_at": ours[0].created_at} for n in TRICKY_JSON],
    )  # fmt: skip
    skip = {"created_at"}
    expected = _stored(ImportBatch, [b.pk for b in by_django], skip)
    assert _stored(ImportBatch, [b.pk for b in ours], skip) == expected
    assert _stored(ImportBatch, by_values, skip) == expected
    assert [ImportBatch.objects.get(pk=b.pk).notices for b in ours] == TRICKY_JSON


def test_values_django_refuses_are_still_refused(household, organisation):
    procedure = _procedure(household)
    for bad in (Decimal("NaN"), "douze"):
        for write in (Event.objects.bulk_create, lambda events: insert_objects(Event, events)):
            event = _events(procedure, organisation)[0]
            event.debt_amount = bad
            with pytest.raises(ValidationError), transaction.atomic():
                write([event])
    assert not Event.objects.exists()


@pytest.fixture
def organisation():
    return factories.OrganisationFactory()


@pytest.fixture
def user():
    return factories.UserFactory()


@pytest.fixture
def household():
    return factories.HouseholdFactory()


def _same(built, made) -> None:
    state = {k: v for k, v in made.__dict__.items() if k != "_state"}
    assert {k: v for k, v in built.__dict__.items() if k != "_state"} == state
    assert (built._state.adding, built._state.db) == (made._state.adding, made._state.db)
    assert built._state.fields_cache.keys() == made._state.fields_cache.keys()
    for name, cached in made._state.fields_cache.items():
        assert built._state.fields_cache[name] is cached


def test_instance_builds_what_the_model_builds(household, organisation):
    procedure = _procedure(household)
    unsaved = Procedure(household=household, departement_id="93", opened_on=datetime.date.today())
    for model, values in [
        (Event, {"procedure": procedure, "stage": "CDP", "date": datetime.date(2024, 2, 1),
                 "source_id": organisation.pk, "debt_amount": Decimal("1.50")}),
        (Event, {"procedure": unsaved, "stage": "CDP", "date": datetime.date(2024, 2, 1),
                 "source": None}),
        (ImportBatch, {"source": organisation, "departement_id": "93", "channel": "FICHIER"}),
        (Procedure, {"household_id": household.pk, "departement_id": "93"}),
    ]:  # fmt: skip
        _same(instance(model, **values), model(**values))
    # Not a field: the model's own constructor decides.
    with pytest.raises(TypeError):
        instance(Event, stage="CDP", nope=1)
    built = instance(Event, procedure=unsaved, stage="CDP", date=datetime.date(2024, 2, 1))
    assert built.procedure is unsaved and built.procedure_id is None and built.pk is None
    assert built.notes == "" and built.debt_amount is None


def test_bulk_update_cases_writes_what_save_writes(household, user):
    """The CASE update (SQLite) and the array update (PostgreSQL) store what ``save``
    stores, leave the other rows alone and count the rows written."""
    others = [factories.HouseholdFactory() for _ in range(2)]
    procedures = [_procedure(h) for h in [household, *others]]
    untouched = procedures.pop()
    values = [
        dict(stage="JUGEMENT", stage_date=datetime.date(2024, 2, 29), current_debt=Decimal("1234.5"),
             key_deadline=None, closed_on=datetime.date(2024, 3, 1), outcome="DETTE_SOLDEE",
             closed_by_id=user.pk),
        dict(stage="CDP", stage_date=datetime.date(2024, 1, 6), current_debt=None,
             key_deadline=datetime.date(2025, 1, 1), closed_on=None, outcome="", closed_by_id=None),
    ]  # fmt: skip
    fields = list(values[0])
    before = _stored(Procedure, [untouched.pk], set())
    for procedure, new in zip(procedures, values, strict=True):
        for name, value in new.items():
            setattr(procedure, name, value)
    assert bulk_update_cases(Procedure, procedures, fields, batch_size=1) == 2
    written = _stored(Procedure, [p.pk for p in procedures], set())
    for procedure in procedures:
        procedure.save()
    assert _stored(Procedure, [p.pk for p in procedures], set()) == written
    assert _stored(Procedure, [untouched.pk], set()) == before
    for procedure, new in zip(procedures, values, strict=True):
        stored = Procedure.objects.get(pk=procedure.pk)
        assert {name: getattr(stored, name) for name in new} == new
    assert bulk_update_cases(Procedure, [], fields) == 0
