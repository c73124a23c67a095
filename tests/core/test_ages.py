import datetime

from prevex.core.ages import age_label, age_years

D = datetime.date


def test_ages_in_french():
    today = D(2025, 3, 10)
    assert age_years(D(1983, 3, 11), today) == 41  # the day before the birthday
    assert age_years(D(1983, 3, 10), today) == 42
    assert age_label(D(1983, 3, 10), today) == "42 ans"
    assert age_label(D(2024, 3, 10), today) == "1 an"
    assert age_label(D(2024, 12, 1), today) == "moins d'un an"
    assert age_label(None, today) == "âge inconnu"
    assert age_years(None, today) is None
