import datetime

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prevex.accounts.models import OrganisationType
from prevex.audit.models import WriteLog
from prevex.core.errors import BusinessError
from prevex.support import services
from prevex.support.choices import ContactOutcome as O
from prevex.support.models import Contact
from tests.factories import HouseholdFactory

from .conftest import member_of


def at(day, hour=10):
    return timezone.make_aware(datetime.datetime(2025, 3, day, hour, 0))


def record(household, by, **kw):
    values = dict(
        channel="COURRIER", direction="SORTANT", at=at(3), purpose="PRISE_CONTACT",
        outcome=O.NON_JOINT,
    )  # fmt: skip
    values.update(kw)
    return services.contact_record(household=household, by=by, **values)


@pytest.mark.django_db
def test_contact_and_its_response_are_journaled_with_author_and_organisation(file):
    household, _, worker = file
    letter = record(household, worker)
    answer = record(
        household, worker, channel="TELEPHONE", direction="ENTRANT", at=at(5), outcome=O.REPONSE,
        answers=letter,
    )  # fmt: skip
    assert answer.answers == letter
    assert list(letter.responses.all()) == [answer]
    entries = WriteLog.objects.filter(household_id=household.pk, object_type="SUIVI_CONTACT")
    assert entries.count() == 2
    entry = entries.get(object_id=answer.pk)
    assert (entry.user_id, entry.organisation_id, entry.field_group) == (
        worker.user_id,
        worker.organisation_id,
        "SUIVI",
    )
    assert "appel téléphonique" in entry.summary


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"at": timezone.now() + datetime.timedelta(days=1)}, "futur"),
        ({"purpose": "AUTRE"}, "Précisez"),
        ({"channel": "PIGEON"}, "Canal inconnu"),
        ({"outcome": "PEUT_ETRE"}, "Résultat inconnu"),
    ],
)
def test_bad_contacts_are_refused_in_french_and_nothing_is_written(file, kwargs, message):
    household, _, worker = file
    with pytest.raises(BusinessError, match=message):
        record(household, worker, **kwargs)
    assert not Contact.objects.exists()
    assert not WriteLog.objects.filter(object_type="SUIVI_CONTACT").exists()


@pytest.mark.django_db
def test_a_response_must_answer_an_earlier_contact_of_the_same_file_the_other_way(file):
    household, _, worker = file
    letter = record(household, worker, at=at(5))
    with pytest.raises(BusinessError, match="autre sens"):
        record(household, worker, at=at(6), answers=letter)
    with pytest.raises(BusinessError, match="précéder"):
        record(household, worker, direction="ENTRANT", at=at(4), answers=letter)
    other = HouseholdFactory()
    with pytest.raises(BusinessError, match="même dossier"):
        record(other, None, direction="ENTRANT", at=at(6), answers=letter)
    assert Contact.objects.count() == 1


@pytest.mark.django_db
def test_a_landlord_cannot_write_in_the_journal(file):
    household, _, _ = file
    landlord = member_of(household, OrganisationType.BAILLEUR_SOCIAL)
    with pytest.raises(BusinessError, match="suivi"):
        record(household, landlord)
    assert not Contact.objects.exists()


@pytest.mark.django_db
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=20), day=st.text(max_size=20))
def test_the_contact_form_never_fails_with_a_500_on_junk(file, client, login_as, text, day):
    household, _, worker = file
    login_as(worker)
    before = Contact.objects.count()
    response = client.post(
        f"/suivi/menages/{household.pk}/contacts/",
        {"channel": text, "direction": "SORTANT", "at": day, "purpose": text, "outcome": text},
    )
    assert response.status_code in (302, 422)
    if response.status_code == 422:
        assert Contact.objects.count() == before
        assert "Sélectionnez un choix valide" in response.content.decode() or (
            "invalide" in response.content.decode() or "obligatoire" in response.content.decode()
        )


@pytest.mark.django_db
def test_earlier_contacts_are_offered_and_quoted_at_the_local_hour(file):
    """A letter at 10:00 in Paris was offered as « 09:00 » (UTC) in « En réponse au
    contact », next to the history that says 10:00."""
    from prevex.support.forms import ContactForm

    household, _, worker = file
    record(household, worker, at=at(5, 10))
    letter = Contact.objects.get()  # as read from the database: in UTC
    labels = dict(ContactForm(earlier=[letter]).fields["answers"].choices)
    assert labels[letter.pk].startswith("05/03/2025 10:00 – Courrier")
    with pytest.raises(BusinessError, match=r"\(05/03/2025 10:00\)"):
        record(household, worker, direction="ENTRANT", at=at(4), answers=letter)


@pytest.mark.django_db
def test_a_refused_form_says_at_the_top_of_the_file_page_that_nothing_was_saved(
    file, client, login_as
):
    """The file page is long: a form sent with errors is shown again in its panel, and an
    alert at the top of the page says that nothing was saved and where to look."""
    household, _, worker = file
    login_as(worker)
    response = client.post(
        f"/suivi/menages/{household.pk}/contacts/",
        {"channel": "PIGEON", "direction": "SORTANT", "at": "", "purpose": "", "outcome": ""},
    )
    assert response.status_code == 422
    page = response.content.decode()
    alert = page.index("fr-alert--error")
    assert "rien n&#x27;a été enregistré" in page[alert : alert + 400]
    assert alert < page.index('action="/suivi/menages/')  # above the form
    assert not Contact.objects.exists()
    # The alert is said once: the next page does not repeat it.
    again = client.get(f"/menages/{household.pk}/")
    assert "rien n&#x27;a été enregistré" not in again.content.decode()
