"""Independent probe of the legal delays (2026-12-06): the délais a judgment grants run from
its signification unless it is contradictoire (CPC art. 511).

The eviction date computed from either, the bounds given when the signification or the
judgment's nature is not recorded, the checks on the signification's date, and its
recording by the bailiff (service, file page, judgment form).
"""

import pytest

from prevex.procedures.deadlines import compute_deadlines

from .conftest import memory_rulebook
from .law_probe_helpers import Act, Proc, d

# --- délais granted by a judgment run from its signification unless contradictoire ------
# CPC art. 511: « Le délai court du jour du jugement lorsque celui-ci est contradictoire ;
# il ne court, dans les autres cas, que du jour de la notification du jugement. » Before
# 2026-12-06 prevex counted every judgment's délais from its date.
#
# The case: judgment of Monday 03/03/2025 (résiliation ferme), délais of 6 months to
# leave; judgment served and CQL delivered together on Tuesday 15/04/2025.
#   CQL + 2 months (CPCE L412-1) = Sunday 15/06/2025 → Monday 16/06 → from 17/06/2025.
#   From the judgment: 03/03 + 6 months = Wednesday 03/09/2025 → from 04/09/2025.
#   From the signification: 15/04 + 6 months = Wednesday 15/10/2025 → from 16/10/2025.

JUDGED, SERVED = d(2025, 3, 3), d(2025, 4, 15)


def _judged(contradictoire, served_on=None):
    judgment = Act(
        "JUGEMENT", JUDGED, decision="FERME", contradictoire=contradictoire, grace_months=6,
        served_on=served_on,
    )  # fmt: skip
    return [judgment, Act("CQL", SERVED)]


def _eviction(events):
    found = compute_deadlines(
        procedure=Proc(), events=events, rulebook=memory_rulebook(), today=SERVED
    )
    return {x.code: x for x in found}["EXPULSION_POSSIBLE"]


def test_the_delais_of_a_judgment_by_default_run_from_its_signification():
    deadline = _eviction(_judged(False, served_on=SERVED))
    assert deadline.date == d(2025, 10, 16)
    assert deadline.text == (
        "Expulsion possible à partir du 16/10/2025 (CPCE L412-3 et L412-4 : délais de 6 mois "
        "accordés par le jugement du 03/03/2025, comptés de sa signification du 15/04/2025, "
        "CPC art. 511)"
    )


def test_the_delais_of_a_contradictoire_judgment_run_from_its_date():
    deadline = _eviction(_judged(True, served_on=SERVED))
    assert deadline.date == d(2025, 9, 4)
    assert "au plus tôt" not in deadline.text
    assert "jugement contradictoire du 03/03/2025, comptés de sa date, CPC art. 511" in (
        deadline.text
    )


def test_an_unknown_signification_gives_the_earliest_date_and_says_so():
    """Not recorded: the délais run from a day between the judgment (03/03) and the CQL
    that executes it (15/04, CPC art. 503): from 04/09/2025 at the earliest, and they may
    run until 15/10/2025."""
    deadline = _eviction(_judged(False))
    assert deadline.date == d(2025, 9, 4)
    assert deadline.text == (
        "Expulsion possible à partir du 04/09/2025 au plus tôt (CPCE L412-3 et L412-4 : délais "
        "de 6 mois accordés par le jugement du 03/03/2025, comptés au plus tôt de sa date, "
        "CPC art. 511) ; date de signification du jugement du 03/03/2025 non saisie : ses "
        "délais de 6 mois peuvent courir jusqu'au 15/10/2025 (CPC art. 511)"
    )


def test_a_judgment_not_said_contradictoire_or_not_gives_both_bounds():
    deadline = _eviction(_judged(None, served_on=SERVED))
    assert deadline.date == d(2025, 9, 4)
    assert deadline.text.startswith("Expulsion possible à partir du 04/09/2025 au plus tôt")
    assert deadline.text.endswith(
        "; caractère contradictoire du jugement du 03/03/2025 non indiqué : ses délais de 6 "
        "mois peuvent courir jusqu'au 15/10/2025 (CPC art. 511)"
    )


def test_short_delais_hidden_by_the_cql_delay_leave_the_date_certain():
    """Délais of 1 month from a signification of 15/04 at the latest end on 15/05/2025,
    before the CQL's own two months (from 17/06/2025): the date is certain."""
    events = _judged(False)
    events[0].grace_months = 1
    deadline = _eviction(events)
    assert deadline.date == d(2025, 6, 17)
    assert "au plus tôt" not in deadline.text
    assert deadline.text.startswith("Expulsion possible à partir du 17/06/2025 (CPCE L412-1")


def test_an_eviction_before_the_end_of_delais_counted_from_the_signification_is_refused():
    from prevex.procedures.stages import check_event

    reasons = check_event(
        _judged(False, served_on=SERVED), "EXPULSION", {"date": d(2025, 10, 1)},
        rulebook=memory_rulebook(),
    )  # fmt: skip
    assert any("ne peut avoir lieu avant le 16/10/2025" in reason for reason in reasons)


def test_the_signification_belongs_to_a_judgment_and_follows_it():
    from prevex.procedures.stages import check_event

    reasons = check_event(
        [Act("ASSIGNATION", d(2024, 10, 1), hearing_date=d(2025, 2, 3))],
        "JUGEMENT",
        {"date": JUDGED, "decision": "FERME", "contradictoire": False, "served_on": d(2025, 3, 1)},
        rulebook=memory_rulebook(),
    )
    assert (
        "Le jugement ne peut avoir été signifié (01/03/2025) avant d'être rendu (03/03/2025)."
        in (reasons)
    )
    reasons = check_event(
        _judged(False), "RFP", {"date": d(2025, 8, 1), "served_on": d(2025, 4, 15)},
        rulebook=memory_rulebook(),
    )  # fmt: skip
    assert "La date de signification ne se saisit que sur un jugement." in reasons


@pytest.fixture
def judged_file():
    """The case above in the database: judged on 03/03/2025 (not contradictoire, délais of
    6 months), CQL of 15/04/2025, the signification not recorded."""
    from prevex.procedures.models import Stage
    from prevex.procedures.services import event_record
    from tests.procedures.factories import procedure_at_jugement

    procedure = procedure_at_jugement(jugement_on=JUDGED, contradictoire=False, grace_months=6)
    event_record(procedure=procedure, stage=Stage.CQL, date=SERVED, by=None)
    return procedure


def _file_eviction(procedure):
    from prevex.procedures.rules import RuleBook

    found = compute_deadlines(
        procedure=procedure,
        events=list(procedure.events.all()),
        rulebook=RuleBook.for_departement(procedure.departement_id),
        today=SERVED,
    )
    return {x.code: x for x in found}["EXPULSION_POSSIBLE"]


@pytest.mark.django_db
def test_the_bailiff_records_the_signification_and_the_date_follows(judged_file):
    from prevex.audit.models import WriteLog
    from prevex.core.errors import BusinessError
    from prevex.procedures.services import judgment_served_record
    from tests.access.conftest import member_of
    from tests.factories import InvolvementFactory

    assert "au plus tôt" in _file_eviction(judged_file).text
    judgment = judged_file.events.get(stage="JUGEMENT")
    landlord = member_of("BAILLEUR_PRIVE")
    InvolvementFactory(household=judged_file.household, organisation=landlord.organisation)
    with pytest.raises(BusinessError, match="commandement de quitter les lieux enregistrent"):
        judgment_served_record(event=judgment, served_on=SERVED, by=landlord)
    bailiff = member_of("COMMISSAIRE_JUSTICE")
    InvolvementFactory(household=judged_file.household, organisation=bailiff.organisation)
    for day, message in [
        (d(2025, 3, 2), "avant d'être rendu"),
        (d(2025, 4, 16), "au plus tard avec le commandement de quitter les lieux du 15/04/2025"),
    ]:
        with pytest.raises(BusinessError, match=message):
            judgment_served_record(event=judgment, served_on=day, by=bailiff)
    judgment_served_record(event=judgment, served_on=SERVED, by=bailiff)
    judgment.refresh_from_db()
    assert judgment.served_on == SERVED
    deadline = _file_eviction(judged_file)
    assert deadline.date == d(2025, 10, 16) and "au plus tôt" not in deadline.text
    assert WriteLog.objects.filter(summary="Jugement du 03/03/2025 signifié le 15/04/2025").exists()
    with pytest.raises(BusinessError, match="déjà enregistrée"):
        judgment_served_record(event=judgment, served_on=SERVED, by=bailiff)


@pytest.mark.django_db
def test_the_file_asks_the_bailiff_for_the_signification(judged_file, client, login_as):
    from tests.access.conftest import member_of
    from tests.factories import InvolvementFactory

    bailiff = member_of("COMMISSAIRE_JUSTICE")
    InvolvementFactory(household=judged_file.household, organisation=bailiff.organisation)
    login_as(bailiff)
    page = client.get(f"/menages/{judged_file.household_id}/").content.decode()
    assert 'data-testid="signification-jugement"' in page
    assert "04/09/2025 au plus tôt" in page
    response = client.post(
        f"/procedures/{judged_file.pk}/signification/", {"served_on": "15/04/2025"}
    )
    assert response.status_code == 302
    page = client.get(f"/menages/{judged_file.household_id}/").content.decode()
    assert 'data-testid="signification-jugement"' not in page
    assert "Expulsion possible à partir du 16/10/2025" in page
    assert "signifié le 15/04/2025" in page  # the judgment's line in the timeline


@pytest.mark.django_db
def test_the_signification_form_is_not_shown_to_a_landlord(judged_file, client, login_as):
    from tests.access.conftest import member_of
    from tests.factories import InvolvementFactory

    landlord = member_of("BAILLEUR_PRIVE")
    InvolvementFactory(household=judged_file.household, organisation=landlord.organisation)
    login_as(landlord)
    page = client.get(f"/menages/{judged_file.household_id}/").content.decode()
    assert "04/09/2025 au plus tôt" in page
    assert 'data-testid="signification-jugement"' not in page


@pytest.mark.django_db
def test_the_judgment_form_takes_its_signification():
    from prevex.core.errors import BusinessError
    from prevex.procedures.models import Stage
    from prevex.procedures.services import event_record
    from tests.procedures.factories import procedure_at_assignation

    procedure = procedure_at_assignation(assignation_on=d(2024, 10, 1), hearing_on=d(2025, 2, 3))
    fields = {"decision": "FERME", "contradictoire": False, "grace_months": 6}
    with pytest.raises(BusinessError, match="avant d'être rendu"):
        event_record(
            procedure=procedure, stage=Stage.JUGEMENT, date=JUDGED, by=None,
            served_on=d(2025, 3, 1), **fields,
        )  # fmt: skip
    event = event_record(
        procedure=procedure, stage=Stage.JUGEMENT, date=JUDGED, by=None, served_on=SERVED,
        **fields,
    )  # fmt: skip
    assert event.served_on == SERVED
