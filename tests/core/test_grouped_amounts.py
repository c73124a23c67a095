"""Amounts with their thousands grouped, as accounting exports write them: every grouped
spelling of an amount reads back that amount (docs/decisions/2026-12-07-grouped-amounts.md)."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from prevex.core.forms import AmountField


def grouped(amount: Decimal, thousands: str, decimal: str) -> str:
    whole, cents = f"{amount:.2f}".split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return thousands.join(groups) + decimal + cents


@given(st.integers(min_value=0, max_value=9_999_999_99).map(lambda c: Decimal(c) / 100))
def test_every_grouped_spelling_reads_back_the_amount(amount):
    field = AmountField(required=False)
    for written in (
        grouped(amount, ".", ","),
        grouped(amount, ",", "."),
        grouped(amount, " ", ",") + " €",
        grouped(amount, "\u202f", ",") + " EUR",
    ):
        assert field.clean(written) == amount, written
