"""Adversarial payloads on the API v1, chosen independently of the API's own tests:
wrong HTTP methods, amounts with too many decimals, and arbitrary JSON in any field of a
notification. Expected: never a 500, a JSON answer in French, nothing written on refusal.
"""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prevex.api.models import ApiToken
from tests.api.conftest import API, data_counts, notification

ENGLISH = ("Method not allowed", "not allowed", "Invalid", "field required")


@pytest.fixture
def unlimited(token_pair):
    """The token without its per-minute and per-day limits (many requests in a row)."""
    ApiToken.objects.filter(pk=token_pair[0].pk).update(
        requests_per_minute=1_000_000, rows_per_day=1_000_000
    )


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("put", "/notifications"),
        ("delete", "/notifications"),
        ("patch", "/notifications/1"),
        ("get", "/notifications"),
        ("post", "/notifications/1"),
        ("post", "/menages/1/suivi"),
        ("get", "/plans/1/versements"),
        ("delete", "/plans/1/versements"),
    ],
)
@pytest.mark.django_db
def test_a_method_the_address_does_not_accept_gets_a_french_json_405(api, method, path):
    before = data_counts()
    response = getattr(api.client, method)(f"{API}{path}", headers=api.headers)
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")
    detail = response.json()["detail"]
    assert "Méthode" in detail
    assert not any(word in detail for word in ENGLISH)
    assert response["Allow"]  # the methods the address accepts, as HTTP requires
    assert data_counts() == before


@pytest.mark.parametrize("amount", ["0,001", "1,123456789012345678901234567890", 1.125, "12,345 €"])
@pytest.mark.django_db
def test_an_amount_with_more_than_two_decimals_is_refused_as_such(api, amount):
    """Not « Montant trop élevé » for an amount of a few euros."""
    before = data_counts()
    response = api.post(json.dumps(notification(montant_dette=amount)))
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["champ"] == "montant_dette"
    assert "Deux décimales au plus" in error["message"]
    assert "trop élevé" not in error["message"]
    assert data_counts() == before


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=6,
)
FIELDS = sorted(notification()) + ["date_audience", "decision", "cfp_decision", "inconnu"]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(field=st.sampled_from(FIELDS), value=JSON_VALUES)
@pytest.mark.django_db
def test_any_json_value_in_any_field_is_answered_without_error(api, unlimited, field, value):
    before = data_counts()
    response = api.post(json.dumps(notification(**{field: value})))
    assert response.status_code in {200, 201, 422}, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    if response.status_code == 422:
        assert data_counts() == before
        for error in response.json()["detail"]:
            assert error["message"] and not error["message"].startswith(("Input", "Value"))
