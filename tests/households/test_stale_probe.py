"""Household forms sent twice (independent probe): one vulnerability, one evaluation
version, a French message, never a 500."""

import datetime

import pytest

from prevex.core import clock
from prevex.households.models import SocialEvaluation, Vulnerability
from tests.factories import HouseholdFactory, MemberFactory, MembershipFactory, OrganisationFactory
from tests.stale_text import text

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def file(db):
    clock.freeze(datetime.date(2025, 3, 10))
    household = HouseholdFactory()
    MemberFactory(household=household)
    return household


@pytest.fixture
def secretariat(db):
    return MembershipFactory(organisation=OrganisationFactory(ccapex=True))


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_vulnerability_sent_twice_is_recorded_once(client, login_as, secretariat, file, headers):
    login_as(secretariat)
    url = f"/menages/{file.pk}/vulnerabilites/"
    data = {"kind": "SANTE", "note": "Suivi hospitalier", "recorded_on": "01/03/2025"}
    assert client.post(url, data, **headers).status_code == 302
    second = client.post(url, data, **headers)
    assert second.status_code in (200, 422)
    assert Vulnerability.objects.filter(household=file).count() == 1
    assert "déjà signalée" in text(second)


def test_social_evaluation_sent_twice(client, login_as, secretariat, file):
    login_as(secretariat)
    url = f"/menages/{file.pk}/evaluation-sociale/"
    data = {"monthly_resources": "1200", "social_evaluation": "Reprise d'emploi en avril"}
    assert client.post(url, data).status_code == 302
    second = client.post(url, data)
    assert second.status_code in (200, 422)
    assert "identique à la dernière version" in text(second)
    assert SocialEvaluation.objects.filter(household=file).count() == 1


def test_identity_edit_sent_twice(client, login_as, secretariat, file):
    login_as(secretariat)
    url = f"/menages/{file.pk}/modifier/"
    data = {
        "holder_last_name": "Benali", "holder_first_name": "Samia",
        "holder_birth_date": "12/04/1985", "composition": "AUTRE",
        "address": "14 rue de la République", "postal_code": "93200",
        "commune_name": "Saint-Denis", "parc": "PRIVE", "rent": "700", "charges": "80",
    }  # fmt: skip
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    file.refresh_from_db()
    assert file.address == "14 rue de la République"


def test_deleted_household_forms_are_french_404s(client, login_as, secretariat, file):
    login_as(secretariat)
    pk = file.pk
    file.delete()
    for path in ("modifier", "evaluation-sociale", "vulnerabilites", "historique"):
        response = client.post(f"/menages/{pk}/{path}/", {})
        assert response.status_code in (404, 405)
        if response.status_code == 404:
            assert "introuvable" in text(response).lower()


EDIT = {
    "holder_last_name": "Benali", "holder_first_name": "Samia",
    "holder_birth_date": "12/04/1985", "composition": "MONOPARENTALE",
    "address": "14 rue de la République", "postal_code": "93200",
    "commune_name": "Saint-Denis", "parc": "PRIVE", "rent": "650", "charges": "80",
}  # fmt: skip


def _loaded(response) -> str:
    import re

    return re.search(r'name="loaded" value="([^"]+)"', response.content.decode()).group(1)


def test_edit_form_left_open_does_not_undo_a_colleagues_change(client, login_as, secretariat, file):
    """The agent left the rent as shown and changed the address; a colleague changed the
    rent meanwhile: both changes are kept (merged), nothing is reverted."""
    from decimal import Decimal

    from prevex.households import services

    login_as(secretariat)
    url = f"/menages/{file.pk}/modifier/"
    loaded = _loaded(client.get(url))  # the form shows a rent of 650
    services.household_update(household=file, by=secretariat, rent=Decimal("700"))  # colleague
    response = client.post(url, {**EDIT, "loaded": loaded})
    assert response.status_code == 302
    file.refresh_from_db()
    assert file.rent == Decimal("700") and file.address == "14 rue de la République"


def test_edit_form_left_open_conflicting_change_is_refused_then_saved_once_seen(
    client, login_as, secretariat, file
):
    """Both changed the rent: nothing is saved, the colleague's value is named; the fields
    the agent left untouched show the current values, so sending again saves the agent's
    rent without undoing anything else."""
    from decimal import Decimal

    from prevex.households import services

    login_as(secretariat)
    url = f"/menages/{file.pk}/modifier/"
    loaded = _loaded(client.get(url))
    services.household_update(
        household=file, by=secretariat, rent=Decimal("700"), charges=Decimal("95")
    )  # colleague: rent and charges
    response = client.post(url, {**EDIT, "rent": "690", "loaded": loaded})
    assert response.status_code == 200
    assert "modifié par quelqu'un d'autre" in text(response)
    assert "« 700,00 »" in text(response)
    assert 'name="charges" value="95,00"' in response.content.decode()  # untouched: current
    file.refresh_from_db()
    assert file.rent == Decimal("700") and file.address == "12 rue de la République"
    # sent again as shown (the agent keeps 690): saved, the colleague's charges kept
    again = client.post(
        url, {**EDIT, "rent": "690", "charges": "95,00", "loaded": _loaded(response)}
    )
    assert again.status_code == 302
    file.refresh_from_db()
    assert file.rent == Decimal("690") and file.charges == Decimal("95")
    assert file.address == "14 rue de la République"


def test_edit_form_left_open_holder_renamed_meanwhile(client, login_as, secretariat, file):
    from prevex.households import services

    login_as(secretariat)
    url = f"/menages/{file.pk}/modifier/"
    loaded = _loaded(client.get(url))
    holder = file.members.get()
    services.household_members_change(
        household=file, by=secretariat,
        corrections={holder.pk: {"last_name": "Benali-Haddad", "first_name": "Samia",
                                 "birth_date": holder.birth_date}},
    )  # fmt: skip
    response = client.post(url, {**EDIT, "loaded": loaded})  # the name left as shown
    assert response.status_code == 302
    holder.refresh_from_db()
    assert holder.last_name == "Benali-Haddad"
    conflict = client.post(
        url, {**EDIT, "holder_last_name": "Benali-Amrani", "loaded": loaded}
    )  # the agent renamed too, from the old page
    assert "Benali-Haddad" in text(conflict)
    holder.refresh_from_db()
    assert holder.last_name == "Benali-Haddad"


def test_edit_refused_for_its_own_input_keeps_the_loaded_mark(client, login_as, secretariat, file):
    from decimal import Decimal

    from prevex.households import services

    login_as(secretariat)
    url = f"/menages/{file.pk}/modifier/"
    loaded = _loaded(client.get(url))
    services.household_update(household=file, by=secretariat, rent=Decimal("700"))
    invalid = client.post(url, {**EDIT, "rent": "abc", "loaded": loaded})
    assert invalid.status_code == 200
    response = client.post(url, {**EDIT, "loaded": _loaded(invalid)})
    # the mark is still the first page's: the rent left at 650 is the colleague's 700
    assert response.status_code == 302
    file.refresh_from_db()
    assert file.rent == Decimal("700") and file.address == "14 rue de la République"
