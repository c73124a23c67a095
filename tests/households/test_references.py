"""Household references: two writers at the same time never get the same number."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connection, transaction

from prevex.households.models import Household
from prevex.households.services import household_create, next_references
from tests.factories import MembershipFactory, OrganisationFactory, commune

TIMEOUT = 20


def _create(by, place):
    return household_create(
        by=by,
        departement="93",
        composition="PERSONNE_SEULE",
        address="3 rue de la Paix",
        postal_code="93200",
        commune=place,
        parc="PRIVE",
        rent=Decimal("600"),
        members=[{"role": "TITULAIRE", "last_name": "Diallo", "first_name": "Awa"}],
    )


@pytest.mark.django_db
def test_references_follow_the_last_one_of_the_year():
    with transaction.atomic():
        first = next_references("93", 2, datetime.date(2026, 5, 1))
    assert first == ["93-2026-000001", "93-2026-000002"]


@pytest.mark.django_db(transaction=True)
def test_next_references_refuses_to_run_outside_a_transaction():
    with pytest.raises(RuntimeError, match="inside a transaction"):
        next_references("93", 1, datetime.date(2026, 5, 1))


@pytest.mark.django_db(transaction=True)
def test_a_writer_waits_for_the_other_and_takes_the_next_number():
    """Writer A allocates a number and keeps its transaction open; writer B, started
    meanwhile, must wait and take the next number (without the lock, on PostgreSQL, B
    computes the same number and fails on the unique reference)."""
    place = commune()
    by = MembershipFactory(organisation=OrganisationFactory(ccapex=True))
    allocated = threading.Event()
    errors: list[BaseException] = []

    def writer_a():
        try:
            with transaction.atomic():
                _create(by, place)
                allocated.set()
                threading.Event().wait(0.5)  # B starts while A is still open
        except BaseException as error:  # noqa: BLE001 — reported to the test
            errors.append(error)
            allocated.set()
        finally:
            connection.close()

    def writer_b():
        try:
            assert allocated.wait(TIMEOUT)
            _create(by, place)
        except BaseException as error:  # noqa: BLE001 — reported to the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer_a), threading.Thread(target=writer_b)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)
    assert not any(t.is_alive() for t in threads)
    assert errors == []
    references = sorted(Household.objects.values_list("reference", flat=True))
    year = datetime.date.today().year
    assert len(references) == 2 and len(set(references)) == 2
    assert references[1].endswith("000002") and references[0].startswith(f"93-{year}-")
