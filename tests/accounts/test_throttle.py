"""Login throttling per client address, and the client address behind trusted proxies."""

import pytest

from prevex.core.clientip import client_address
from tests.accounts.helpers import PASSWORD, page_text
from tests.factories import MembershipFactory

LOGIN = "/comptes/connexion/"
LOCKED = "Connexion temporairement bloquée"
PROXY = "10.0.0.5"


@pytest.mark.parametrize(
    ("remote", "forwarded", "proxies", "expected"),
    [
        # No trusted proxy: the header is ignored, whatever it says.
        ("203.0.113.7", "198.51.100.1", [], "203.0.113.7"),
        # The connection does not come from a trusted proxy: the header is ignored.
        ("203.0.113.7", "198.51.100.1", [PROXY], "203.0.113.7"),
        # Through the proxy: the address the proxy saw (rightmost), not what the client wrote.
        (PROXY, "1.2.3.4, 198.51.100.1", [PROXY], "198.51.100.1"),
        # Two trusted proxies (a network and an address): skip both from the right.
        ("10.0.0.5", "6.6.6.6, 198.51.100.1, 10.1.2.3", ["10.1.0.0/16", PROXY], "198.51.100.1"),
        # A malformed hop stops the walk at the last address we can vouch for.
        (PROXY, "198.51.100.1, pas-une-adresse", [PROXY], PROXY),
        ("::1", "2001:db8::1", ["::1"], "2001:db8::1"),
    ],
)
def test_the_client_address_is_read_from_the_right_through_trusted_proxies(
    remote, forwarded, proxies, expected
):
    assert client_address(remote, forwarded, proxies) == expected


@pytest.mark.django_db
def test_many_usernames_from_one_address_are_refused(client, settings):
    settings.PREVEX_LOGIN_IP_FAILURE_LIMIT = 20
    victim = MembershipFactory().user
    refused_at = None
    for i in range(30):
        response = client.post(
            LOGIN, {"username": f"inconnu{i}", "password": "mauvais"}, REMOTE_ADDR="203.0.113.9"
        )
        if response.status_code == 429:
            refused_at = i
            break
    assert refused_at == 20
    assert "Trop de tentatives de connexion échouées depuis votre adresse" in page_text(response)
    # Even the right password of a real account is refused from that address…
    response = client.post(
        LOGIN, {"username": victim.username, "password": PASSWORD}, REMOTE_ADDR="203.0.113.9"
    )
    assert response.status_code == 429
    # …but not from another one.
    response = client.post(
        LOGIN, {"username": victim.username, "password": PASSWORD}, REMOTE_ADDR="203.0.113.10"
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_behind_the_proxy_the_lockout_is_keyed_on_the_client_not_on_the_proxy(client, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    agent = MembershipFactory().user
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(
            LOGIN,
            {"username": agent.username, "password": "mauvais"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR="198.51.100.1",
        )
    assert LOCKED in page_text(response)
    # The same account, through the same proxy, from another client: not locked out.
    response = client.post(
        LOGIN,
        {"username": agent.username, "password": PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.2",
    )
    assert response.status_code == 302
    # A client forging the header at the left is still seen at its real address.
    response = client.post(
        LOGIN,
        {"username": agent.username, "password": PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.2, 198.51.100.1",
    )
    assert LOCKED in page_text(response)
