"""A row still in quarantine, sent again unchanged in a later file or call, is read
again and takes the quarantined row's place; it is not « déjà reçue » (nothing of it
was recorded). docs/decisions/2026-12-07-quarantined-row-sent-again.md."""

import datetime

import pytest

from prevex.core import clock
from prevex.intake import selectors, services
from prevex.intake.models import ImportRow, RowStatus
from tests.intake.conftest import TODAY, csv_bytes, row

pytestmark = pytest.mark.django_db

TOMORROW = TODAY + datetime.timedelta(days=1)


def _import(membership, rows):
    return services.file_import(
        source=membership.organisation,
        content=csv_bytes(rows),
        filename="actes.csv",
        by=membership,
    )


def _dated_tomorrow(**values):
    return row(reference_acte="", date_acte=TOMORROW.strftime("%d/%m/%Y"), **values)


def test_an_unchanged_quarantined_row_sent_again_is_in_quarantine_not_a_duplicate(bailiff):
    first = _import(bailiff, [_dated_tomorrow()])
    assert first.quarantaine == 1
    again = _import(bailiff, [_dated_tomorrow(), row(reference_acte="OK-1")])
    assert (again.quarantaine, again.doublons, again.importes) == (1, 0, 1)
    held = ImportRow.objects.get(status=RowStatus.QUARANTAINE)  # still one row
    assert held.batch_id == first.pk and held.last_batch_id == again.pk
    assert held.errors and held.errors[0]["column"] == "date_acte"
    # The later import's page lists it, with its « Corriger » link.
    assert list(selectors.quarantine_for(membership=bailiff, batch_id=again.pk)) == [held]


def test_what_was_refused_is_imported_once_the_reason_is_gone(bailiff):
    _import(bailiff, [_dated_tomorrow()])
    held = ImportRow.objects.get()
    clock.freeze(TOMORROW)
    try:
        again = _import(bailiff, [_dated_tomorrow()])
    finally:
        clock.freeze(TODAY)
    assert (again.importes, again.quarantaine, again.doublons) == (1, 0, 0)
    only = ImportRow.objects.get()
    assert only.pk == held.pk
    assert (only.status, only.errors) == (RowStatus.IMPORTE, [])
    assert only.event_id is not None


def test_two_copies_in_one_file_are_one_quarantined_row_and_a_duplicate(bailiff):
    batch = _import(bailiff, [_dated_tomorrow(), _dated_tomorrow()])
    assert (batch.quarantaine, batch.doublons) == (1, 1)
    again = _import(bailiff, [_dated_tomorrow(), _dated_tomorrow()])
    assert (again.quarantaine, again.doublons) == (1, 1)
    assert ImportRow.objects.count() == 1


def test_an_imported_row_sent_again_is_still_a_duplicate(bailiff):
    _import(bailiff, [row(reference_acte="")])
    again = _import(bailiff, [row(reference_acte="")])
    assert (again.doublons, again.importes, again.quarantaine) == (1, 0, 0)


def test_through_the_api_the_answer_gives_the_reasons_again(bailiff):
    services.rows_ingest(source=bailiff.organisation, rows=[_dated_tomorrow()])
    result = services.rows_ingest(source=bailiff.organisation, rows=[_dated_tomorrow()])
    (answer,) = result.results
    assert answer.status == RowStatus.QUARANTAINE
    assert answer.errors and answer.errors[0].column == "date_acte"
    assert answer.row_id == ImportRow.objects.get().pk


def _report_lines(batch):
    from prevex.intake import reports

    rows = selectors.batch_error_rows(batch=batch)
    return [line[0] for line in reports.error_report_lines(batch, rows)][1:]


def test_the_row_sent_again_is_shown_at_its_line_in_the_later_file(bailiff):
    first = _import(bailiff, [_dated_tomorrow()])  # line 2 of the first file
    again = _import(bailiff, [row(reference_acte="OK-1"), _dated_tomorrow()])  # line 3 here
    held = ImportRow.objects.get(status=RowStatus.QUARANTAINE)
    assert (held.sent_batch_id, held.sent_line) == (again.pk, 3)
    assert str(held) == f"Ligne 3 de l'import n° {again.pk}"
    # The later file's error report points at its own line; the first file's at its own.
    assert _report_lines(again) == ["3"]
    assert _report_lines(first) == ["2"]
    # The quarantine download names where the sender sent it last.
    from prevex.intake import reports

    (line,) = reports.quarantine_csv([held]).splitlines()[1:]
    assert line.split(";")[:2] == [str(again.pk), "3"]


def test_an_agents_correction_keeps_where_the_row_was_last_sent(bailiff):
    _import(bailiff, [_dated_tomorrow()])
    again = _import(bailiff, [row(reference_acte="OK-1"), _dated_tomorrow()])
    held = ImportRow.objects.get(status=RowStatus.QUARANTAINE)
    result = services.row_correct(
        row=held, values={"date_acte": TODAY.strftime("%d/%m/%Y")}, by=bailiff
    )
    assert result.status != RowStatus.QUARANTAINE  # left quarantine
    held.refresh_from_db()
    assert (held.sent_batch_id, held.sent_line) == (again.pk, 3)
