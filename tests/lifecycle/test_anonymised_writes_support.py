"""No follow-up path writes into an anonymised file (independent probe): payments (form,
import, API), instalments, referrals sent, accepted or declined, measures, the DSF,
contacts recorded in bulk, and the plans' and referrals' jobs (tests/lifecycle/
anonymised_world.py builds the file and compares its rows)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from prevex.support import services as support
from prevex.support.bulk import ContactDraft, contact_record_many

from .anonymised_world import (
    ANONYMISED,
    HTMX,
    _api,
    _as,
    _upload,
    assert_no_write,
    world_fixture,  # noqa: F401
)

pytestmark = pytest.mark.django_db


def payment_form(client, login_as, w):
    _as(login_as, w.landlord)
    return client.post(
        f"/suivi/plans/{w.plan.pk}/versements/",
        {"paid_on": "01/04/2027", "amount": "100"},
        headers=HTMX,
    )


def payment_import(client, login_as, w):
    _as(login_as, w.landlord)
    content = f"numero_plan;date_versement;montant\r\n{w.plan.pk};01/04/2027;100\r\n".encode()
    return client.post("/imports/versements/", {"fichier": _upload("versements.csv", content)})


def payment_api(client, login_as, w):
    return _api(
        client, w, w.landlord, f"/plans/{w.plan.pk}/versements",
        {"date": "2027-04-01", "montant": "100"},
    )  # fmt: skip


def instalment_added(client, login_as, w):
    support.instalment_add(
        plan=w.plan, by=w.worker, due_on=datetime.date(2027, 5, 5), amount=Decimal("100")
    )


def referral_sent(client, login_as, w):
    _as(login_as, w.worker)
    return client.post(
        f"/suivi/menages/{w.file.pk}/orientations/",
        {"to_organisation": w.ccapex.organisation_id, "reason": "AIDE_FINANCIERE",
         "message": "Mme Benali, nouvelle adresse"},
        headers=HTMX,
    )  # fmt: skip


def referral_accepted(client, login_as, w):
    _as(login_as, w.adil)
    return client.post(f"/suivi/orientations/{w.referral.pk}/accepter/", follow=True)


def referral_declined(client, login_as, w):
    _as(login_as, w.adil)
    return client.post(
        f"/suivi/orientations/{w.referral.pk}/decliner/",
        {"reason": "Mme Benali suivie ailleurs"},
        follow=True,
    )


def measure_changed(client, login_as, w):
    _as(login_as, w.worker)
    return client.post(f"/suivi/dispositifs/{w.measure.pk}/", {"status": "DEMANDEE"}, headers=HTMX)


def dsf_content(client, login_as, w):
    _as(login_as, w.worker)
    return client.post(f"/suivi/dsf/{w.dsf.pk}/", {"opinion": "Mme Benali, dépression"})


def dsf_step(client, login_as, w):
    _as(login_as, w.worker)
    return client.post(
        f"/suivi/dsf/{w.dsf.pk}/rendez-vous/",
        {"appointment_at": "20/04/2027 10:00"},
        follow=True,
    )


def contacts_in_bulk(client, login_as, w):
    contact_record_many(
        by=w.worker,
        drafts=[
            ContactDraft(
                household_id=w.file.pk, channel="SMS", direction="SORTANT",
                at=timezone.now(), purpose="RELANCE", outcome="JOINT",
            )
        ],
    )  # fmt: skip


def plans_job(client, login_as, w):
    support.plans_compliance_refresh()


def referrals_job(client, login_as, w):
    support.referrals_overdue_refresh()


# (path, the refusal's words or None for a bulk path that leaves the file out, scope)
PATHS = [
    (payment_form, ANONYMISED, "all"),
    (payment_import, ANONYMISED, "all"),
    (payment_api, ANONYMISED, "all"),
    (instalment_added, ANONYMISED, "all"),
    (referral_sent, ANONYMISED, "all"),
    (referral_accepted, ANONYMISED, "all"),
    (referral_declined, ANONYMISED, "all"),
    (measure_changed, ANONYMISED, "all"),
    (dsf_content, ANONYMISED, "all"),
    (dsf_step, ANONYMISED, "all"),
    (contacts_in_bulk, ANONYMISED, "all"),
    (plans_job, None, "file"),
    (referrals_job, None, "file"),
]


@pytest.mark.parametrize(("path", "refusal", "scope"), PATHS, ids=[p[0].__name__ for p in PATHS])
def test_no_path_writes_into_an_anonymised_file(client, login_as, world, path, refusal, scope):
    assert_no_write(client, login_as, world, path, refusal, scope)
