"""The access matrix of the CFP pages: the list, the decision view and the decision POST,
for the préfecture of the département (involved or not), another département's
préfecture, the CAF, the landlord, the bailiff (each involved) and the CCAPEX secretariat.

Expected, written from the decision (docs/decisions/2026-12-01-cfp-decision.md): the list
is the préfecture's and the secretariat's (403 for the others: it names no file); the
view answers 404 unless the reader is one of them and reads the file; only an involved
préfecture of the file's département decides; health only with the HEALTH group.
"""

import pytest

from prevex.accounts.models import OrganisationType, Role
from prevex.audit.models import AccessLog
from prevex.commissions.models import CfpCriterion, CfpDecisionRecord
from prevex.procedures.models import Event, Stage
from tests.factories import MembershipFactory, OrganisationFactory

from .cfp_fixtures import *  # noqa: F403
from .cfp_fixtures import HEALTH_SENTINEL, TODAY, involved

pytestmark = pytest.mark.django_db

# reader → (list status, sees the file in the list, view status, sees health, may decide)
EXPECTED = {
    "prefecture": (200, True, 200, False, True),
    "prefecture_not_involved": (200, False, 404, False, False),
    "prefecture_other_departement": (200, False, 404, False, False),
    "secretariat": (200, True, 200, True, False),
    "caf_social_worker": (403, False, 404, False, False),
    "landlord": (403, False, 404, False, False),
    "bailiff": (403, False, 404, False, False),
}


def reader(name, cfp_file):
    household = cfp_file.household
    return {
        "prefecture": lambda: cfp_file.prefecture,
        "prefecture_not_involved": lambda: MembershipFactory(
            organisation=OrganisationFactory(type=OrganisationType.PREFECTURE)
        ),
        "prefecture_other_departement": lambda: involved(
            household, OrganisationType.PREFECTURE, other_departement=True
        ),
        "secretariat": lambda: cfp_file.secretariat,
        "caf_social_worker": lambda: involved(
            household, OrganisationType.CAF, role=Role.TRAVAILLEUR_SOCIAL
        ),
        "landlord": lambda: involved(household, OrganisationType.BAILLEUR_PRIVE),
        "bailiff": lambda: involved(household, OrganisationType.COMMISSAIRE_JUSTICE),
    }[name]()


def decision_post() -> dict:
    data = {"decision": "REFUSE", "decided_on": TODAY.strftime("%d/%m/%Y"), "reasoning": "Motif"}
    for criterion in CfpCriterion.objects.filter(departement_id="93", active=True):
        data[f"critere_{criterion.pk}"] = "oui"
    return data


@pytest.mark.parametrize("name", list(EXPECTED))
def test_cfp_access_matrix(name, cfp_file, client, login_as):
    list_status, listed, view_status, health, decides = EXPECTED[name]
    membership = reader(name, cfp_file)
    login_as(membership)
    url = f"/commissions/cfp/{cfp_file.procedure.pk}/"
    reference = cfp_file.household.reference

    answer = client.get("/commissions/cfp/")
    assert answer.status_code == list_status
    assert (reference in answer.content.decode()) is listed

    answer = client.get(url)
    assert answer.status_code == view_status
    html = answer.content.decode()
    assert (HEALTH_SENTINEL in html) is health
    assert (reference in html) is (view_status == 200)
    assert ('id="titre-decision"' in html) is decides
    journaled = AccessLog.objects.filter(
        organisation_id=membership.organisation_id, household_id=cfp_file.household.pk
    ).exists()
    assert journaled is (view_status == 200)

    answer = client.post(url, decision_post())
    assert answer.status_code == (302 if decides else 404 if view_status == 404 else 403)
    assert CfpDecisionRecord.objects.exists() is decides
    assert Event.objects.filter(stage=Stage.CFP).exists() is decides
