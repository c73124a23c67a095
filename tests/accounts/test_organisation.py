"""Choice of the organisation one acts for (session["membership_id"])."""

import pytest

from prevex.accounts.forms import MEMBERSHIP_INVALID
from tests.accounts.helpers import full_login, page_text
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

CHOOSE = "/comptes/organisation/"


@pytest.fixture
def two_hats(agent):
    """The agent also sits for the CCAPEX secretariat."""
    MembershipFactory(user=agent, organisation__name="DDETS 93 – CCAPEX", organisation__ccapex=True)
    return agent


def test_several_memberships_lead_to_the_choice_page(client, two_hats):
    response = full_login(client, two_hats)
    assert response["Location"] == CHOOSE
    assert "membership_id" not in client.session
    # Verified but acting for nobody yet: case pages send to the choice.
    assert client.get("/")["Location"] == f"{CHOOSE}?next=%2F"
    page = client.get(CHOOSE)
    content = page_text(page)
    assert page.status_code == 200
    assert "fr-radio-rich" in content
    assert "Service social départemental" in content
    assert "DDETS 93 – CCAPEX" in content


def test_choice_is_stored_in_session_and_used(client, two_hats):
    full_login(client, two_hats)
    ccapex = two_hats.memberships.get(organisation__name="DDETS 93 – CCAPEX")
    response = client.post(CHOOSE, {"membership": ccapex.pk})
    assert response["Location"] == "/"
    assert client.session["membership_id"] == ccapex.pk
    assert "DDETS 93 – CCAPEX" in page_text(client.get("/"))
    # Switching back through the header link.
    other = two_hats.memberships.exclude(pk=ccapex.pk).get()
    client.post(CHOOSE, {"membership": other.pk})
    assert client.session["membership_id"] == other.pk
    assert "Service social départemental" in page_text(client.get("/"))


def test_someone_elses_membership_is_refused_in_french(client, two_hats):
    full_login(client, two_hats)
    stranger = MembershipFactory(organisation__name="Bailleur d'à côté")
    response = client.post(CHOOSE, {"membership": stranger.pk})
    assert response.status_code == 400
    assert MEMBERSHIP_INVALID in page_text(response)
    assert "membership_id" not in client.session


@pytest.mark.parametrize("value", ["abc", "", "-1", "999999999999999999999"])
def test_garbage_choice_gets_a_french_message_not_a_500(client, two_hats, value):
    full_login(client, two_hats)
    response = client.post(CHOOSE, {"membership": value})
    assert response.status_code == 400
    text = page_text(response)
    assert MEMBERSHIP_INVALID in text or "Choisissez une organisation." in text


def test_inactive_membership_cannot_be_chosen(client, two_hats):
    full_login(client, two_hats)
    lapsed = two_hats.memberships.get(organisation__name="DDETS 93 – CCAPEX")
    lapsed.is_active = False
    lapsed.save()
    response = client.post(CHOOSE, {"membership": lapsed.pk})
    assert response.status_code == 400
    assert MEMBERSHIP_INVALID in page_text(response)
    assert client.session.get("membership_id") != lapsed.pk


def test_next_page_survives_the_choice(client, two_hats):
    response = full_login(client, two_hats, next_url="/classe/")
    assert response["Location"] == f"{CHOOSE}?next=%2Fclasse%2F"
    membership = two_hats.memberships.first()
    response = client.post(CHOOSE, {"membership": membership.pk, "next": "/classe/"})
    assert response["Location"] == "/classe/"


def test_single_membership_skips_the_page(client, agent):
    full_login(client, agent)
    response = client.get(CHOOSE)
    assert response.status_code == 302
    assert client.session["membership_id"] == agent.memberships.get().pk


def test_no_membership_gets_a_french_explanation(client, agent):
    agent.memberships.all().delete()
    response = full_login(client, agent)
    assert response["Location"] == CHOOSE
    page = client.get(CHOOSE)
    assert page.status_code == 200
    assert "n'est rattaché à aucune organisation" in page_text(page)
    assert client.get("/")["Location"].startswith(CHOOSE)


def test_choice_page_needs_a_verified_session(client, two_hats):
    response = client.get(CHOOSE)
    assert response["Location"].startswith("/comptes/connexion/")
