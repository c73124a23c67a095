"""The generator's noisy notification files (prevex/synth), imported twice: the second
import changes nothing."""

import csv
import io

import pytest
from django.core.management import call_command

from prevex.accounts.models import OrganisationType
from prevex.core.territories import load_territories
from prevex.households.models import Household, Involvement, Member
from prevex.intake import services
from prevex.intake.models import BatchStatus, ImportRow, ReviewItem
from prevex.matching.models import MatchDecision
from prevex.procedures.models import Event, Procedure
from tests import factories

pytestmark = pytest.mark.django_db

SENDERS = {
    "caf": OrganisationType.CAF,
    "commissaires_justice": OrganisationType.COMMISSAIRE_JUSTICE,
    "bailleurs_sociaux": OrganisationType.BAILLEUR_SOCIAL,
    "tribunal": OrganisationType.TRIBUNAL,
    "prefecture": OrganisationType.PREFECTURE,
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth")
    call_command(
        "generate",
        preset="93",
        years="2019",
        seed=1,
        format="csv",
        out=str(out),
        scale=0.01,
        stdout=io.StringIO(),
    )
    return out


def _state():
    return {
        "households": sorted(Household.objects.values_list("pk", "reference", "address")),
        "members": Member.objects.count(),
        "procedures": sorted(
            Procedure.objects.values_list("pk", "stage", "stage_date", "current_debt")
        ),
        "events": sorted(
            Event.objects.values_list("pk", "stage", "date", "debt_amount", "notes", "flagged")
        ),
        "rows": sorted(ImportRow.objects.values_list("pk", "status", "event_id", "errors")),
        "reviews": ReviewItem.objects.count(),
        "involvements": Involvement.objects.count(),
        "decisions": MatchDecision.objects.count(),
    }


def _files(out):
    return [out / f"{name}.csv" for name in SENDERS if (out / f"{name}.csv").exists()]


def test_generator_files_imported_twice(generated):
    load_territories(departements=["93"])
    sources = {
        name: factories.OrganisationFactory(type=org_type, slug=f"synth-{name}")
        for name, org_type in SENDERS.items()
    }
    files = _files(generated)
    assert len(files) >= 4
    read, quarantined = 0, {}
    for path in files:
        with path.open(encoding="utf-8") as handle:
            expected = sum(1 for _ in handle) - 1
        batch = services.file_import(
            source=sources[path.stem], content=path.read_bytes(), filename=path.name, by=None
        )
        assert batch.status == BatchStatus.TERMINE, batch.error
        assert batch.lus == expected
        assert sum(v for k, v in batch.summary.items() if k != "lus") == expected
        quarantined[path] = batch.quarantaine
        read += expected
    first = _state()
    assert 0 < len(first["rows"]) <= read  # exact re-sends within a file store no row
    with (generated / "truth.csv").open(encoding="utf-8") as handle:
        truth = {row["household"] for row in csv.DictReader(handle, delimiter=";")}
    households = len(first["households"])
    # Matching quality is bench/matching.py's business; this only catches gross errors
    # (every row a new household, or everything merged into a few).
    assert 0.8 * len(truth) <= households <= 1.25 * len(truth), (households, len(truth))

    for path in files:
        batch = services.file_import(
            source=sources[path.stem], content=path.read_bytes(), filename=path.name, by=None
        )
        assert batch.status == BatchStatus.TERMINE
        # every row recognised; the quarantined ones are read again and stay there
        assert batch.quarantaine == quarantined[path]
        assert batch.doublons == batch.lus - quarantined[path]
    assert _state() == first
