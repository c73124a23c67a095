"""The history panel names every object in French and gives times in the platform's
local time: a file with something in every table (the rich file) is written through the
services, then each entry of its history is read as the panel reads it (decision
2026-12-06-history-names-and-local-time)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from prevex.audit.labels import object_label
from prevex.audit.models import WriteLog
from prevex.households.history import display
from prevex.support.models import Contact
from tests.factories import departement
from tests.lifecycle.rich_file import build_rich_file

CODE = re.compile(r"^[A-Z_]+$")


@pytest.fixture
def rich(db):
    departement("93")
    return build_rich_file()


def test_every_object_of_the_history_has_a_french_name(rich):
    types = set(WriteLog.objects.values_list("object_type", flat=True))
    assert len(types) >= 8, types  # households, acts, follow-up and commissions at least
    unnamed = sorted(t for t in types if CODE.match(object_label(t)))
    assert unnamed == []


def test_a_moment_is_shown_in_local_time():
    winter = datetime.datetime(2026, 12, 1, 21, 44, tzinfo=datetime.UTC)
    summer = datetime.datetime(2026, 7, 1, 21, 44, tzinfo=datetime.UTC)
    assert timezone.get_current_timezone_name() == "Europe/Paris"
    assert display(Contact, "at", winter) == "01/12/2026 22:44"
    assert display(Contact, "at", summer) == "01/07/2026 23:44"
