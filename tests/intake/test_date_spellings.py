"""Dates as partners' tools write them: every spelling the import format lists reads
back the same day, for any day between 1900 and 2100; what it refuses, it refuses in
French (docs/import-format.md, « How values may be written »)."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prevex.intake.cells import MONTHS, parse_birth_date, parse_date

FRENCH_MONTHS = [
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
]  # fmt: skip


def spellings(day: datetime.date) -> list[str]:
    d, m, y = day.day, day.month, day.year
    out = [f"{d:02d}{sep}{m:02d}{sep}{y}" for sep in "/-. "]
    out += [f"{d}/{m}/{y}", f"{y}-{m:02d}-{d:02d}", f"{y}/{m:02d}/{d:02d}", f"{y}.{m}.{d}"]
    out += [f"{y}{m:02d}{d:02d}", f"{d:02d}{m:02d}{y}"]
    out += [f"{d} {FRENCH_MONTHS[m - 1]} {y}", f"{d} {FRENCH_MONTHS[m - 1].upper()} {y}"]
    out += [f"{d:02d}/{m:02d}/{y} 14:05", f"{y}-{m:02d}-{d:02d}T00:00:00"]
    return out


@given(st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2100, 12, 31)))
def test_every_listed_spelling_reads_back_the_same_day(day):
    for written in spellings(day):
        assert parse_date(written) == day, written
        read, warning = parse_birth_date(written)
        assert (read, warning) == (day, ""), written


def test_every_month_abbreviation_is_a_month():
    assert set(MONTHS.values()) == set(range(1, 13))
    assert parse_date("1er févr. 2025") == datetime.date(2025, 2, 1)
    assert parse_date("3 déc 2024") == datetime.date(2024, 12, 3)


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("05/01/23", "quatre chiffres"),
        ("5-janv.-23", "JJ/MM/AAAA"),
        ("44927", "JJ/MM/AAAA"),
        ("12345678", "JJ/MM/AAAA"),
        ("05/01-2023", "JJ/MM/AAAA"),
        ("2023-01-05T10:00:00+01:00", "JJ/MM/AAAA"),
        ("Jan 5, 2023", "JJ/MM/AAAA"),
        ("31 février 2024", "n'existe pas"),
        ("20230231", "n'existe pas"),
        ("١٠/٠٣/٢٠٢٥", "JJ/MM/AAAA"),
    ],
)
def test_what_is_not_a_listed_spelling_is_refused_in_french(written, message):
    with pytest.raises(ValueError, match=message):
        parse_date(written)


@given(st.text(max_size=30))
def test_any_text_is_a_date_or_a_french_refusal(text):
    try:
        day = parse_date(text)
    except ValueError as refusal:
        assert str(refusal)[0] in "D«", str(refusal)
        return
    assert datetime.date(1, 1, 1) <= day


@pytest.mark.parametrize(
    "written",
    ["17\u201309\u20131984", "17\u201009\u20101984", "1984\u221209\u221217", "１７/０９/１９８４"],
    ids=["en-dash", "hyphen", "minus", "full-width"],
)
def test_typographic_dashes_and_full_width_digits_are_the_listed_spellings(written):
    """A word processor's dashes for « - », an Asian input method's full-width digits."""
    assert parse_date(written) == datetime.date(1984, 9, 17)
    assert parse_birth_date(written) == (datetime.date(1984, 9, 17), "")


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("05/03/84", datetime.date(1984, 3, 5)),
        ("5/3/84", datetime.date(1984, 3, 5)),
        ("05.03.02", datetime.date(2002, 3, 5)),  # 2002: 23 years old; 1902: 123
        ("17-09-60 00:00", datetime.date(1960, 9, 17)),
    ],
)
def test_a_two_digit_birth_year_is_read_in_the_one_plausible_century_and_flagged(written, read):
    """A spreadsheet's short date (« jj/mm/aa »): only one century gives a tenant aged
    16 to 105 on the day of the import; the row is kept, the reading shown to check."""
    day, warning = parse_birth_date(written, datetime.date(2025, 12, 1))
    assert day == read
    assert "deux chiffres" in warning and read.strftime("%d/%m/%Y") in warning


@pytest.mark.parametrize("written", ["05/03/15", "29/02/01", "05/03/1O"])
def test_a_two_digit_birth_year_with_no_single_plausible_century_is_refused(written):
    """2015 or 1915: a child or a 110-year-old — no reading is a tenant; 29/02/1901 and
    29/02/2001 do not exist; a letter O is not a digit."""
    with pytest.raises(ValueError, match="quatre chiffres|JJ/MM/AAAA"):
        parse_birth_date(written, datetime.date(2025, 12, 1))


@given(
    st.dates(min_value=datetime.date(1921, 1, 1), max_value=datetime.date(2009, 11, 30)),
)
def test_every_tenant_birth_date_written_with_a_short_year_reads_back(day):
    """Born 1921–2009 and imported on 01/12/2025 (aged 16 to 104): one century only."""
    written = f"{day.day:02d}/{day.month:02d}/{day.year % 100:02d}"
    assert parse_birth_date(written, datetime.date(2025, 12, 1))[0] == day
