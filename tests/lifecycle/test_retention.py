"""Retention: a file closed 25 months ago is anonymised, recent and open ones are not,
the statistics do not move, a second run changes nothing, the dry run changes nothing."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.db.models.functions import ExtractYear

from prevex.audit.models import WriteChannel, WriteLog
from prevex.households.models import ContactChannel, Household, HouseholdKey, Member
from prevex.households.retention import ANONYMISED_ADDRESS, SUMMARY
from prevex.lifecycle.retention import months_before, retention_run
from prevex.lifecycle.tasks import retention_nightly
from prevex.procedures.models import Event, Procedure

pytestmark = pytest.mark.django_db


def statistics() -> dict:
    procedures = Procedure.objects.values(
        "stage", "household__commune_id", year=ExtractYear("opened_on")
    ).annotate(n=Count("id"))
    events = Event.objects.values(
        "stage", "procedure__household__commune_id", year=ExtractYear("date")
    ).annotate(n=Count("id"))
    outcomes = Procedure.objects.values("outcome").annotate(n=Count("id"))
    key = lambda rows: sorted(tuple(sorted(r.items())) for r in rows)  # noqa: E731
    return {"procedures": key(procedures), "events": key(events), "outcomes": key(outcomes)}


def test_a_file_closed_25_months_ago_is_anonymised_and_the_counts_do_not_change(files):
    before = statistics()
    result = retention_run()
    assert (result.due, result.anonymised) == (1, 1)
    assert statistics() == before

    old = Household.objects.get(pk=files["old"].pk)
    assert old.address == ANONYMISED_ADDRESS and old.search_text == ""
    assert list(
        Member.objects.filter(household=old).values_list("last_name", "first_name", "birth_date")
    ) == [("ANONYME", "", None)]
    assert not ContactChannel.objects.filter(household=old).exists()
    assert not HouseholdKey.objects.filter(household=old).exists()
    assert not Event.objects.filter(procedure__household=old).exclude(notes="").exists()
    entry = WriteLog.objects.get(household_id=old.pk, summary=SUMMARY)
    assert entry.channel == WriteChannel.SYSTEM and entry.changes == []

    for name in ("recent", "current"):
        kept = Household.objects.get(pk=files[name].pk)
        assert kept.address != ANONYMISED_ADDRESS
        assert ContactChannel.objects.filter(household=kept).exists()
        assert Event.objects.filter(procedure__household=kept).exclude(notes="").exists()

    # Idempotent: nothing more to do, nothing journaled twice.
    assert retention_nightly.call_local() == 0
    assert WriteLog.objects.filter(summary=SUMMARY).count() == 1


def test_the_dry_run_counts_without_changing_anything(files):
    out = io.StringIO()
    call_command("retention", "--dry-run", stdout=out)
    assert "1 dossier(s) clos avant le 15/01/2025 seraient anonymisés" in out.getvalue()
    assert not Household.objects.filter(address=ANONYMISED_ADDRESS).exists()
    out = io.StringIO()
    call_command("retention", "--months", "6", stdout=out)
    assert "2 dossier(s) clos avant le 15/07/2026 anonymisés" in out.getvalue()


def test_months_before_keeps_the_day_within_the_month():
    import datetime

    assert months_before(datetime.date(2027, 3, 31), 1) == datetime.date(2027, 2, 28)
    assert months_before(datetime.date(2027, 1, 15), 25) == datetime.date(2024, 12, 15)
