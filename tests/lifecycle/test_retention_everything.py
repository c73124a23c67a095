"""After the retention job, nothing in the database names or describes an anonymised
household, and every other value is exactly what it was.

The scan goes over every model (``django.apps.get_models``) and every text and JSON
column, and every date column for the birth dates: a table added later that keeps a
name is caught here. The comparison goes over every column of every model but the ones
the anonymisation clears (``CLEARED``): statuses, dates, amounts, decisions, authors and
organisations do not move.
"""

from __future__ import annotations

import html
import json

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from prevex.audit.models import REDACTED_SEARCH, REDACTED_SUMMARY, AccessLog, WriteLog
from prevex.audit.retention import RETENTION_SUMMARY
from prevex.commissions.models import AgendaItem, CfpDecisionRecord
from prevex.core.text import fold
from prevex.households.models import Household, Member
from prevex.intake.models import ReviewItem
from prevex.lifecycle.retention import retention_run
from prevex.matching.models import MatchDecision
from tests.factories import departement
from tests.lifecycle.rich_file import BIRTH_DATES, SECRETS, build_rich_file

pytestmark = pytest.mark.django_db

# What the anonymisation removes, model by model (every other column must stay).
DELETED = {
    "households.ContactChannel",
    "households.Vulnerability",
    "households.SocialEvaluation",
    "households.HouseholdKey",
    "matching.KnownPhone",
}
CLEARED = {
    "households.Household": {
        "address", "address_complement", "landlord_name", "resources_note",
        "social_evaluation", "informed_channel", "search_text",
    },
    "households.Member": {"last_name", "first_name", "birth_date"},
    "households.PastAddress": {"address", "address_complement"},
    "procedures.Event": {"notes"},
    "support.Contact": {"purpose_detail"},
    "support.Dsf": {
        "composition", "resources", "charges", "debt_origin", "causes", "causes_note",
        "rights", "proposal_note", "opinion",
    },
    "support.Measure": {"deciding_body", "outcome", "note"},
    "support.MeasureStep": {"deciding_body", "outcome"},
    "support.Referral": {"message", "decline_reason"},
    "support.Alert": {"message"},
    "commissions.Session": {"opinion"},
    "commissions.Saisine": {"motive"},
    "commissions.AgendaItem": {"summary", "opinion"},
    "commissions.Recommendation": {"text", "status_reason"},
    "commissions.CfpDecisionRecord": {"reasoning", "criteria"},
    "matching.MatchDecision": {"reason", "candidates"},
    "matching.HouseholdClaim": {"last_name", "first_name", "birth_date"},
    "intake.ImportRow": {"raw", "normalised", "errors"},
    "intake.ReviewItem": {"reason", "candidates"},
    "intake.ImportBatch": {"filename", "error", "notices"},
    "audit.WriteLog": {"summary", "changes", "redacted_at"},
    "audit.AccessLog": {"what"},
}  # fmt: skip
# What the job closes on the file (still open when the file was closed): the state of
# its open plans, referrals, tasks, claims and saisines (tests/lifecycle/test_retention_open_work.py).
CLOSED = {
    "support.RepaymentPlan": {"ended_on", "end_reason"},
    "support.Referral": {"status", "answered_on"},
    "support.Alert": {"resolved_on"},
    "matching.HouseholdClaim": {"status", "decided_at"},
    "commissions.Saisine": {"status"},
}
TEXT = (models.CharField, models.TextField, models.JSONField)
# The text columns of prevex's tables that are not a household's, and why: every other
# one is in CLEARED and filled with the household's words by the rich file
# (``test_every_text_column_is_cleared_or_not_a_households``), so that a column added
# later, or one the fixture leaves empty (``Session.opinion`` was), cannot slip through.
# Columns with a closed list of values (``choices``) hold no words and are not listed.
NOT_A_HOUSEHOLDS = {
    # identifiers and fingerprints computed by prevex, references of acts and files
    "households.Household": {"reference", "postal_code"},
    "households.PastAddress": {"postal_code", "source_kind"},
    "procedures.Event": {"reference", "flagged"},
    "matching.MatchDecision": {"household_reference", "details", "source_kind"},
    "matching.HouseholdClaim": {"source_kind"},
    "intake.ImportBatch": {"sha256", "file_format", "job_id"},
    "intake.ImportRow": {"reference_acte", "raw_fingerprint", "dedup_key"},
    "support.Alert": {"source"},
    "support.MeasureStep": {"channel"},
    "audit.WriteLog": {"field_group"},
    # the département's settings and catalogues
    "procedures.LegalRule": {"code", "label", "legal_basis", "short_basis"},
    "support.MeasureType": {"code", "label", "deciding_body", "description"},
    "commissions.Commission": {"name", "territory_label", "stages"},
    "commissions.CfpCriterion": {"label", "help_text"},
    "commissions.RecommendationType": {"code", "label"},
    "access.AccessRule": {"basis"},
    "access.ActPermission": {"act_type", "basis"},
    # a session's place and link, who represented an organisation: not a household's
    "commissions.Session": {"place", "video_link"},
    "commissions.Attendance": {"representative"},
}
# Apps whose tables hold no household's words: accounts and organisations, territories,
# API tokens, and the framework's (logins, sessions, second factors, login throttling).
OTHER_APPS = {
    "accounts", "core", "api", "admin", "auth", "axes", "contenttypes", "dsfr", "otp_static",
    "otp_totp", "sessions",
}  # fmt: skip


@pytest.fixture
def rich(db):
    departement("93")
    return build_rich_file()


def _text(value) -> str:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    return "" if value is None else str(value)


def leftovers() -> list[tuple]:
    """(model, column, row id, what) for every trace of the household, in every table."""
    needles = {fold(s): s for s in SECRETS}
    day_texts = {d.strftime(f) for d in BIRTH_DATES for f in ("%d/%m/%Y", "%Y-%m-%d")}
    found = []
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, TEXT)]
        days = [f for f in model._meta.concrete_fields if type(f) is models.DateField]
        if not fields and not days:
            continue
        names = [f.attname for f in (*fields, *days)]
        for pk, *values in model._base_manager.values_list("pk", *names):
            for name, value in zip(names, values, strict=True):
                if value in BIRTH_DATES:
                    found.append((model._meta.label, name, pk, str(value)))
                    continue
                text = _text(value)
                folded = fold(text)
                found += [
                    (model._meta.label, name, pk, secret)
                    for needle, secret in needles.items()
                    if needle in folded
                ]
                found += [(model._meta.label, name, pk, d) for d in day_texts if d in text]
    return found


def facts(writes_up_to: int) -> dict:
    """Every value of every model but the cleared ones (and the rows the job adds)."""
    out = {}
    for model in apps.get_models():
        label = model._meta.label
        if label in DELETED:
            continue
        skipped = CLEARED.get(label, set()) | CLOSED.get(label, set())
        names = [f.attname for f in model._meta.concrete_fields if f.name not in skipped]
        rows = model._base_manager.all()
        if model is WriteLog:
            rows = rows.filter(pk__lte=writes_up_to)
        out[label] = sorted(map(repr, rows.values_list(*names)))
    return out


def test_nothing_of_the_household_is_left_and_nothing_else_moves(rich):
    before = leftovers()
    tables = {label for label, *_ in before}
    # The file really has something in every place the job must clear.
    assert set(CLEARED) | DELETED <= tables, (set(CLEARED) | DELETED) - tables
    last_write = WriteLog.objects.order_by("-pk").values_list("pk", flat=True)[0]
    kept = facts(last_write)

    result = retention_run()

    assert (result.due, result.anonymised) == (1, 1)
    assert leftovers() == []
    assert facts(last_write) == kept
    # The other household's file and search stay as they were.
    assert Member.objects.filter(household=rich.other, last_name="Oubliette").exists()
    assert AccessLog.objects.filter(what="Recherche : Oubliette").exists()
    decision = MatchDecision.objects.get(household=rich.other)
    assert decision.reason == "Même nom et prénom."
    assert [(c["household_id"], c["score"], c["reason"]) for c in decision.candidates] == [
        (rich.other.pk, 0.93, "Même nom et prénom"),
        (rich.household.pk, 0.71, ""),
    ]
    assert all(
        c["household_id"] == rich.household.pk and c["reason"] == "" and c["score"] == 0.71
        for review in ReviewItem.objects.exclude(row__household=rich.household)
        for c in review.candidates
    )
    # What stays of the journals: who changed which fields, when; the job's own entry.
    history = WriteLog.objects.filter(household_id=rich.household.pk)
    assert history.filter(summary=RETENTION_SUMMARY, redacted_at__isnull=True).count() == 1
    # The job's entries closing what was open (written after the redaction, no value of
    # the household in them: the scan above went over them).
    closing = history.filter(pk__gt=last_write, summary__contains="dossier anonymisé")
    assert closing.exists() and not closing.filter(redacted_at__isnull=False).exists()
    redacted = history.exclude(summary=RETENTION_SUMMARY).exclude(pk__in=closing)
    assert redacted.exists() and not redacted.filter(redacted_at__isnull=True).exists()
    assert set(redacted.values_list("summary", flat=True)) == {REDACTED_SUMMARY}
    for row in redacted:
        assert all(set(change) == {"field", "label"} for change in row.changes)
    assert AccessLog.objects.filter(what=REDACTED_SEARCH["SEARCH"]).count() == 2
    record = CfpDecisionRecord.objects.get(household=rich.household)
    assert record.criteria == {"1": {"label": "Reprise du paiement du loyer", "met": True,
                                     "note": ""}}  # fmt: skip
    assert AgendaItem.objects.get(pk=rich.item.pk).frozen_at is not None

    # A second run changes nothing at all.
    everything = {m._meta.label: sorted(map(repr, m._base_manager.values_list())) for m in
                  apps.get_models()}  # fmt: skip
    assert retention_run().anonymised == 0
    assert {
        m._meta.label: sorted(map(repr, m._base_manager.values_list())) for m in apps.get_models()
    } == everything


def test_every_text_column_is_cleared_or_not_a_households(rich):
    """Every text or JSON column of prevex's tables is cleared by the job (and the rich
    file writes something in it, so the first test checks that the job clears it) or
    listed as not a household's."""
    unclassified, empty = [], []
    for model in apps.get_models():
        label = model._meta.label
        if model._meta.app_label in OTHER_APPS:
            continue
        for f in model._meta.concrete_fields:
            if not isinstance(f, TEXT) or f.choices:
                continue
            if f.name in NOT_A_HOUSEHOLDS.get(label, ()):
                continue
            if f.name not in CLEARED.get(label, ()) and label not in DELETED:
                unclassified.append(f"{label}.{f.name}")
            elif not any(model._base_manager.values_list(f.attname, flat=True)):
                empty.append(f"{label}.{f.name}")
    assert unclassified == [], "columns neither cleared nor listed as not a household's"
    assert empty == [], f"cleared columns the rich file leaves empty: {empty}"


def test_session_observations_naming_the_household_go_others_stay(rich):
    from prevex.commissions.models import Session
    from prevex.commissions.retention import ANONYMISED_OBSERVATIONS
    from tests.lifecycle.rich_file import OTHER_OBSERVATIONS

    retention_run()
    assert Session.objects.get(pk=rich.session.pk).opinion == ANONYMISED_OBSERVATIONS
    assert Session.objects.filter(opinion=OTHER_OBSERVATIONS).count() == 1


# (URL name, argument, whether the page names the file by its reference)
PAGES = [
    ("households:detail", "household", True),
    ("households:history", "household", False),
    ("support:dsf", "dsf", True),
    ("commissions:session", "session", True),
    ("commissions:deliberation", "session", True),
    ("commissions:summary", "item", True),
    ("commissions:follow_up", None, False),
    ("commissions:outcomes", None, True),
    ("commissions:cfp_detail", "procedure", True),
    ("matching:duplicates", "household", True),
]


def test_the_pages_of_an_anonymised_file_still_show(rich, login_as):
    retention_run()
    assert Household.objects.get(pk=rich.household.pk).address == "[anonymisé]"
    client = login_as(rich.secretariat)
    args = {
        "household": rich.household.pk,
        "dsf": rich.procedure.dsf.pk,
        "session": rich.session.pk,
        "item": rich.item.pk,
        "procedure": rich.procedure.pk,
    }
    for name, arg, lists_it in PAGES:
        url = reverse(name, args=[args[arg]] if arg else [])
        response = client.get(url, headers={"HX-Request": "true"} if "history" in name else {})
        assert response.status_code == 200, (name, response.status_code)
        text = html.unescape(response.content.decode())
        assert rich.household.reference in text or not lists_it, name
        page = fold(text)
        assert not [s for s in SECRETS if fold(s) in page], name
    history = html.unescape(
        client.get(reverse("households:history", args=[rich.household.pk])).content.decode()
    )
    assert REDACTED_SUMMARY in history and "(valeur effacée)" in history


def test_open_review_items_of_the_file_are_closed_not_left_undecidable(rich):
    """The anonymised file refuses every write, so an act to check or a newcomer on it
    could never be decided: the job closes them, and the form cannot use that decision."""
    from prevex.intake.forms import ReviewDecisionForm
    from prevex.intake.models import ImportRow, ReviewDecision, ReviewItem, ReviewKind, ReviewStatus

    row = ImportRow.objects.filter(household=rich.household).first()
    # Left open when the file was closed: its act to check, and a newcomer's question.
    for kind in (ReviewKind.ORDRE, ReviewKind.INTERVENANT):
        ReviewItem.objects.create(kind=kind, departement_id="93", row=row, household=rich.household)
    on_file = ReviewItem.objects.filter(row__household=rich.household)
    opened = set(on_file.filter(status=ReviewStatus.OUVERT).values_list("pk", flat=True))
    assert len(opened) == 2
    others = set(
        ReviewItem.objects.exclude(row__household=rich.household)
        .filter(status=ReviewStatus.OUVERT)
        .values_list("pk", flat=True)
    )
    assert others  # the neighbour's uncertain match that compared this file
    retention_run()
    closed = ReviewItem.objects.filter(pk__in=opened)
    assert {(i.status, i.decision) for i in closed} == {
        (ReviewStatus.TRAITE, ReviewDecision.ANONYMISE)
    }
    assert all(i.decided_at is not None and i.decided_by_id is None for i in closed)
    # Another row's item that only compared the file stays open for the secretariat.
    assert (
        set(
            ReviewItem.objects.filter(pk__in=others, status=ReviewStatus.OUVERT).values_list(
                "pk", flat=True
            )
        )
        == others
    )
    assert not ReviewDecisionForm({"decision": ReviewDecision.ANONYMISE}).is_valid()
