import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from prevex.core.errors import BusinessError
from prevex.core.models import Departement
from prevex.procedures.models import LegalRule
from prevex.procedures.rules import (
    RuleBook,
    add_delay,
    add_months,
    format_delay,
    in_winter_truce,
    subtract_delay,
    truce_end_after,
)
from prevex.procedures.rules_data import RULES, seed_legal_rules
from tests.factories import departement

from .conftest import memory_rulebook

D = datetime.date
BEFORE, REFORM = D(2023, 7, 28), D(2023, 7, 29)


# --- seeding -------------------------------------------------------------------------


@pytest.mark.django_db
def test_migration_seeded_every_rule_row():
    # Other apps seed their own dated rules into the same table (support: DSF alert…).
    assert LegalRule.objects.filter(code__in={r["code"] for r in RULES}).count() == len(RULES)
    override = LegalRule.objects.get(code="CDP_SIGNALEMENT_SEUIL_MOIS", departement="93")
    assert (override.value, override.valid_from, override.valid_to) == (
        6,
        D(2019, 4, 16),
        REFORM,
    )
    assert override.legal_basis == "Arrêté préfectoral n° 2019-0975 du 16 avril 2019"
    assert Departement.objects.get(code="93").name == "Seine-Saint-Denis"


@pytest.mark.django_db
def test_seeding_again_creates_nothing_and_restores_edited_values():
    LegalRule.objects.filter(code="CQL_EXPULSION_DELAI").update(value=5)
    created = seed_legal_rules(legal_rule_model=LegalRule, departement_model=Departement)
    assert created == 0
    assert LegalRule.objects.filter(code__in={r["code"] for r in RULES}).count() == len(RULES)
    assert LegalRule.objects.get(code="CQL_EXPULSION_DELAI").value == 2


@pytest.mark.django_db
def test_seeding_an_empty_database_creates_the_override_departement():
    LegalRule.objects.all().delete()
    Departement.objects.filter(code="93").delete()
    created = seed_legal_rules(legal_rule_model=LegalRule, departement_model=Departement)
    assert created == len(RULES)
    assert Departement.objects.filter(code="93").exists()


# --- rule book -----------------------------------------------------------------------


@pytest.mark.django_db
def test_rule_in_force_is_chosen_by_the_date_of_the_act():
    book = RuleBook.for_departement("93")
    before = book.get("CLAUSE_RESOLUTOIRE_DELAI", on=BEFORE)
    after = book.get("CLAUSE_RESOLUTOIRE_DELAI", on=REFORM)
    assert (before.value, before.unit) == (2, "MONTHS")
    assert (after.value, after.unit) == (6, "WEEKS")
    assert after.short_basis == "Loi 1989 art. 24 I"
    assert "2023-668" in after.legal_basis


@pytest.mark.django_db
def test_rule_book_loads_national_and_override_rules_in_one_query():
    with CaptureQueriesContext(connection) as ctx:
        book = RuleBook.for_departement("93")
        book.get("CDP_SIGNALEMENT_SEUIL_MOIS", on=D(2020, 1, 1))
        book.get("CLAUSE_RESOLUTOIRE_DELAI", on=D(2024, 1, 1))
    assert len(ctx.captured_queries) == 1


@pytest.mark.django_db
def test_departement_override_applies_before_2023_then_national_threshold():
    book = RuleBook.for_departement("93")
    old_months = book.get("CDP_SIGNALEMENT_SEUIL_MOIS", on=D(2021, 5, 1))
    old_rents = book.get("CDP_SIGNALEMENT_SEUIL_LOYERS", on=BEFORE)
    assert (old_months.value, old_months.departement_id) == (6, "93")
    assert (old_rents.value, old_rents.unit) == (6, "RENT_MULTIPLE")
    new = book.get("CDP_SIGNALEMENT_SEUIL_MOIS", on=REFORM)
    assert (new.value, new.departement_id) == (2, None)


@pytest.mark.django_db
def test_other_departement_has_no_override_and_no_threshold_before_2023():
    departement("75", "Paris")
    book = RuleBook.for_departement("75")
    assert book.get("CDP_SIGNALEMENT_SEUIL_LOYERS", on=REFORM).value == 2
    with pytest.raises(BusinessError) as error:
        book.get("CDP_SIGNALEMENT_SEUIL_MOIS", on=D(2021, 5, 1))
    assert "Aucune règle légale « CDP_SIGNALEMENT_SEUIL_MOIS »" in error.value.message
    assert "01/05/2021" in error.value.message
    assert "département 75" in error.value.message


@pytest.mark.django_db
def test_saving_a_rule_invalidates_the_cache():
    assert RuleBook.for_departement("93").get("CQL_EXPULSION_DELAI", on=REFORM).value == 2
    rule = LegalRule.objects.get(code="CQL_EXPULSION_DELAI")
    rule.value = 3
    rule.save()
    assert RuleBook.for_departement("93").get("CQL_EXPULSION_DELAI", on=REFORM).value == 3
    rule.delete()
    with pytest.raises(BusinessError):
        RuleBook.for_departement("93").get("CQL_EXPULSION_DELAI", on=REFORM)


@pytest.mark.django_db
def test_cached_rule_book_does_not_query_again():
    RuleBook.for_departement("93")
    with CaptureQueriesContext(connection) as ctx:
        RuleBook.for_departement("93").get("TREVE_FIN", on=REFORM)
    assert len(ctx.captured_queries) == 0


# --- delays --------------------------------------------------------------------------


def test_month_addition_clamps_to_the_end_of_the_month():
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2023, 1, 31), 1) == D(2023, 2, 28)
    assert add_months(D(2024, 12, 31), 2) == D(2025, 2, 28)
    assert add_months(D(2024, 8, 31), -2) == D(2024, 6, 30)
    assert add_months(D(2024, 3, 15), 12) == D(2025, 3, 15)


def test_add_and_subtract_delay_by_unit():
    book = memory_rulebook()
    six_weeks = book.get("CLAUSE_RESOLUTOIRE_DELAI", on=REFORM)
    two_months = book.get("CLAUSE_RESOLUTOIRE_DELAI", on=BEFORE)
    assert add_delay(D(2024, 3, 31), six_weeks) == D(2024, 5, 12)
    assert add_delay(D(2023, 12, 31), two_months) == D(2024, 2, 29)
    assert subtract_delay(D(2024, 4, 30), two_months) == D(2024, 2, 29)
    assert subtract_delay(D(2024, 5, 12), six_weeks) == D(2024, 3, 31)


def test_delay_in_days_and_non_delay_rule():
    from prevex.procedures.rules import Rule

    fifteen = Rule("X", "Quinze jours", 15, "DAYS", D(2000, 1, 1), None, "b", "b", None)
    assert add_delay(D(2024, 2, 20), fifteen) == D(2024, 3, 6)
    assert format_delay(fifteen) == "15 jours"
    threshold = memory_rulebook().get("CDP_SIGNALEMENT_SEUIL_LOYERS", on=REFORM)
    with pytest.raises(BusinessError, match="n'est pas un délai"):
        add_delay(D(2024, 1, 1), threshold)


def test_format_delay():
    book = memory_rulebook()
    assert format_delay(book.get("CLAUSE_RESOLUTOIRE_DELAI", on=REFORM)) == "6 semaines"
    assert format_delay(book.get("CLAUSE_RESOLUTOIRE_DELAI", on=BEFORE)) == "2 mois"
    assert format_delay(book.get("DELAIS_GRACE_MIN", on=REFORM)) == "1 mois"
    assert format_delay(book.get("CDP_SIGNALEMENT_SEUIL_LOYERS", on=REFORM)) == "2 fois le loyer"
    assert format_delay(book.get("TREVE_DEBUT", on=REFORM)) == "1er novembre"
    assert format_delay(book.get("TREVE_FIN", on=REFORM)) == "31 mars"


# --- winter truce --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "inside"),
    [
        (D(2024, 10, 31), False),
        (D(2024, 11, 1), True),
        (D(2024, 12, 31), True),
        (D(2025, 1, 1), True),
        (D(2025, 3, 31), True),
        (D(2025, 4, 1), False),
        (D(2025, 7, 14), False),
    ],
)
def test_winter_truce_bounds_are_inclusive(day, inside):
    assert in_winter_truce(day, memory_rulebook()) is inside


def test_truce_end_after_is_the_first_of_april_or_the_day_itself():
    book = memory_rulebook()
    assert truce_end_after(D(2024, 11, 15), book) == D(2025, 4, 1)
    assert truce_end_after(D(2025, 3, 10), book) == D(2025, 4, 1)
    assert truce_end_after(D(2025, 3, 31), book) == D(2025, 4, 1)
    assert truce_end_after(D(2025, 4, 15), book) == D(2025, 4, 15)


# The truces extended by ordonnance: (first day, last day, first day after).
EXTENDED_TRUCES = [
    (D(2019, 11, 1), D(2020, 7, 10), D(2020, 7, 11)),
    (D(2020, 11, 1), D(2021, 5, 31), D(2021, 6, 1)),
]


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2060, 12, 31)))
def test_truce_end_after_is_never_inside_a_truce_nor_more_than_five_months_later(day):
    book = memory_rulebook()
    end = truce_end_after(day, book)
    assert not in_winter_truce(end, book)
    extended = next((after for first, last, after in EXTENDED_TRUCES if first <= day <= last), None)
    if extended:
        assert end == extended
        return
    assert day <= end <= day + datetime.timedelta(days=152)
    if in_winter_truce(day, book):
        # 31 March since loi ALUR (in force 27/03/2014), 15 March before
        assert (end.month, end.day) == ((4, 1) if day >= D(2014, 3, 27) else (3, 16))


@given(st.dates(min_value=D(1990, 1, 1), max_value=D(2090, 12, 31)), st.integers(0, 48))
def test_month_addition_lands_in_the_right_month_never_past_the_day(day, months):
    result = add_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    assert result.day <= day.day
    if result.day < day.day:  # clamped: it is the last day of its month
        assert (result + datetime.timedelta(days=1)).day == 1
