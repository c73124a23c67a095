"""The header's count of open tasks: the gate's statement, compiled once per membership
and day (``selectors._count_statement``), counts what the gate lets the organisation see,
day after day (an involvement that ends takes its file's tasks out of the count)."""

import datetime

import pytest

from prevex.core import clock
from prevex.support import selectors, services
from prevex.support.models import Alert
from tests.factories import (
    HouseholdFactory,
    InvolvementFactory,
    MembershipFactory,
    OrganisationFactory,
)

from .conftest import TODAY


def _count(membership) -> int:
    return selectors.open_task_count(membership=membership)


def _gate_count(membership) -> int:
    return selectors._open_tasks(membership).count()


@pytest.mark.django_db
def test_the_count_is_the_gates_day_after_day(file):
    household, _, worker = file
    other = HouseholdFactory()  # a file the worker's organisation leaves tomorrow
    InvolvementFactory(household=other, organisation=worker.organisation, ends_on=TODAY)
    # (two tasks on the same file: two labels, the same one twice is a double entry)
    for h, title in ((household, "Rappeler"), (other, "Rappeler"), (household, "Écrire")):
        services.task_create(household=h, by=worker, title=title)
    # Another organisation's task, and a task done: never counted.
    ccapex = MembershipFactory(organisation=OrganisationFactory(ccapex=True))
    services.task_create(household=household, by=ccapex, title="Relancer")
    done = services.task_create(household=household, by=worker, title="Fait")
    Alert.objects.filter(pk=done.pk).update(resolved_on=TODAY)

    assert _count(worker) == _gate_count(worker) == 3
    assert _count(ccapex) == _gate_count(ccapex) == 1
    clock.freeze(TODAY + datetime.timedelta(days=1))  # the involvement has ended
    assert _count(worker) == _gate_count(worker) == 2
    services.task_create(household=household, by=worker, title="Encore")
    assert _count(worker) == 3  # the statement is kept, the rows are read again
    clock.freeze(TODAY)
    assert _count(worker) == 4
