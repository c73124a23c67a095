"""The measure's « changer l'état » form offers the states the measure may move to."""

import re

import pytest

from prevex.support import services


def _offered(html: str) -> list[str]:
    select = re.search(r'<select name="status".*?</select>', html, flags=re.S)
    assert select, html[:500]
    return re.findall(r'<option value="([A-Z_]+)"', select.group(0))


@pytest.mark.django_db
def test_the_change_form_offers_only_the_next_states(file, client, login_as):
    """The form listed all six states: « Proposé » → « Accordé », the natural first try
    on a proposed FSL, came back « ne peut pas passer », after typing amount and body."""
    household, _, worker = file
    measure = services.measure_propose(household=household, by=worker, type_code="FSL_MAINTIEN")
    login_as(worker)
    url = f"/suivi/dispositifs/{measure.pk}/"
    assert _offered(client.get(url).content.decode()) == ["DEMANDEE", "TERMINEE"]
    response = client.post(url, {"status": "ACCORDEE", "amount": "800", "deciding_body": "FSL"})
    assert response.status_code == 422
    measure.refresh_from_db()
    assert measure.status == "PROPOSEE"
    services.measure_change(measure=measure, by=worker, status="DEMANDEE")
    assert _offered(client.get(url).content.decode()) == ["ACCORDEE", "REFUSEE", "TERMINEE"]
    response = client.post(url, {"status": "ACCORDEE", "amount": "800", "deciding_body": "FSL"})
    assert response.status_code == 302
    measure.refresh_from_db()
    assert (measure.status, str(measure.amount)) == ("ACCORDEE", "800.00")


@pytest.mark.django_db
def test_a_measure_s_state_agrees_with_dispositif(file):
    """« Un dispositif « proposée » ne peut pas passer à « accordée » » : the states are
    those of « un dispositif », as the creation form (« Proposé », « Demandé ») says."""
    from prevex.core.errors import BusinessError

    household, _, worker = file
    measure = services.measure_propose(household=household, by=worker, type_code="ASLL")
    with pytest.raises(BusinessError, match="« proposé » ne peut pas passer à « accordé »"):
        services.measure_change(measure=measure, by=worker, status="ACCORDEE", deciding_body="x")
