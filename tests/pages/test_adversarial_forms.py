"""Adversarial inputs on the HTML forms, chosen independently of the apps' own tests:
dates at the ends of the calendar, amounts with too many decimals. Expected: never a 500
nor a « page non trouvée » for a typed value, the form back with a French message, and
nothing written.
"""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import example, given, settings
from hypothesis import strategies as st

from prevex.accounts.models import OrganisationType
from prevex.core import clock
from prevex.core.forms import AmountField
from prevex.support.models import Contact, Instalment, Payment, RepaymentPlan
from tests.factories import HouseholdFactory, MembershipFactory, OrganisationFactory, departement
from tests.support.conftest import TODAY, open_procedure, record_follow_up


@pytest.fixture
def secretariat_file(db, login_as):
    """A household with a procedure and a plan, the CCAPEX secretariat logged in."""
    clock.freeze(TODAY)
    departement("93")
    household = HouseholdFactory()
    procedure = open_procedure(household)
    secretariat = MembershipFactory(organisation=OrganisationFactory(ccapex=True))
    social = MembershipFactory(
        organisation=OrganisationFactory(type=OrganisationType.CD_SOCIAL), role="TRAVAILLEUR_SOCIAL"
    )
    from tests.factories import InvolvementFactory

    InvolvementFactory(household=household, organisation=social.organisation)
    plan = record_follow_up(household, procedure, social)
    return login_as(secretariat), household, plan


def _counts():
    return (
        RepaymentPlan.objects.count(),
        Instalment.objects.count(),
        Payment.objects.count(),
        Contact.objects.count(),
    )


@pytest.mark.parametrize("starts_on", ["9999-12-31", "9999-11-15", "0001-01-01", "1900-01-01"])
@pytest.mark.django_db
def test_a_plan_whose_first_instalment_is_out_of_any_calendar_is_refused(
    secretariat_file, starts_on
):
    client, household, _ = secretariat_file
    before = _counts()
    response = client.post(
        f"/suivi/menages/{household.pk}/plans/",
        {"origin": "NEGOCIE", "starts_on": starts_on, "debt_amount": "600", "instalments": "6"},
    )
    assert response.status_code == 422
    assert "Première échéance" in response.content.decode()
    assert _counts() == before


OUT_OF_RANGE = "Date hors des limites : entre le 01/01/1900 et le 31/12/2100."
BEFORE_1990 = "La date du contact ne peut pas précéder le 01/01/1990."


@pytest.mark.parametrize(
    ("at", "message"),
    [
        ("0001-01-01T00:00", OUT_OF_RANGE),  # the form's range, before any time zone
        ("0001-01-01T00:30", OUT_OF_RANGE),
        ("1900-01-01T10:00", BEFORE_1990),  # in range: the service's own rule
    ],
)
@pytest.mark.django_db
def test_a_contact_dated_before_1990_is_refused_on_the_form(secretariat_file, at, message):
    """Was a « page non trouvée » (the date overflowed once in UTC) or a contact in year 1."""
    client, household, _ = secretariat_file
    before = _counts()
    response = client.post(
        f"/suivi/menages/{household.pk}/contacts/",
        {"channel": "SMS", "direction": "SORTANT", "at": at, "purpose": "RELANCE",
         "outcome": "JOINT"},
    )  # fmt: skip
    assert response.status_code == 422
    assert message in response.content.decode()
    assert _counts() == before


@pytest.mark.parametrize("amount", ["0,001", "1,123456789012345678901234567890", "10,505 €"])
@pytest.mark.django_db
def test_a_payment_with_three_decimals_or_more_is_refused_as_such(secretariat_file, amount):
    client, _, plan = secretariat_file
    before = _counts()
    response = client.post(
        f"/suivi/plans/{plan.pk}/versements/", {"paid_on": "2025-03-01", "amount": amount}
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "Deux décimales au plus." in body
    assert "Montant trop élevé" not in body
    assert _counts() == before


@pytest.mark.parametrize(
    "typed", ["1e3", "1E3", "١٢٣", "１２３", "Infinity", "NaN", "1,2,3", "12 .5.0"]
)
def test_an_amount_nobody_types_in_france_is_refused_not_read_otherwise(typed):
    """Python's Decimal reads « 1e3 » as 1000 and Arabic-Indic or full-width digits as
    Western ones: a payment of 1,000 € would be recorded from a typing slip."""
    from prevex.intake.cells import parse_amount

    with pytest.raises(ValidationError) as refusal:
        AmountField(required=False).clean(typed)
    assert refusal.value.messages == [
        "Montant invalide : saisissez un nombre, par exemple 1 234,56."
    ]
    with pytest.raises(ValueError, match="Montant invalide"):
        parse_amount("montant_dette", typed)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("0123456789,.-+ e€\u00a0NaIfity١"), max_size=40))
@example("-0")  # found by a CI run: « -0 » was read as 0
@example("- 0,00 €")
@example("1.000")  # found by a run: the ambiguity message opened with « (lower case)
def test_the_amount_field_either_gives_two_decimals_at_most_or_a_french_error(text):
    from django.core.exceptions import ValidationError

    try:
        amount = AmountField(required=False).clean(text)
    except ValidationError as exc:
        assert exc.messages and all(m[0].isupper() for m in exc.messages)
        return
    if amount is not None:
        assert amount.is_finite() and amount >= 0
        assert -amount.as_tuple().exponent <= 2
        assert set(text) <= set("0123456789,.+ €\u00a0"), "read from what is not an amount"


@pytest.mark.parametrize(
    "typed", ["31/12/9999", "9999-11-15", "0001-01-01", "01/01/1899", "2101-01-01"]
)
def test_every_french_date_field_refuses_dates_out_of_range(typed):
    from prevex.core.forms import FrenchDateField

    field = FrenchDateField(required=False)
    with pytest.raises(ValidationError) as refusal:
        field.clean(typed)
    assert "entre le 01/01/1900 et le 31/12/2100" in " ".join(refusal.value.messages)


@pytest.mark.parametrize("typed", ["9999-12-31T23:59", "0001-01-01T00:00", "01/01/0001 00:30"])
def test_every_french_datetime_field_refuses_dates_out_of_range(typed):
    from prevex.support.forms import FrenchDateTimeField

    with pytest.raises(ValidationError) as refusal:
        FrenchDateTimeField().clean(typed)
    assert "entre le 01/01/1900 et le 31/12/2100" in " ".join(refusal.value.messages)


@pytest.mark.parametrize("typed", ["12/03/2025", "1900-01-01", "2100-12-31"])
def test_ordinary_dates_still_pass(typed):
    from prevex.core.forms import FrenchDateField

    assert FrenchDateField().clean(typed).year in (1900, 2025, 2100)
