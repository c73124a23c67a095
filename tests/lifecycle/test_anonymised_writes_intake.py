"""No received-data or identity path writes into an anonymised file (independent probe):
an act sent again by import or API, a quarantined row corrected, the review queue's
decisions, merges and splits, claims and name forms (tests/lifecycle/anonymised_world.py
builds the file and compares its rows)."""

import pytest

from prevex.intake import services as intake
from prevex.intake.models import ImportRow, ReviewItem, ReviewKind, RowStatus
from prevex.matching.models import ClaimField, ClaimStatus, HouseholdClaim
from tests.intake.conftest import csv_bytes, row

from .anonymised_world import (
    ANONYMISED,
    CLOSED,
    HTMX,
    SPENT,
    _api,
    _as,
    _upload,
    assert_no_write,
    world_fixture,  # noqa: F401
)

pytestmark = pytest.mark.django_db


def _item(kind):
    """The item of that kind, as the page loaded before the night's run showed it (the
    retention job has since closed those on the file's rows)."""
    return ReviewItem.objects.filter(kind=kind).order_by("-status", "pk").first()


def _decide(client, login_as, w, kind, decision, **data):
    _as(login_as, w.ccapex)
    return client.post(
        f"/imports/revue/{_item(kind).pk}/decider/", {"decision": decision, **data}, follow=True
    )


# The bailiff's act sent again with its reference, amended (amount, observations): the
# engine would update the act of the file.
AMENDED = row(
    type_acte="CQL", date_acte="05/03/2025", reference_acte="CQL-001", montant_dette="2 400",
    observations="Mme Benali a retrouvé un emploi",
)  # fmt: skip


def import_same_reference(client, login_as, w):
    _as(login_as, w.bailiff)
    client.post("/imports/", {"fichier": _upload("etude.csv", csv_bytes([AMENDED]))}, follow=True)
    return client.get("/imports/quarantaine/")


def api_same_reference(client, login_as, w):
    body = {k: v for k, v in AMENDED.items() if v}
    body["date_acte"] = "2025-03-05"
    return _api(client, w, w.bailiff, "/notifications", body)


def quarantine_corrected(client, login_as, w):
    """A row of the bailiff in quarantine (a date that does not exist) corrected with the
    reference of its act on the file."""
    bad = {**AMENDED, "reference_acte": "CQL-002", "date_acte": "31/02/2027"}
    intake.file_import(
        source=w.bailiff.organisation, content=csv_bytes([bad]), filename="b.csv", by=w.bailiff
    )
    quarantined = ImportRow.objects.get(reference_acte="CQL-002")
    assert quarantined.status == RowStatus.QUARANTAINE
    _as(login_as, w.bailiff)
    return client.post(
        f"/imports/lignes/{quarantined.pk}/corriger/",
        {**AMENDED, "date_acte": "05/03/2025"},
        headers=HTMX,
    )


def review_same_household(client, login_as, w):
    return _decide(client, login_as, w, ReviewKind.MATCH, "MEME_MENAGE", household_id=w.file.pk)


def review_act_accepted(client, login_as, w):
    return _decide(client, login_as, w, ReviewKind.ORDRE, "ACCEPTE")


def review_act_rejected(client, login_as, w):
    return _decide(client, login_as, w, ReviewKind.ORDRE, "REJETE")


def review_newcomer_granted(client, login_as, w):
    return _decide(client, login_as, w, ReviewKind.INTERVENANT, "ACCES_ACCORDE")


def review_newcomer_refused(client, login_as, w):
    return _decide(client, login_as, w, ReviewKind.INTERVENANT, "ACCES_REFUSE")


def merged_into_another(client, login_as, w):
    _as(login_as, w.ccapex)
    return client.post(f"/menages/{w.live.pk}/fusionner/{w.file.pk}/", follow=True)


def another_merged_into_it(client, login_as, w):
    _as(login_as, w.ccapex)
    return client.post(f"/menages/{w.file.pk}/fusionner/{w.live.pk}/", follow=True)


def split(client, login_as, w):
    _as(login_as, w.ccapex)
    return client.post(f"/menages/{w.file.pk}/separer/", {"procedures": [w.procedure.pk]})


def claim_set_aside(client, login_as, w):
    # The page no longer offers the claim (closed with the file, « dossier anonymisé »:
    # « Donnée déclarée introuvable »); the service's own guard still holds, and gives the
    # file's reason before the claim's state.
    from prevex.matching.claims import claim_reject

    claim = HouseholdClaim.objects.get(household=w.file, field=ClaimField.CO_TENANT)
    assert claim.status == ClaimStatus.ANONYMISE
    claim_reject(claim=claim, by=w.ccapex)


def name_form_withdrawn(client, login_as, w):
    _as(login_as, w.ccapex)
    claim = HouseholdClaim.objects.get(household=w.file, field=ClaimField.NAME_FORM)
    return client.post(
        f"/menages/{w.file.pk}/ecritures/{claim.pk}/", {"decision": "retirer"}, follow=True
    )


# (path, the refusal's words or None for a bulk path that leaves the file out, scope)
PATHS = [
    (import_same_reference, SPENT, "received"),
    (api_same_reference, SPENT, "received"),
    (quarantine_corrected, SPENT, "received"),
    (review_same_household, ANONYMISED, "all"),
    (review_act_accepted, CLOSED, "all"),
    (review_act_rejected, CLOSED, "all"),
    (review_newcomer_granted, CLOSED, "all"),
    (review_newcomer_refused, CLOSED, "all"),
    (merged_into_another, ANONYMISED, "all"),
    (another_merged_into_it, ANONYMISED, "all"),
    (split, ANONYMISED, "all"),
    (claim_set_aside, ANONYMISED, "all"),
    (name_form_withdrawn, ANONYMISED, "all"),
]


@pytest.mark.parametrize(("path", "refusal", "scope"), PATHS, ids=[p[0].__name__ for p in PATHS])
def test_no_path_writes_into_an_anonymised_file(client, login_as, world, path, refusal, scope):
    assert_no_write(client, login_as, world, path, refusal, scope)
