"""No commission path writes into an anonymised file (independent probe): a saisine, the
agenda, the opinion, recommendations and their report, the one-year outcome, and the bulk
paths that leave the file out (an invitation, a session held, the reminders' and
outcomes' jobs) (tests/lifecycle/anonymised_world.py builds the file and compares its
rows)."""

import pytest

from prevex.commissions.choices import CommissionKind
from prevex.commissions.follow import recommendation_reminders_refresh
from prevex.commissions.models import Commission
from prevex.commissions.outcomes import outcomes_refresh

from .anonymised_world import (
    ANONYMISED,
    _as,
    assert_no_write,
    world_fixture,  # noqa: F401
)

pytestmark = pytest.mark.django_db


def saisine(client, login_as, w):
    _as(login_as, w.worker)
    clil = Commission.objects.get(kind=CommissionKind.CLIL)
    return client.post(
        f"/commissions/menages/{w.file.pk}/saisine/",
        {"commission": clil.pk, "reason": "PARTENAIRE", "motive": "Mme Benali"},
    )


def agenda(client, login_as, w):
    # The page no longer offers the file (its saisine was closed with it, « dossier
    # anonymisé »: « Ce dossier n'est plus proposé »); the service's own guard still holds
    # for a caller that names it.
    from prevex.commissions.agenda import agenda_add_many

    agenda_add_many(session=w.later, household_ids=[w.file.pk], by=w.ccapex, version=0)


def opinion(client, login_as, w):
    _as(login_as, w.ccapex)
    return client.post(
        f"/commissions/dossiers/{w.item.pk}/avis/",
        {f"dossier-{w.item.pk}-opinion": "Mme Benali relogée"},
    )


def recommendation(client, login_as, w):
    _as(login_as, w.ccapex)
    p = f"dossier-{w.item.pk}-"
    return client.post(
        f"/commissions/dossiers/{w.item.pk}/recommandations/",
        {f"{p}type_code": "MAINTIEN_AL", f"{p}addressee_kind": "ORGANISATION",
         f"{p}addressee": str(w.adil.organisation_id), f"{p}due_on": "2027-06-30",
         f"{p}text": "Mme Benali"},
    )  # fmt: skip


def recommendation_report(client, login_as, w):
    _as(login_as, w.landlord)
    reco = w.item.recommendations.get()
    return client.post(
        f"/commissions/recommandations/{reco.pk}/suivi/",
        {f"reco-{reco.pk}-status": "REFUSEE", f"reco-{reco.pk}-reason": "Mme Benali partie"},
        follow=True,
    )


def outcome(client, login_as, w):
    _as(login_as, w.ccapex)
    return client.post(
        f"/commissions/issues/{w.outcome.pk}/",
        {f"issue-{w.outcome.pk}-kind": "RELOGE"},
        follow=True,
    )


def invitation(client, login_as, w):
    _as(login_as, w.ccapex)
    return client.post(f"/commissions/seances/{w.invited.pk}/convocation/", {"version": 0})


def session_held(client, login_as, w):
    _as(login_as, w.ccapex)
    return client.post(f"/commissions/seances/{w.to_hold.pk}/tenue/", follow=True)


def reminders_job(client, login_as, w):
    recommendation_reminders_refresh()


def outcomes_job(client, login_as, w):
    outcomes_refresh()


# (path, the refusal's words or None for a bulk path that leaves the file out, scope)
PATHS = [
    (saisine, ANONYMISED, "all"),
    (agenda, ANONYMISED, "all"),
    (opinion, ANONYMISED, "all"),
    (recommendation, ANONYMISED, "all"),
    (recommendation_report, ANONYMISED, "all"),
    (outcome, ANONYMISED, "all"),
    (invitation, None, "file"),
    (session_held, None, "file"),
    (reminders_job, None, "file"),
    (outcomes_job, None, "file"),
]


@pytest.mark.parametrize(("path", "refusal", "scope"), PATHS, ids=[p[0].__name__ for p in PATHS])
def test_no_path_writes_into_an_anonymised_file(client, login_as, world, path, refusal, scope):
    assert_no_write(client, login_as, world, path, refusal, scope)
