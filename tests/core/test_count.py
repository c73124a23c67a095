"""French counts: 0 and 1 in the singular, 2 and more in the plural."""

import pytest

from prevex.core.text import count


@pytest.mark.parametrize(
    ("number", "expected"),
    [(0, "0 ligne lue"), (1, "1 ligne lue"), (2, "2 lignes lues"), (1000, "1000 lignes lues")],
)
def test_count_follows_french_plural(number, expected):
    assert count(number, "ligne lue") == expected


def test_count_takes_an_irregular_plural():
    assert count(3, "mise à jour", "mises à jour") == "3 mises à jour"
    assert count(1, "mise à jour", "mises à jour") == "1 mise à jour"
