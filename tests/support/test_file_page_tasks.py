"""The file page and the work: passed deadlines read as passed, in words
(docs/decisions/2026-12-06-passed-deadlines.md), and « Nouvelle tâche » on the file, to
the task form prefilled with the file, back to it
(docs/decisions/2026-12-06-new-task-from-the-file.md)."""

import datetime
import re

import pytest

from prevex.core import clock
from prevex.support.models import Alert

from .conftest import TODAY


def _deadlines(html: str) -> list[str]:
    block = html.split('data-testid="echeances">')[1].split("</ul>")[0]
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", li)).strip() for li in block.split("</li>")[:-1]
    ]


@pytest.mark.django_db
def test_passed_deadlines_say_so_in_words(file, client, login_as):
    household, procedure, worker = file
    login_as(worker)
    lines = _deadlines(client.get(f"/menages/{household.pk}/").content.decode())
    # Today 10/03/2025: the clause (a starting point) and the notification to the préfet
    # (an act awaited by 04/03) have passed; the DSF and the hearing are ahead.
    assert lines[0].startswith("Clause résolutoire acquise à partir du 17/12/2024")
    assert lines[0].endswith("date passée")
    assert lines[1].startswith("Assignation à notifier au préfet au plus tard le 04/03/2025")
    assert lines[1].endswith("dépassée")
    assert lines[2].startswith("Diagnostic social et financier à transmettre")
    assert lines[3] == "Audience au tribunal le 15/04/2025"
    # The day after the hearing, with no judgment recorded: the hearing has passed.
    clock.freeze(datetime.date(2025, 4, 16))
    lines = _deadlines(client.get(f"/menages/{household.pk}/").content.decode())
    assert lines[-1] == "Audience au tribunal le 15/04/2025 date passée"
    assert lines[-2].endswith("dépassée")  # the DSF was due by 14/04 and is not recorded


@pytest.mark.django_db
def test_new_task_from_the_file_is_prefilled_and_goes_back_to_it(file, client, login_as):
    household, _, worker = file
    login_as(worker)
    page = client.get(f"/menages/{household.pk}/").content.decode()
    link = f'href="/suivi/taches/nouvelle/?dossier={household.reference}">Nouvelle tâche</a>'
    assert link in page
    form = client.get(f"/suivi/taches/nouvelle/?dossier={household.reference}")
    html = form.content.decode()
    assert f'value="{household.reference}"' in html
    assert f'href="/menages/{household.pk}/">Retour au dossier</a>' in html
    assert f'action="/suivi/taches/nouvelle/?dossier={household.reference}"' in html
    answer = client.post(
        f"/suivi/taches/nouvelle/?dossier={household.reference}",
        {"reference": household.reference, "title": "Appeler la CAF", "due_on": "20/03/2025"},
    )
    assert answer.status_code == 302 and answer["Location"] == f"/menages/{household.pk}/"
    task = Alert.objects.get(kind="MANUELLE")
    assert (task.household_id, task.organisation_id, task.message, task.due_on) == (
        household.pk,
        worker.organisation_id,
        "Appeler la CAF",
        datetime.date(2025, 3, 20),
    )
    assert clock.today() == TODAY
    # Bad input from the file: refused in French, still going back to the file.
    answer = client.post(
        f"/suivi/taches/nouvelle/?dossier={household.reference}",
        {"reference": household.reference, "title": ""},
    )
    assert answer.status_code == 422
    html = answer.content.decode()
    assert "Décrivez la tâche." in html
    assert f'href="/menages/{household.pk}/">Retour au dossier</a>' in html
    assert Alert.objects.filter(kind="MANUELLE").count() == 1
    # From the work list, as before: back to « À faire ».
    html = client.get("/suivi/taches/nouvelle/").content.decode()
    assert "Retour à « À faire »" in html


@pytest.mark.django_db
def test_an_unknown_or_unfollowed_reference_gives_no_way_to_a_file(file, client, login_as):
    household, _, worker = file
    from tests.factories import HouseholdFactory

    other = HouseholdFactory()  # the worker's organisation is not involved in it
    login_as(worker)
    for reference in (other.reference, "93-0000-999999", "<script>"):
        html = client.get("/suivi/taches/nouvelle/", {"dossier": reference}).content.decode()
        assert "Retour à « À faire »" in html
        assert f"/menages/{other.pk}/" not in html
        assert "<script>" not in html
