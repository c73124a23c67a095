"""The independent corpus (bench/adversarial) imported through the real import service.

Acceptance of issue 9 at reduced size: the import of a fresh database ends with a
household count within 1 % of the truth, and no household whose rows come from two real
households (rows waiting in the review queue, attached to nothing, aside). The figures
are printed (``pytest -s``) and carried by the assertion messages.
"""

import csv
from collections import Counter, defaultdict

import pytest

from bench.adversarial import generate, senders
from prevex.core.territories import load_territories
from prevex.households.models import Household
from prevex.intake import services
from prevex.intake.models import BatchStatus, ImportRow, RowStatus
from tests import factories

pytestmark = pytest.mark.django_db

HOUSEHOLDS, SEED = 200, 11


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("adversarial")
    generate.write(out, HOUSEHOLDS, SEED)
    with open(out / "truth.csv", newline="", encoding="utf-8") as handle:
        truth = {(t["file"], int(t["line"])): t for t in csv.DictReader(handle, delimiter=";")}
    return out, truth


def _import(out) -> dict:
    load_territories(departements=["93"])
    lines = {}
    for sender in senders.SENDERS:
        path = out / f"{sender.key}.csv"
        source = factories.OrganisationFactory(
            type=sender.organisation_type, name=sender.name, slug=f"adv-{sender.key}"
        )
        batch = services.file_import(
            source=source, content=path.read_bytes(), filename=path.name, by=None
        )
        assert batch.status == BatchStatus.TERMINE, batch.error
        lines[batch.pk] = path.name
    return lines


def _outcome(corpus) -> tuple[int, int, dict, str]:
    out, truth = corpus
    files = _import(out)
    rows = list(ImportRow.objects.values_list("batch_id", "line", "status", "household_id"))
    statuses = Counter(status for _, _, status, _ in rows)
    true_of = defaultdict(set)  # prevex household → true households of its rows
    families = defaultdict(set)
    pending = 0
    for batch_id, line, status, household_id in rows:
        t = truth[(files[batch_id], line)]
        if household_id is None:
            pending += status == RowStatus.REVUE
            continue
        true_of[household_id].add(t["household"])
        families[household_id].add(t["family"])
    households = Household.objects.count()
    true_households = len({t["household"] for t in truth.values()})
    mixed = {pk: sorted(true) for pk, true in true_of.items() if len(true) > 1}
    mixed_families = Counter(f for pk in mixed for f in families[pk])
    figures = (
        f"{len(truth)} lignes, statuts {dict(statuses)}, {pending} en attente de revue ; "
        f"{households} ménages créés pour {true_households} réels "
        f"({households / true_households - 1:+.1%}) ; {len(mixed)} ménages mêlant deux "
        f"ménages réels (familles : {dict(mixed_families)})"
    )
    print(figures)
    return households, true_households, mixed, figures


def test_no_file_mixes_two_real_households(corpus):
    """The worst outcome (one family's file holding another's rows) never happens
    outside the review queue."""
    _, _, mixed, figures = _outcome(corpus)
    assert not mixed, figures


def test_household_count_within_one_percent_of_the_truth(corpus):
    """202 for 200 on 2026-12-05 (was 204): rows that repeat a row waiting in review wait
    with it, the import learns the surnames matched rows declare, and the same couple in
    another building of the same address goes to review (docs/benchmarks.md)."""
    households, true_households, _, figures = _outcome(corpus)
    assert abs(households - true_households) <= 0.01 * true_households, figures
