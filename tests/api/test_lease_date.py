"""The API takes the optional lease date (issue 10) and refuses a bad one in French."""

import datetime

import pytest

from prevex.households.models import Household
from tests.api.conftest import data_counts, notification

pytestmark = pytest.mark.django_db


def test_the_lease_date_is_stored_on_the_new_household(api):
    response = api.post(notification(date_bail="2023-07-29"))
    assert response.status_code == 201, response.content
    [result] = response.json()["notifications"]
    assert Household.objects.get(pk=result["menage"]).lease_date == datetime.date(2023, 7, 29)


def test_a_bad_lease_date_is_refused_per_field_in_french(api):
    before = data_counts()
    response = api.post(notification(date_bail="2099-01-01"))
    assert response.status_code == 422
    [error] = [e for e in response.json()["detail"] if e["champ"] == "date_bail"]
    assert error["message"].startswith("Date du bail dans le futur")
    assert data_counts() == before
