"""A sender that is not involved in a file learns nothing of it from its row's status:
the same act already sent by another organisation (under another reference) goes to the
secretariat like any act of a newcomer — never « doublon », which would tell the sender
that this person has that act on that date."""

import pytest

from prevex.access.models import InvolvementRequest
from prevex.accounts.models import OrganisationType
from prevex.intake import services
from prevex.intake.models import ImportRow, ReviewItem, ReviewKind, RowStatus
from prevex.procedures.models import Event
from tests import factories
from tests.intake.conftest import csv_bytes, row

pytestmark = pytest.mark.django_db


def _import(sender, rows):
    return services.file_import(
        source=sender.organisation, content=csv_bytes(rows), filename="actes.csv", by=sender
    )


@pytest.fixture
def other_bailiff(territory):
    return factories.MembershipFactory(organisation__type=OrganisationType.COMMISSAIRE_JUSTICE)


def _status(batch) -> str:
    return ImportRow.objects.get(batch=batch).status


def test_the_same_act_from_an_uninvolved_sender_is_not_a_visible_duplicate(bailiff, other_bailiff):
    _import(bailiff, [row(reference_acte="X1", montant_dette="1200")])
    assert Event.objects.count() == 1

    same = _import(other_bailiff, [row(reference_acte="OTHER-9", montant_dette="1200")])

    # Answered like any act of a newcomer on a file it does not see…
    assert _status(same) == RowStatus.REVUE
    assert (same.doublons, same.revue) == (0, 1)
    assert ReviewItem.objects.filter(kind=ReviewKind.INTERVENANT).count() == 1
    assert InvolvementRequest.objects.filter(organisation=other_bailiff.organisation).exists()
    # …and the act is still stored once.
    assert Event.objects.count() == 1


def test_a_different_act_from_the_uninvolved_sender_gets_the_same_answer(bailiff, other_bailiff):
    _import(bailiff, [row(reference_acte="X1", montant_dette="1200")])
    same = _import(other_bailiff, [row(reference_acte="OTHER-9", montant_dette="1200")])
    other = _import(other_bailiff, [row(reference_acte="OTHER-10", montant_dette="1300")])

    assert _status(same) == _status(other) == RowStatus.REVUE


def test_the_sender_itself_still_gets_its_duplicate(bailiff):
    _import(bailiff, [row(reference_acte="X1", montant_dette="1200")])
    again = _import(bailiff, [row(reference_acte="X1-bis", montant_dette="1200")])

    assert _status(again) == RowStatus.DOUBLON
    assert Event.objects.count() == 1


@pytest.mark.urls("tests.intake.urls")
def test_the_secretariat_sees_the_resent_act_as_already_received(
    client, bailiff, other_bailiff, ccapex, login_as
):
    """The newcomer's act was a copy of one already on the file: the review item does not
    present the first sender's act as the newcomer's."""
    _import(bailiff, [row(reference_acte="X1", montant_dette="1200")])
    _import(other_bailiff, [row(reference_acte="OTHER-9", montant_dette="1200")])
    item = ReviewItem.objects.get(kind=ReviewKind.INTERVENANT)
    login_as(ccapex)

    queue = client.get("/imports/revue/").content.decode()
    assert "Commandement de payer du" in queue  # the act's label, not the sender's code

    html = client.get(f"/imports/revue/{item.pk}/").content.decode()
    assert "acte déjà reçu, transmis à nouveau par le nouvel intervenant" in html
    assert "(acte transmis par le nouvel intervenant)" not in html


@pytest.mark.urls("tests.intake.urls")
def test_the_newcomers_own_act_is_marked_as_its_own(
    client, bailiff, other_bailiff, ccapex, login_as
):
    _import(bailiff, [row(reference_acte="X1", montant_dette="1200")])
    _import(other_bailiff, [row(reference_acte="OTHER-10", montant_dette="1300")])
    item = ReviewItem.objects.get(kind=ReviewKind.INTERVENANT)
    login_as(ccapex)
    html = client.get(f"/imports/revue/{item.pk}/").content.decode()
    assert "(acte transmis par le nouvel intervenant)" in html
    assert "acte déjà reçu" not in html
