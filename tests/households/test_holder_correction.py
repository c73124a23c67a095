"""An agent corrects the lease holder's name and birth date on the edit form: saved
through the members' write path (search text, matching keys, write history with its
author), refused in French when impossible, all or nothing with the rest of the form."""

import datetime

import pytest

from prevex.accounts.models import OrganisationType
from prevex.audit.models import WriteLog
from prevex.core.errors import BusinessError
from prevex.households.models import Household, HouseholdKey, Member, MemberRole
from prevex.households.services import household_members_change
from tests.factories import InvolvementFactory, MembershipFactory, OrganisationFactory
from tests.pages.test_adversarial_forms import secretariat_file  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def _form(household, **holder) -> dict:
    data = {
        "holder_last_name": "Benali", "holder_first_name": "Samia", "holder_birth_date": "",
        "composition": household.composition, "address": household.address,
        "postal_code": household.postal_code, "commune_name": household.commune.name,
        "parc": household.parc, "rent": str(household.rent), "charges": "80",
        "landlord_name": "M. Dupuis", "landlord_type": "PERSONNE_PHYSIQUE",
    }  # fmt: skip
    data.update(holder)
    return data


@pytest.fixture
def holder(secretariat_file):  # noqa: F811
    client, household, _ = secretariat_file
    Member.objects.filter(household=household).delete()
    member = Member.objects.create(
        household=household, role=MemberRole.TITULAIRE, last_name="Benali", first_name="Samia"
    )
    return client, household, member


def test_a_corrected_name_is_saved_with_its_keys_search_text_and_author(holder):
    client, household, member = holder
    response = client.post(
        f"/menages/{household.pk}/modifier/",
        _form(household, holder_first_name="Samira", holder_birth_date="12/04/1985"),
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.first_name, member.birth_date) == ("Samira", datetime.date(1985, 4, 12))
    household.refresh_from_db()
    assert "samira" in household.search_text
    keys = set(HouseholdKey.objects.filter(household=household).values_list("value", flat=True))
    assert any("1985-04-12" in k or "19850412" in k for k in keys), keys
    entry = WriteLog.objects.filter(household_id=household.pk, object_type="MEMBER").latest("id")
    assert "Samira" in str(entry.changes) and entry.user_id is not None


def test_an_impossible_birth_date_is_refused_in_french_and_nothing_is_written(holder):
    client, household, member = holder
    rent = household.rent
    response = client.post(
        f"/menages/{household.pk}/modifier/",
        _form(household, holder_birth_date="31/12/2099", rent="999"),
    )

    assert response.status_code == 200
    assert "Date de naissance impossible" in response.content.decode()
    member.refresh_from_db()
    household.refresh_from_db()
    assert member.birth_date is None and household.rent == rent


def test_an_unchanged_holder_writes_no_member_history(holder):
    client, household, _ = holder
    before = WriteLog.objects.filter(household_id=household.pk, object_type="MEMBER").count()
    response = client.post(f"/menages/{household.pk}/modifier/", _form(household))
    assert response.status_code == 302
    after = WriteLog.objects.filter(household_id=household.pk, object_type="MEMBER").count()
    assert after == before


def test_a_landlord_cannot_correct_an_identity_through_the_service(holder):
    _, household, member = holder
    landlord = MembershipFactory(
        organisation=OrganisationFactory(type=OrganisationType.BAILLEUR_PRIVE)
    )
    InvolvementFactory(household=household, organisation=landlord.organisation)
    with pytest.raises(BusinessError):
        household_members_change(
            household=Household.objects.get(pk=household.pk),
            by=landlord,
            corrections={member.pk: {"first_name": "Autre"}},
        )
    member.refresh_from_db()
    assert member.first_name == "Samia"
