"""The ``IN`` of the matching lookups (prevex/matching/profiles.py, ``_in``): on
PostgreSQL the values travel as the text of one array, written by prevex rather than
psycopg. Whatever a partner's row puts in a key — quotes, backslashes, braces, commas,
spaces, accents, the word NULL — the query must find exactly the values sent."""

import pytest
from django.db import connection
from hypothesis import given, settings
from hypothesis import strategies as st

from prevex.matching.profiles import _in

pytestmark = pytest.mark.django_db

HOSTILE = ['a"b', "a\\b", "{x}", "a,b", " lead", "trail ", "NULL", "é’ß", "", "'", '\\"']
text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=12,
)


def _found(values: list) -> set:
    """The values of a small table that ``_in`` selects."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE IF NOT EXISTS prevex_in_probe (v TEXT)")
        cursor.execute("DELETE FROM prevex_in_probe")
        for value in [*values, "absent-value"]:
            cursor.execute("INSERT INTO prevex_in_probe (v) VALUES (%s)", [value])
        where, params = _in("v", values)
        cursor.execute(f"SELECT v FROM prevex_in_probe WHERE {where}", params)  # noqa: S608
        return {row[0] for row in cursor.fetchall()}


def test_hostile_strings_are_found_as_sent():
    assert _found(HOSTILE) == set(HOSTILE)


def test_integers_are_found():
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE IF NOT EXISTS prevex_in_ints (n INTEGER)")
        cursor.execute("DELETE FROM prevex_in_ints")
        for n in (1, 7, 42, 1000000):
            cursor.execute("INSERT INTO prevex_in_ints (n) VALUES (%s)", [n])
        where, params = _in("n", [7, 1000000, 3])
        cursor.execute(f"SELECT n FROM prevex_in_ints WHERE {where}", params)  # noqa: S608
        assert {row[0] for row in cursor.fetchall()} == {7, 1000000}


@settings(max_examples=40, deadline=None)
@given(st.lists(text, min_size=1, max_size=6, unique=True))
def test_any_text_is_found_as_sent(values):
    assert _found(values) == set(values)
