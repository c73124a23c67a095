"""The préfecture's CFP pages: the list (soonest decision deadline first), the decision
view (within the reader's field groups, journaled) and the decision form (French
messages, no 500, nothing half-saved)."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prevex.accounts.models import OrganisationType, Role
from prevex.audit.models import AccessLog
from prevex.commissions import cfp
from prevex.commissions.models import (
    AgendaItem,
    CfpCriterion,
    CfpDecisionRecord,
    Commission,
    Recommendation,
    RecommendationType,
    Session,
)
from prevex.procedures.models import Event, Procedure, Stage
from tests.factories import HouseholdFactory, MembershipFactory, OrganisationFactory

from .cfp_fixtures import *  # noqa: F403
from .cfp_fixtures import (
    CHILD_SENTINEL,
    DEADLINE,
    HEALTH_SENTINEL,
    TODAY,
    involved,
    rfp_procedure,
)

pytestmark = pytest.mark.django_db


def url(procedure) -> str:
    return f"/commissions/cfp/{procedure.pk}/"


def form_data(decision="REFUSE", *, answer="non", **extra) -> dict:
    data = {
        "decision": decision,
        "decided_on": TODAY.strftime("%d/%m/%Y"),
        "reasoning": "Aucune solution de relogement à ce jour.",
    }
    for criterion in CfpCriterion.objects.filter(departement_id="93", active=True):
        data[f"critere_{criterion.pk}"] = answer
        data[f"note_{criterion.pk}"] = ""
    data.update(extra)
    return data


def test_the_list_sorts_files_by_decision_deadline(cfp_file, client, login_as):
    later = HouseholdFactory()
    later_procedure = rfp_procedure(later, rfp_on=datetime.date(2025, 2, 20))
    involved_org = cfp_file.prefecture.organisation
    from tests.factories import InvolvementFactory

    InvolvementFactory(household=later, organisation=involved_org)
    # A sous-préfecture now covers the commune: the next RFP goes to it, not to the préfecture
    # (docs/decisions/2026-12-01-addressee-involvement.md), which does not see that file.
    household = HouseholdFactory()
    sous_prefecture = OrganisationFactory(type=OrganisationType.PREFECTURE, name="Sous-préfecture")
    sous_prefecture.communes.add(household.commune)
    hidden = rfp_procedure(household, rfp_on=datetime.date(2025, 1, 10))
    rows = cfp.cfp_files(membership=cfp_file.prefecture)
    assert [r.procedure.pk for r in rows] == [cfp_file.procedure.pk, later_procedure.pk]
    assert rows[0].deadline.date == DEADLINE and rows[0].days_left == 10
    assert rows[0].holder == "ZORGLUB Aline"
    assert hidden.pk not in {r.procedure.pk for r in rows}
    # The secretariat sees every file of its département, read-only.
    assert hidden.pk in {r.procedure.pk for r in cfp.cfp_files(membership=cfp_file.secretariat)}
    login_as(cfp_file.prefecture)
    html = client.get("/commissions/cfp/").content.decode()
    assert html.index(cfp_file.household.reference) < html.index(later.reference)
    assert "20/03/2025" in html and "10 j" in html
    assert AccessLog.objects.filter(
        organisation_id=involved_org.pk, what__startswith="Décisions CFP"
    ).exists()


def test_the_list_is_paginated_soonest_deadline_first(cfp_file, client, login_as, monkeypatch):
    from prevex.commissions import views_cfp
    from tests.factories import InvolvementFactory

    monkeypatch.setattr(views_cfp, "PAGE_SIZE", 2)
    org = cfp_file.prefecture.organisation
    later = []
    for day in (21, 22, 23):  # requisitions after the fixture's: later deadlines
        household = HouseholdFactory()
        InvolvementFactory(household=household, organisation=org)
        rfp_procedure(household, rfp_on=datetime.date(2025, 1, day))
        later.append(household.reference)
    login_as(cfp_file.prefecture)
    first = client.get("/commissions/cfp/").content.decode()
    assert "4 dossiers à la réquisition" in first and "Page 1 sur 2" in first
    assert cfp_file.household.reference in first and later[0] in first
    assert later[1] not in first and later[2] not in first
    second = client.get("/commissions/cfp/?page=2").content.decode()
    assert later[1] in second and later[2] in second
    assert cfp_file.household.reference not in second
    # A page number out of range or not a number: the last page or the first, never a 500.
    assert client.get("/commissions/cfp/?page=99").status_code == 200
    assert later[2] in client.get("/commissions/cfp/?page=99").content.decode()
    assert cfp_file.household.reference in client.get("/commissions/cfp/?page=x").content.decode()


def test_the_decision_view_shows_what_the_prefecture_may_read(cfp_file, client, login_as):
    login_as(cfp_file.prefecture)
    response = client.get(url(cfp_file.procedure))
    assert response.status_code == 200
    html = response.content.decode()
    assert CHILD_SENTINEL in html and "2 ans" in html
    assert HEALTH_SENTINEL not in html  # HEALTH: social workers and the secretariat only
    assert "réservées aux travailleurs sociaux" in html
    assert "Recours DALO :</strong> non renseigné" in html
    assert "20/03/2025" in html and "silence vaut refus" in html
    assert 'id="titre-decision"' in html
    assert AccessLog.objects.filter(
        organisation_id=cfp_file.prefecture.organisation_id,
        household_id=cfp_file.household.pk,
        what="Décision sur le concours de la force publique",
    ).exists()


def test_health_only_for_readers_of_the_health_group(cfp_file):
    view = cfp.cfp_decision_view(membership=cfp_file.secretariat, procedure=cfp_file.procedure)
    assert view["sees_health"] and HEALTH_SENTINEL in str(view["health"])
    assert not view["can_decide"]
    view = cfp.cfp_decision_view(membership=cfp_file.prefecture, procedure=cfp_file.procedure.pk)
    assert not view["sees_health"] and view["health"] is None
    assert view["can_decide"]
    assert [c["person"].first_name for c in view["children"]] == [CHILD_SENTINEL]


def test_dalo_status_and_recommendations_of_every_commission(cfp_file, client, login_as):
    from prevex.support.services import measure_propose

    worker = involved(cfp_file.household, OrganisationType.CD_SOCIAL, role=Role.TRAVAILLEUR_SOCIAL)
    measure_propose(household=cfp_file.household, by=worker, type_code="DALO")
    secretariat_org = cfp_file.secretariat.organisation
    caf = OrganisationFactory(type=OrganisationType.CAF, name="CAF-SENTINELLE")
    for name, day in (("CCAPEX plénière", 1), ("COMEX Saint-Denis", 20)):
        commission = Commission.objects.create(
            departement_id="93", kind="COMEX", name=name, secretariat=secretariat_org
        )
        session = Session.objects.create(
            commission=commission,
            departement_id="93",
            starts_at=datetime.datetime(2025, 2, day, 10, tzinfo=datetime.UTC),
            capacity=10,
            status="TENUE",
        )
        item = AgendaItem.objects.create(
            session=session,
            household=cfp_file.household,
            position=1,
            examined=True,
            opinion=f"AVIS-{name}",
        )
        Recommendation.objects.create(
            item=item,
            household=cfp_file.household,
            departement_id="93",
            type=RecommendationType.objects.order_by("order", "id").first(),
            addressee_kind="ORGANISATION",
            addressee=caf,
            due_on=datetime.date(2025, 3, 1),
            status="MISE_EN_OEUVRE",
        )
    login_as(cfp_file.prefecture)
    html = client.get(url(cfp_file.procedure)).content.decode()
    assert "Recours DALO :</strong> Proposé" in html
    assert html.index("COMEX Saint-Denis") < html.index("CCAPEX plénière")  # newest first
    assert html.count("CAF-SENTINELLE") == 2 and "Mise en œuvre" in html
    assert "AVIS-COMEX Saint-Denis" in html


def test_the_refusal_through_the_form_removes_the_deadline(cfp_file, client, login_as):
    login_as(cfp_file.prefecture)
    response = client.post(url(cfp_file.procedure), form_data("REFUSE"))
    assert response.status_code == 302
    record = CfpDecisionRecord.objects.get()
    assert record.decision == "REFUSE" and record.event.cfp_decision == "REFUSE"
    assert all(answer["met"] is False for answer in record.criteria.values())
    html = client.get(url(cfp_file.procedure)).content.decode()
    assert "Décision enregistrée : Concours refusé." in html
    assert 'data-testid="delai-cfp"' not in html and 'id="titre-decision"' not in html
    assert "Concours refusé</strong> le 10/03/2025" in html
    assert cfp_file.household.reference not in client.get("/commissions/cfp/").content.decode()


def test_the_postponement_through_the_form_keeps_the_deadline(cfp_file, client, login_as):
    login_as(cfp_file.prefecture)
    data = form_data("REPORTE", postponed_to="18/03/2025")
    assert client.post(url(cfp_file.procedure), data).status_code == 302
    html = client.get(url(cfp_file.procedure)).content.decode()
    assert 'data-testid="delai-cfp"' in html and "réexamen le 18/03/2025" in html
    assert Procedure.objects.get(pk=cfp_file.procedure.pk).stage == Stage.RFP


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"decision": ""}, "Choisissez la décision"),
        ({"reasoning": ""}, "La motivation de la décision est obligatoire."),
        ({"decided_on": "32/13/2025"}, "Date invalide"),
        ({"decided_on": "11/03/2025"}, "est dans le futur"),
        ({"decided_on": "01/01/2025"}, "antérieure à la réquisition"),
        ({"decision": "REPORTE"}, "Indiquez la date de réexamen"),
        ({"decision": "REPORTE", "postponed_to": "30/04/2025"}, "dépasse le délai de décision"),
        ({"postponed_to": "15/03/2025"}, "ne se saisit que pour une décision reportée"),
        ({"critere_first": ""}, "Répondez au critère « Présence d&#x27;enfants mineurs"),
        ({"critere_first": "peut-être"}, "par oui ou non"),
    ],
)
def test_bad_input_gets_a_french_message_and_nothing_is_saved(
    cfp_file, client, login_as, data, message
):
    first = CfpCriterion.objects.filter(departement_id="93").order_by("order", "id").first()
    data = {k.replace("critere_first", f"critere_{first.pk}"): v for k, v in data.items()}
    login_as(cfp_file.prefecture)
    response = client.post(url(cfp_file.procedure), form_data(**data))
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not CfpDecisionRecord.objects.exists()
    assert not Event.objects.filter(stage=Stage.CFP).exists()


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    decision=st.one_of(st.sampled_from(["ACCORDE", "REFUSE", "REPORTE"]), st.text(max_size=12)),
    decided_on=st.one_of(st.text(max_size=12), st.dates().map(lambda d: d.strftime("%d/%m/%Y"))),
    postponed_to=st.one_of(st.just(""), st.text(max_size=12)),
    reasoning=st.text(max_size=30),
    answer=st.one_of(st.sampled_from(["oui", "non", ""]), st.text(max_size=5)),
)
def test_random_posts_never_answer_500_nor_half_save(
    cfp_file, client, login_as, decision, decided_on, postponed_to, reasoning, answer
):
    login_as(cfp_file.prefecture)
    before = CfpDecisionRecord.objects.count(), Event.objects.filter(stage=Stage.CFP).count()
    data = form_data(
        decision, answer=answer, decided_on=decided_on, postponed_to=postponed_to,
        reasoning=reasoning,
    )  # fmt: skip
    response = client.post(url(cfp_file.procedure), data)
    assert response.status_code in (302, 403, 422)
    after = CfpDecisionRecord.objects.count(), Event.objects.filter(stage=Stage.CFP).count()
    if response.status_code == 302:
        record = CfpDecisionRecord.objects.order_by("-id").first()
        assert after[0] == before[0] + 1
        assert after[1] == before[1] + (record.decision != "REPORTE")
    else:
        assert after == before


def test_a_decided_file_answers_read_only(cfp_file, client, login_as):
    login_as(cfp_file.prefecture)
    client.post(url(cfp_file.procedure), form_data("ACCORDE"))
    response = client.post(url(cfp_file.procedure), form_data("REFUSE"))
    assert response.status_code == 403
    assert CfpDecisionRecord.objects.count() == 1


def test_the_link_for_the_commissions_page(client, cfp_file):
    from django.template.loader import render_to_string

    assert "/commissions/cfp/" in render_to_string("commissions/cfp/_link.html")


def test_a_prefecture_user_without_involvement_gets_404(cfp_file, client, login_as):
    stranger = MembershipFactory(organisation=OrganisationFactory(type=OrganisationType.PREFECTURE))
    login_as(stranger)
    assert client.get(url(cfp_file.procedure)).status_code == 404
    assert client.get("/commissions/cfp/999999999/").status_code == 404


def test_the_dsf_life_for_the_prefecture_its_content_for_social_readers(cfp_file, client, login_as):
    from prevex.support import services
    from prevex.support.models import DsfDesignation

    designated = OrganisationFactory(type=OrganisationType.CD_SOCIAL, name="SSD-SENTINELLE")
    DsfDesignation.objects.create(departement_id="93", organisation=designated)
    dsf = services.dsf_request(procedure=cfp_file.procedure, by=None)
    author = MembershipFactory(organisation=designated, role=Role.TRAVAILLEUR_SOCIAL)
    services.dsf_update_content(dsf=dsf, by=author, opinion="AVIS-DSF-SENTINELLE")
    login_as(cfp_file.prefecture)
    html = client.get(url(cfp_file.procedure)).content.decode()
    assert "SSD-SENTINELLE" in html and "AVIS-DSF-SENTINELLE" not in html
    assert "Le contenu du DSF est réservé" in html
    login_as(cfp_file.secretariat)
    html = client.get(url(cfp_file.procedure)).content.decode()
    assert "SSD-SENTINELLE" in html and "AVIS-DSF-SENTINELLE" in html
    view = cfp.cfp_decision_view(membership=cfp_file.secretariat, procedure=cfp_file.procedure)
    assert view["dsfs"][0]["content"] is not None
