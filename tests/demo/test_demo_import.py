"""The demo's CAF file goes through the real import and leaves the secretariat and the
CAF something to see on a new demo (prevex/demo/imports.py)."""

from collections import Counter

import pytest

from prevex.accounts.models import Membership
from prevex.intake.models import ImportBatch, ImportRow, ReviewItem, RowStatus
from prevex.matching.models import MatchDecision

from .test_demo_setup import demo_mode, run  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def test_the_demo_file_fills_the_review_queue_and_the_import_report(demo_mode, client, login_as):  # noqa: F811
    run()
    batch = ImportBatch.objects.get(filename="caf-impayes-demo.csv")
    assert batch.source.type == "CAF" and batch.status == "TERMINE"
    rows = {r.line: r for r in ImportRow.objects.filter(batch=batch)}
    outcome = {
        line: MatchDecision.objects.get(pk=r.match_decision_id).outcome
        for line, r in rows.items()
        if r.match_decision_id
    }
    # line 2 copied, 3 without birth date: both found; 4 the near twin: review; 5 the
    # same twin again: review, waiting with line 4; 6 the swapped birth date: found, and
    # the correction flagged; 7 unknown: new file; 9 without birth date nor flat, found,
    # then put in doubt (review) when 10, the holder's namesake, opens his own file in the
    # building; 11 a signalement sent late, dated before its procedure's last act: found,
    # and the act waits in the review queue as out of sequence.
    assert outcome == {
        2: "MATCH", 3: "MATCH", 4: "REVIEW", 5: "REVIEW", 6: "MATCH", 7: "NEW",
        9: "REVIEW", 10: "NEW", 11: "MATCH",
    }  # fmt: skip
    doubt = ReviewItem.objects.get(row=rows[9], kind="MATCH")
    assert doubt.reason.startswith("Rattachement à revoir")
    assert rows[10].household_id in {c["household_id"] for c in doubt.candidates}
    assert len(doubt.candidates) == 2 and rows[9].household_id is None
    twin = ReviewItem.objects.get(row=rows[4], kind="MATCH")
    assert ReviewItem.objects.get(row=rows[5], kind="MATCH").follows == twin
    late = ReviewItem.objects.get(row=rows[11], kind="ORDRE")
    assert "antérieure au dernier acte" in late.reason
    assert rows[6].normalised["corrections"][0]["column"] == "locataire_date_naissance"
    assert rows[8].status == RowStatus.QUARANTAINE
    kinds = Counter(ReviewItem.objects.filter(row__batch=batch).values_list("kind", flat=True))
    assert kinds["MATCH"] == 3 and kinds["INTERVENANT"] >= 1

    login_as(Membership.objects.get(user__username="demo-ccapex"))
    queue = client.get("/imports/revue/").content.decode()
    assert "possibles jumeaux" in queue and "Nouvel intervenant" in queue
    assert "Rattachement à revoir" in queue
    login_as(Membership.objects.get(user__username="demo-caf"))
    report = client.get(f"/imports/{batch.pk}/").content.decode()
    assert "caf-impayes-demo.csv" in report and "quarantaine" in report.lower()

    run()  # idempotent: the file is not sent twice
    assert ImportBatch.objects.filter(filename="caf-impayes-demo.csv").count() == 1
