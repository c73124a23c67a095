"""The procedures panel of the file page shows every field of its timeline lines.

The timeline's lines (acts, support measures' steps) are written once in Python with
``format_html`` (the file page is the most read page): these tests pin what a social
worker and a landlord see — headings, details, sources, recorders, notes, flags, the
measures' steps and the procedure's links — so that a change in that code cannot drop or
unescape a field unnoticed.
"""

import datetime
import re
from decimal import Decimal
from html import unescape

import pytest

from prevex.access.models import Involvement
from prevex.accounts.models import OrganisationType, Role
from prevex.procedures import services as procedures
from prevex.procedures.models import Event, Stage
from prevex.support import services as support

from .conftest import member_of
from .test_file_page_content import text_of


def _section(html: str, procedure_id: int) -> str:
    match = re.search(rf'<section[^>]*id="procedure-{procedure_id}".*?</section>', html, re.S)
    assert match, procedure_id
    return match.group(0)


@pytest.fixture
def timeline_file(file):
    household, procedure, worker = file
    landlord = member_of(household, OrganisationType.BAILLEUR_PRIVE, Role.AGENT)
    # the landlord of record (a landlord acts only on its own tenants' files)
    Involvement.objects.filter(organisation=landlord.organisation).update(reason="BAILLEUR")
    clerk = member_of(household, OrganisationType.TRIBUNAL)
    source = clerk.organisation
    source.name = "TJ <Bobigny>"
    source.save()
    procedures.event_record(
        procedure=procedure, stage=Stage.JUGEMENT, date=datetime.date(2025, 3, 1),
        by=clerk, decision="CONDITIONNELLE", contradictoire=True, payment_months=12,
        instalment_amount=Decimal("150"), first_instalment_on=datetime.date(2025, 4, 5), debt_amount=Decimal("2345.67"), notes="Renvoi <demandé> & accordé",
        source=source,
    )  # fmt: skip
    # Out of order: recorded anyway, flagged.
    procedures.event_record(
        procedure=procedure, stage=Stage.CQL, date=datetime.date(2025, 3, 2), by=None,
        strict=False, channel="IMPORT",
    )  # fmt: skip
    Event.objects.filter(stage=Stage.CQL).update(flagged="Acte <hors> ordre")
    first = Event.objects.get(procedure=procedure, stage=Stage.CDP)
    procedures.event_amend_many(
        by=worker, changes=[(first, {"debt_amount": Decimal("1500"), "notes": "Corrigé"})]
    )
    fsl = support.measure_propose(
        household=household, by=worker, type_code="FSL_MAINTIEN", status="DEMANDEE",
        on=datetime.date(2025, 2, 1),
    )  # fmt: skip
    support.measure_change(
        measure=fsl, by=worker, status="ACCORDEE", on=datetime.date(2025, 3, 1),
        amount="1234.5", deciding_body="Commission <FSL>",
    )  # fmt: skip
    return household, procedure, worker, landlord


ACTS = [
    "02/11/2024 — Commandement de payer · dette 1 500,00 € Corrigé",
    "01/02/2025 — Assignation · audience le 15/04/2025",
    "01/03/2025 — Jugement · dette 2 345,67 € · Conditionnelle (délais de paiement) "
    "(contradictoire) · délais de paiement de 12 mois, échéances de 150,00 € à partir du "
    "05/04/2025 Transmis par TJ <Bobigny> · enregistré par Camille Martin (TJ <Bobigny>), "
    "via formulaire Renvoi <demandé> & accordé",
    "02/03/2025 — Commandement de quitter les lieux enregistré, via import Acte <hors> ordre",
]
# The social worker's service closes nothing (it reports the outcome to the secretariat);
# the landlord of record closes with its outcomes (docs/decisions/2026-12-06-closure-matrix.md).
ACTIONS = {"worker": "Enregistrer un acte", "landlord": "Enregistrer un acte Clôturer la procédure"}
STEPS = {
    2: "Dispositif 01/02/2025 — FSL maintien (apurement de la dette) : demandé enregistré "
    "par Camille Martin (Organisation 0), via formulaire",
    4: "Dispositif 01/03/2025 — FSL maintien (apurement de la dette) : accordé · 1 234,50 € "
    "· décision : Commission <FSL> enregistré par Camille Martin (Organisation 0), via "
    "formulaire",
}
HEAD = (
    "Impayés de loyer — ouverte le 02/11/2024 Étape : Commandement de quitter les lieux "
    "Signalement à la CCAPEX requis : dette d'au moins 2 fois le loyer (Loi 1989 art. 24 I)."
)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["worker", "landlord"])
def test_the_timeline_shows_every_field(timeline_file, client, login_as, who):
    """The worker reads the follow-up (the measures' steps among the acts); the landlord
    reads the acts only."""
    household, procedure, worker, landlord = timeline_file
    login_as(worker if who == "worker" else landlord)
    html = client.get(f"/menages/{household.pk}/").content.decode()
    section = _section(html, procedure.pk)
    text = unescape(text_of(section))
    # The recorders' organisation names are the factories' (« Organisation N »).
    text = re.sub(r"Organisation \d+", "Organisation 0", text)
    lines = [*ACTS, ACTIONS[who]]
    if who == "worker":
        for index, step in STEPS.items():
            lines.insert(index, step)
    assert text.startswith(HEAD), text
    position = 0
    for line in lines:
        found = text.find(line, position)
        assert found >= 0, (line, text[position:])
        position = found + len(line)
    assert text.count("Dispositif ") == (2 if who == "worker" else 0)
    # Escaped, never interpreted.
    assert "TJ &lt;Bobigny&gt;" in section
    assert "Renvoi &lt;demandé&gt; &amp; accordé" in section
    assert "Acte &lt;hors&gt; ordre" in section
    assert ("Commission &lt;FSL&gt;" in section) is (who == "worker")
    assert section.count('<li class="prevex-timeline__other" data-kind="dispositif">') == (
        2 if who == "worker" else 0
    )
    assert '<p class="fr-badge fr-badge--warning fr-badge--sm">Acte &lt;hors&gt; ordre</p>' in (
        section
    )
    for url in (f"/procedures/{procedure.pk}/actes/formulaire/",
                f"/procedures/{procedure.pk}/cloture/formulaire/"):  # fmt: skip
        offered = who == "landlord" or "actes" in url
        assert (f'href="{url}"' in section) is offered
        assert (f'hx-get="{url}"' in section) is offered
    targets = section.count(f'hx-target="#procedure-{procedure.pk}-actions"')
    assert targets == (2 if who == "landlord" else 1)
