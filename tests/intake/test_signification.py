"""The judgment's signification in the import (``date_signification``): stored on the
judgment through the procedures' write path, new or sent again; refused in French on
another act, before the judgment, in the future, after the CQL that executes it, or when
another date is already recorded — and then nothing of the row is written. The eviction
date computed afterwards counts the délais from it (CPC art. 511)."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prevex.audit.models import WriteLog
from prevex.households.models import Household
from prevex.intake import services
from prevex.intake.models import ImportRow, RowStatus
from prevex.intake.validation import validate_row
from prevex.procedures.deadlines import eviction_possible
from prevex.procedures.models import Event, Procedure
from prevex.procedures.rules import RuleBook
from prevex.procedures.services import event_record, events_of, procedure_open

from .conftest import HEADER, TODAY, csv_bytes, row, saint_denis_household

D = datetime.date
WITH_SERVED = [*HEADER, "date_signification"]
JUDGMENT = {
    "type_acte": "JUGEMENT",
    "date_acte": "15/01/2025",
    "reference_acte": "JUG-2025-001",
    "decision": "FERME",
    "contradictoire": "NON",
    "montant_dette": "",
}


def _import(sender, rows, header=WITH_SERVED):
    return services.file_import(
        source=sender.organisation,
        content=csv_bytes(rows, header=header),
        filename="j.csv",
        by=None,
    )


def _judgment_row(**values):
    return row(**{**JUDGMENT, **values})


def test_a_judgment_row_stores_its_signification(ccapex):
    batch = _import(ccapex, [_judgment_row(date_signification="03/02/2025")])
    assert batch.summary["importes"] + batch.summary["revue"] == 1, batch.summary
    judgment = Event.objects.get(stage="JUGEMENT")
    assert judgment.served_on == D(2025, 2, 3)
    assert judgment.channel == "IMPORT"
    # the history of writes says it, as for any field of the act
    entry = WriteLog.objects.get(object_type="EVENT", object_id=judgment.pk)
    assert any(c["field"] == "served_on" and c["new"] == "03/02/2025" for c in entry.changes)


def test_without_the_column_nothing_changes(ccapex):
    batch = _import(ccapex, [_judgment_row()], header=HEADER)
    assert batch.summary["quarantaine"] == 0
    assert Event.objects.get(stage="JUGEMENT").served_on is None
    stored = ImportRow.objects.get()
    assert "date_signification" not in stored.normalised  # fingerprints unchanged


@pytest.mark.parametrize(
    "header",
    [
        "date_signification",
        "Date de signification",
        "Date de signification du jugement",
        "Jugement signifié le",
        "SIGNIFIE LE",
        "signification",
    ],
)
def test_the_header_may_be_spelled_as_people_write_it(territory, header):
    data, errors = validate_row({**_judgment_row(), header: "2025-02-03"})
    assert errors == [] and data["date_signification"] == D(2025, 2, 3)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"type_acte": "CQL", "decision": "", "contradictoire": ""}, "que pour un jugement"),
        ({"date_signification": "14/01/2025"}, "avant d'être rendu (15/01/2025)"),
        ({"date_signification": "03/06/2025"}, "est dans le futur"),
        ({"date_signification": "31/02/2025"}, "ce jour n'existe pas"),
        ({"date_signification": "bientôt"}, "Date invalide"),
        ({"date_signification": "03/02/25"}, "quatre chiffres"),
    ],
)
def test_bad_significations_are_refused_in_french_and_write_nothing(ccapex, values, message):
    sent = _judgment_row(**{"date_signification": "03/02/2025", **values})
    batch = _import(ccapex, [sent])
    assert batch.summary["quarantaine"] == 1
    stored = ImportRow.objects.get()
    assert stored.status == RowStatus.QUARANTAINE
    found = [e["message"] for e in stored.errors if e["column"] == "date_signification"]
    assert found and message in found[0], stored.errors
    assert not Household.objects.exists() and not Event.objects.exists()


SERVED_DATES = st.dates(min_value=D(2024, 1, 1), max_value=D(2026, 12, 31))


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(judged=SERVED_DATES, served=SERVED_DATES, act=st.sampled_from(["JUGEMENT", "CQL"]))
def test_any_signification_is_accepted_exactly_when_it_may_be(territory, judged, served, act):
    """Whatever the two dates and the act: accepted when on a judgment, not before it and
    not after today; otherwise one French message on the column, never an exception."""
    sent = _judgment_row(
        type_acte=act,
        date_acte=f"{judged:%d/%m/%Y}",
        date_signification=f"{served:%d/%m/%Y}",
        **({} if act == "JUGEMENT" else {"decision": "", "contradictoire": ""}),
    )
    data, errors = validate_row(sent, today=TODAY)
    valid_act = judged <= TODAY
    served_ok = act == "JUGEMENT" and judged <= served <= TODAY
    if valid_act and served_ok:
        assert errors == [] and data["date_signification"] == served
        return
    assert data is None
    served_errors = [e for e in errors if e.column == "date_signification"]
    if valid_act:
        assert len(served_errors) == 1
        assert served_errors[0].message.startswith(("La date de signification", "Le jugement"))


# ------------------------------------------------------------ a judgment already known


@pytest.fixture
def judged_file(ccapex, territory):
    """Samia Benali's procedure: assignation, a judgment by default (not contradictoire)
    granting 3 months of délais, typed in the file without its signification, and the CQL
    of 20/03/2025."""
    household = saint_denis_household(territory)
    procedure = procedure_open(
        household=household,
        stage="ASSIGNATION",
        date=D(2024, 10, 1),
        hearing_date=D(2024, 12, 10),
        by=ccapex,
    )
    event_record(
        procedure=procedure,
        stage="JUGEMENT",
        date=D(2025, 1, 15),
        decision="FERME",
        contradictoire=False,
        grace_months=3,
        by=ccapex,
    )
    event_record(procedure=procedure, stage="CQL", date=D(2025, 3, 20), by=ccapex)
    return procedure


def _eviction(procedure):
    return eviction_possible(events=events_of(procedure), rulebook=RuleBook.for_departement("93"))


def test_the_same_judgment_sent_again_with_its_signification_moves_the_eviction_date(
    ccapex, judged_file
):
    before = _eviction(judged_file)
    # signification unknown: CQL + 2 months (the délais counted at the earliest), and the
    # text says the délais may run later
    assert before.date == D(2025, 5, 21) and "non saisie" in before.unsure
    batch = _import(ccapex, [_judgment_row(date_signification="01/03/2025")])
    assert batch.summary["mis_a_jour"] == 1, batch.summary
    judgment = Event.objects.get(stage="JUGEMENT")
    assert judgment.served_on == D(2025, 3, 1)
    assert Event.objects.filter(stage="JUGEMENT").count() == 1  # not recorded twice
    after = _eviction(judged_file)
    # 01/03 + 3 months = 01/06/2025, a Sunday → Monday 02/06, possible from 03/06
    assert after.date == D(2025, 6, 3) and not after.unsure
    assert "signification du 01/03/2025" in after.reason
    assert WriteLog.objects.filter(
        object_type="EVENT", object_id=judgment.pk, summary__contains="signifié le 01/03/2025"
    ).exists()
    stored = Procedure.objects.get(pk=judged_file.pk)
    assert stored.key_deadline is not None
    # sent a third time: a duplicate, nothing changes
    again = _import(ccapex, [_judgment_row(date_signification="01/03/2025", observations="x")])
    assert again.summary["quarantaine"] == 0
    assert Event.objects.get(stage="JUGEMENT").served_on == D(2025, 3, 1)


@pytest.mark.parametrize(
    ("served", "message"),
    [
        ("25/03/2025", "au plus tard avec le commandement de quitter les lieux du 20/03/2025"),
    ],
)
def test_a_signification_after_the_cql_is_refused_and_writes_nothing(
    ccapex, judged_file, served, message
):
    writes = WriteLog.objects.count()
    batch = _import(ccapex, [_judgment_row(date_signification=served, telephone="0612345678")])
    assert batch.summary["quarantaine"] == 1
    stored = ImportRow.objects.get()
    assert any(
        e["column"] == "date_signification" and message in e["message"] for e in stored.errors
    ), stored.errors
    assert Event.objects.get(stage="JUGEMENT").served_on is None
    assert not judged_file.household.contacts.exists()  # the row's phone number neither
    assert WriteLog.objects.count() == writes


def test_another_date_does_not_replace_a_recorded_signification(ccapex, judged_file):
    _import(ccapex, [_judgment_row(date_signification="01/03/2025")])
    batch = _import(
        ccapex, [_judgment_row(reference_acte="JUG-BIS", date_signification="02/03/2025")]
    )
    assert batch.summary["quarantaine"] == 1
    stored = ImportRow.objects.filter(status=RowStatus.QUARANTAINE).get()
    assert any("déjà enregistrée (le 01/03/2025)" in e["message"] for e in stored.errors)
    assert Event.objects.get(stage="JUGEMENT").served_on == D(2025, 3, 1)


# ------------------------------------------------------------------------------ API


def test_the_api_takes_the_signification_and_refuses_it_elsewhere(client, ccapex, judged_file):
    """The same field through the API: 422 on another act (nothing stored), and the known
    judgment completed when it is sent again with it."""
    import json

    from prevex.api.services import api_token_create

    _, clear = api_token_create(organisation=ccapex.organisation, name="Flux", by=None)

    def send(**fields):
        body = {k: v for k, v in _judgment_row(**fields).items() if v != ""}
        return client.post(
            "/api/v1/notifications",
            json.dumps(body),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {clear}",
        )

    refused = send(type_acte="CQL", decision="", contradictoire="", date_signification="2025-03-01")
    assert refused.status_code == 422
    [detail] = refused.json()["detail"]
    assert detail["champ"] == "date_signification"
    assert "ne s'indique que pour un jugement" in detail["message"]
    assert not ImportRow.objects.exists()
    accepted = send(date_signification="2025-03-01")
    assert accepted.status_code == 201, accepted.content
    assert accepted.json()["notifications"][0]["statut"] == "MIS_A_JOUR"
    assert Event.objects.get(stage="JUGEMENT").served_on == D(2025, 3, 1)
