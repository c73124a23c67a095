import datetime

import pytest

from prevex.core import clock


@pytest.fixture(autouse=True)
def released():
    yield
    clock.freeze(None)


def test_pinned_sets_today_inside_the_block_and_restores_the_previous_pin():
    outer = datetime.date(2024, 5, 2)
    inner = datetime.date(2023, 1, 9)
    clock.freeze(outer)
    with clock.pinned(inner):
        assert clock.today() == inner
    assert clock.today() == outer


def test_pinned_restores_even_when_the_block_fails():
    clock.freeze(None)
    real = clock.today()
    with pytest.raises(RuntimeError), clock.pinned(datetime.date(2020, 2, 29)):
        assert clock.today() == datetime.date(2020, 2, 29)
        raise RuntimeError
    assert clock.today() == real
