"""The support measures' status changes on the file's timeline, next to the legal acts.

Each step a measure service writes (``measure_propose``, ``measure_change``,
``measure_propose_many``) is a ``MeasureStep``; the support app declares them as a
timeline source (``prevex.core.panels``) for readers of the follow-up (SUIVI), and the
procedures' panel places them in date order among the acts. A landlord (no SUIVI) never
sees them; the measure's note never appears on the timeline.
"""

import datetime
import re

import pytest

from prevex.accounts.models import OrganisationType, Role
from prevex.audit.models import WriteChannel
from prevex.audit.services import write_channel
from prevex.core.panels import timeline_items
from prevex.households.perms import FieldGroup
from prevex.support import bulk, services
from prevex.support.groups import SUIVI
from prevex.support.models import MeasureStep

from .conftest import member_of

D = datetime.date


def _timeline(html: str) -> list[str]:
    """The lines of the procedure's timeline, as visible text."""
    block = re.search(r'<ol class="prevex-timeline"[^>]*>(.*?)</ol>', html, flags=re.S)
    assert block, "no timeline"
    items = re.findall(r"<li[^>]*>(.*?)</li>", block.group(1), flags=re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", i)).strip() for i in items]


@pytest.fixture
def measure_life(file):
    household, procedure, worker = file
    measure = services.measure_propose(
        household=household, by=worker, type_code="FSL_MAINTIEN", on=D(2025, 1, 10),
        note="NOTE-SENTINELLE",
    )  # fmt: skip
    services.measure_change(measure=measure, by=worker, status="DEMANDEE", on=D(2025, 2, 1))
    services.measure_change(
        measure=measure, by=worker, status="ACCORDEE", on=D(2025, 3, 1), amount="1200",
        deciding_body="Commission FSL",
    )  # fmt: skip
    return household, procedure, worker, measure


@pytest.mark.django_db
def test_every_status_change_is_a_step_with_its_author_and_channel(measure_life):
    household, _, worker, measure = measure_life
    steps = list(MeasureStep.objects.filter(measure=measure).order_by("id"))
    assert [(s.status, s.status_on) for s in steps] == [
        ("PROPOSEE", D(2025, 1, 10)),
        ("DEMANDEE", D(2025, 2, 1)),
        ("ACCORDEE", D(2025, 3, 1)),
    ]
    granted = steps[-1]
    assert granted.amount == 1200 and granted.deciding_body == "Commission FSL"
    assert {s.organisation_id for s in steps} == {worker.organisation_id}
    assert {s.recorded_by_id for s in steps} == {worker.user_id}
    assert {s.channel for s in steps} == {WriteChannel.FORM}
    assert {s.household_id for s in steps} == {household.pk}


@pytest.mark.django_db
def test_a_refused_change_writes_no_step(measure_life):
    _, _, worker, measure = measure_life
    before = MeasureStep.objects.count()
    with pytest.raises(Exception, match="ne peut pas passer"):
        services.measure_change(measure=measure, by=worker, status="PROPOSEE")
    assert MeasureStep.objects.count() == before


@pytest.mark.django_db
def test_the_bulk_form_writes_the_same_steps_with_its_channel(file):
    household, _, worker = file
    with write_channel(WriteChannel.IMPORT):
        (measure,) = bulk.measure_propose_many(
            by=worker,
            drafts=[bulk.MeasureDraft(household.pk, "ASLL", status="DEMANDEE", on=D(2025, 3, 2))],
        )
    (step,) = MeasureStep.objects.filter(measure=measure)
    assert (step.status, step.status_on, step.channel) == ("DEMANDEE", D(2025, 3, 2), "IMPORT")


@pytest.mark.django_db
def test_the_timeline_shows_the_steps_between_the_acts_in_date_order(
    measure_life, client, login_as
):
    household, _, worker, _ = measure_life
    login_as(worker)
    lines = _timeline(client.get(f"/menages/{household.pk}/").content.decode())
    headings = [line.split(" · ")[0] for line in lines]
    assert headings[0].startswith("02/11/2024 — Commandement de payer")
    assert headings[1].startswith("Dispositif 10/01/2025 — FSL maintien")
    assert ": proposé enregistré par" in headings[1]
    assert headings[2].startswith("01/02/2025 — Assignation")
    # Same day as the assignation: after the act.
    assert headings[3].startswith("Dispositif 01/02/2025 — FSL maintien") and "demandé" in lines[3]
    # Amounts grouped as on the acts' lines (« dette 1 234,56 € »).
    assert re.search(r"accordé · 1\s200,00 € · décision : Commission FSL", lines[4]), lines[4]
    assert "via formulaire" in lines[4] and worker.organisation.name in lines[4]
    html = client.get(f"/menages/{household.pk}/").content.decode()
    block = re.search(r'<ol class="prevex-timeline".*?</ol>', html, flags=re.S).group(0)
    assert "NOTE-SENTINELLE" not in block


@pytest.mark.django_db
def test_the_procedure_block_after_an_act_keeps_the_steps(measure_life, client, login_as):
    """The htmx block re-rendered after recording an act reads the same timeline."""
    household, procedure, _, _ = measure_life
    secretariat = member_of(household, OrganisationType.ETAT_CCAPEX, Role.AGENT)
    login_as(secretariat)
    response = client.post(
        f"/procedures/{procedure.pk}/actes/",
        {"stage": "AUDIENCE", "date": "05/03/2025", "hearing_date": "15/04/2025"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200, response.content.decode()[:500]
    assert "FSL maintien" in " ".join(_timeline(response.content.decode()))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "org_type", [OrganisationType.BAILLEUR_PRIVE, OrganisationType.BAILLEUR_SOCIAL]
)
def test_a_landlord_never_sees_the_steps(org_type, measure_life, client, login_as):
    household, _, _, _ = measure_life
    landlord = member_of(household, org_type, Role.AGENT)
    login_as(landlord)
    html = client.get(f"/menages/{household.pk}/").content.decode()
    lines = _timeline(html)
    assert len(lines) == 2  # the two acts only
    assert "FSL maintien" not in html and "dispositif" not in " ".join(lines).lower()


@pytest.mark.django_db
def test_the_source_is_asked_only_for_suivi_readers(measure_life):
    household, _, _, _ = measure_life
    assert timeline_items(household_id=household.pk, groups={FieldGroup.PROCEDURE}) == []
    items = timeline_items(household_id=household.pk, groups={FieldGroup.PROCEDURE, SUIVI})
    assert [i.kind for i in items] == ["dispositif"] * 3
