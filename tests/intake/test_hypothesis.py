"""Random bad rows and files: every row ends in exactly one of the five statuses, or the
whole file is refused with a French message — never an exception."""

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prevex.intake import services
from prevex.intake.models import (
    BatchStatus,
    ImportRow,
    ReviewItem,
    ReviewStatus,
    RowStatus,
)
from prevex.intake.results import STATUS_TO_KEY
from tests.intake.conftest import HEADER, row

pytestmark = pytest.mark.django_db

STATUSES = set(RowStatus.values)
HYPOTHESIS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

BAD_VALUES = st.sampled_from(
    [
        "",
        "31/02/2025",
        "2025-13-01",
        "10/03/2031",
        "abc",
        "-150,00",
        "1 2 3",
        "12,345",
        "DSF",
        "EXPULSION",
        "JUGEMENT",
        '=HYPERLINK("http://example.org";"clic")',
        "+33 6 12",
        "@SUM(A1:A2)",
        "\t=1+1",
        "-1",
        "x" * 10_001,
        "Bénédicte Œuvray",
        "93200",
        "75001",
        "93066",
        "OUI",
        "peut-être",
        "FERME",
        "ACCORDE",
        "SOCIAL",
        "BAILLEUR_SOCIAL",
    ]
)
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30
)
CELL = st.one_of(BAD_VALUES, TEXT)


@st.composite
def rows(draw):
    """A valid row with some cells replaced by bad or random values."""
    base = row(reference_acte=draw(st.sampled_from(["", "R1", "R2", "R3"])))
    for column in draw(st.lists(st.sampled_from(HEADER), max_size=6, unique=True)):
        base[column] = draw(CELL)
    return base


def _check_rows_of(batch) -> None:
    stored = ImportRow.objects.filter(source=batch.source)
    assert set(stored.values_list("status", flat=True)) <= STATUSES
    for imported in stored:
        if imported.status == RowStatus.QUARANTAINE:
            assert imported.errors and all(e["message"] for e in imported.errors)
        if imported.status in (RowStatus.IMPORTE, RowStatus.MIS_A_JOUR):
            assert imported.event_id is not None
    for imported in stored.filter(status=RowStatus.REVUE):
        assert ReviewItem.objects.filter(row=imported, status=ReviewStatus.OUVERT).exists()


@HYPOTHESIS
@given(batch_rows=st.lists(rows(), min_size=1, max_size=8))
def test_every_row_ends_in_exactly_one_status(bailiff, batch_rows):
    result = services.rows_ingest(source=bailiff.organisation, rows=batch_rows, channel="API")
    assert len(result.results) == len(batch_rows)
    assert all(r.status in STATUSES for r in result.results)
    counted = {key: 0 for key in STATUS_TO_KEY.values()}
    for r in result.results:
        counted[STATUS_TO_KEY[r.status]] += 1
        if r.status == RowStatus.QUARANTAINE:
            assert r.errors
    assert result.summary == {"lus": len(batch_rows), **counted}
    batch = bailiff.organisation.import_batches.get(pk=result.batch_id)
    _check_rows_of(batch)


ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16", "utf-16-le"])


def _file(batch_rows, encoding, sep) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, lineterminator="\r\n")
    writer.writerow(HEADER)
    for r in batch_rows:
        writer.writerow([r.get(c, "") for c in HEADER])
    return out.getvalue().encode(encoding, "replace")


@HYPOTHESIS
@given(
    batch_rows=st.lists(rows(), max_size=6),
    encoding=ENCODINGS,
    sep=st.sampled_from([";", ",", "\t"]),
    garbage=st.one_of(st.just(b""), st.binary(max_size=40)),
)
def test_random_files_are_imported_or_refused_in_french(
    bailiff, batch_rows, encoding, sep, garbage
):
    content = garbage + _file(batch_rows, encoding, sep)
    batch = services.file_import(
        source=bailiff.organisation, content=content, filename="envoi.csv", by=bailiff
    )
    if batch.status == BatchStatus.ECHEC:
        assert batch.error and batch.lus == 0
        assert not batch.error.isascii() or " " in batch.error  # a sentence, not a code
        return
    assert batch.status == BatchStatus.TERMINE
    summary = batch.summary
    assert summary["lus"] == sum(v for k, v in summary.items() if k != "lus")
    _check_rows_of(batch)
