import datetime
import re
import threading

import pytest
from django.db import connection

from prevex.access.gate import is_involved
from prevex.access.models import Involvement, InvolvementReason
from prevex.accounts.models import OrganisationType
from prevex.audit.models import WriteLog
from prevex.core import clock
from prevex.core.errors import BusinessError
from prevex.support import services, tasks
from prevex.support.models import Alert, Referral
from tests.factories import HouseholdFactory, MembershipFactory, OrganisationFactory, commune

from .conftest import TODAY, open_procedure


@pytest.fixture
def parties(file):
    household, _, worker = file
    adil = MembershipFactory(organisation=OrganisationFactory(type=OrganisationType.ADIL))
    ccapex = MembershipFactory(organisation=OrganisationFactory(ccapex=True))
    return household, worker, adil, ccapex


@pytest.mark.django_db
def test_refer_accept_and_the_adil_now_sees_the_file(parties):
    household, worker, adil, _ = parties
    referral = services.referral_send(
        household=household, by=worker, to_organisation=adil.organisation, reason="ACCES_DROIT",
        message="Informer le ménage sur les délais de paiement",
    )  # fmt: skip
    assert referral.due_on == TODAY + datetime.timedelta(days=15)  # dated rule
    assert not is_involved(organisation_id=adil.organisation_id, household_id=household.pk)
    services.referral_accept(referral=referral, by=adil)
    referral.refresh_from_db()
    assert referral.get_status_display() == "Acceptée"
    involvement = Involvement.objects.get(household=household, organisation=adil.organisation)
    assert (involvement.reason, involvement.starts_on) == (InvolvementReason.ORIENTATION, TODAY)
    summaries = list(
        WriteLog.objects.filter(object_type="ORIENTATION")
        .order_by("id")
        .values_list("summary", "organisation_id")
    )
    assert summaries == [
        (
            f"Orientation vers {adil.organisation} (information juridique (accès au droit))",
            worker.organisation_id,
        ),
        (f"Orientation acceptée par {adil.organisation}", adil.organisation_id),
    ]


@pytest.mark.django_db
def test_refusals(parties):
    household, worker, adil, _ = parties
    with pytest.raises(BusinessError, match="elle-même"):
        services.referral_send(
            household=household, by=worker, to_organisation=worker.organisation, reason="DSF"
        )
    referral = services.referral_send(
        household=household, by=worker, to_organisation=adil.organisation, reason="AUTRE"
    )
    with pytest.raises(BusinessError, match="attend déjà"):
        services.referral_send(
            household=household, by=worker, to_organisation=adil.organisation, reason="AUTRE"
        )
    with pytest.raises(BusinessError, match="destinataire"):
        services.referral_accept(referral=referral, by=worker)
    with pytest.raises(BusinessError, match="motif du refus"):
        services.referral_decline(referral=referral, by=adil, reason=" ")
    services.referral_decline(referral=referral, by=adil, reason="Hors de notre champ")
    with pytest.raises(BusinessError, match="déjà reçu une réponse"):
        services.referral_accept(referral=referral, by=adil)
    assert not is_involved(organisation_id=adil.organisation_id, household_id=household.pk)
    assert Referral.objects.count() == 1


@pytest.mark.django_db
def test_competent_organisation_of_a_type_for_the_commune(parties):
    household, worker, _, _ = parties
    here = OrganisationFactory(type=OrganisationType.CCAS, name="CCAS d'ici")
    here.communes.add(household.commune)
    elsewhere = OrganisationFactory(type=OrganisationType.CCAS, name="CCAS d'ailleurs")
    elsewhere.communes.add(commune("93048", "Montreuil", "93100"))
    referral = services.referral_send(
        household=household, by=worker, to_type=OrganisationType.CCAS, reason="ACCOMPAGNEMENT"
    )
    assert referral.to_organisation == here


@pytest.mark.django_db
def test_unanswered_referrals_go_to_the_secretariat_once(parties):
    household, worker, adil, ccapex = parties
    referral = services.referral_send(
        household=household, by=worker, to_organisation=adil.organisation, reason="AUTRE",
        due_on=TODAY + datetime.timedelta(days=3),
    )  # fmt: skip
    clock.freeze(TODAY + datetime.timedelta(days=3))
    assert tasks.escalate_unanswered_referrals.call_local() == 0
    clock.freeze(TODAY + datetime.timedelta(days=4))
    assert tasks.escalate_unanswered_referrals.call_local() == 1
    assert tasks.escalate_unanswered_referrals.call_local() == 0
    alert = Alert.objects.get()
    assert (alert.organisation, alert.referral) == (ccapex.organisation, referral)
    services.referral_accept(referral=referral, by=adil)
    alert.refresh_from_db()
    assert alert.resolved_on == clock.today()


@pytest.mark.django_db(transaction=True)
def test_two_acceptances_at_once_involve_once_and_refuse_the_second(parties):
    # A transactional test may run after another one emptied the tables: seed the rules.
    from prevex.core.models import Departement
    from prevex.procedures.models import LegalRule
    from prevex.procedures.rules import clear_rule_cache
    from prevex.procedures.rules_data import seed_legal_rules
    from prevex.support.rules_data import RULES

    seed_legal_rules(legal_rule_model=LegalRule, departement_model=Departement, rules=RULES)
    clear_rule_cache()
    household, worker, adil, _ = parties
    referral = services.referral_send(
        household=household, by=worker, to_organisation=adil.organisation, reason="AUTRE"
    )
    results = []
    start = threading.Barrier(2)

    def accept():
        try:
            start.wait()
            services.referral_accept(referral=referral, by=adil)
            results.append("ok")
        except BusinessError as exc:
            results.append(exc.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=accept) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(results, key=len) == [
        "ok",
        "Cette orientation a déjà reçu une réponse (acceptée).",
    ]
    assert (
        Involvement.objects.filter(household=household, organisation=adil.organisation).count() == 1
    )
    assert (
        WriteLog.objects.filter(
            object_type="ORIENTATION", summary__startswith="Orientation acceptée"
        ).count()
        == 1
    )


@pytest.mark.django_db
def test_each_received_referral_has_its_own_decline_field(parties, client, login_as):
    """With two referrals waiting, both « Motif du refus » labels pointed at the first
    referral's field (one id « id_reason » twice): a click, or a screen reader, typed the
    reason of the second into the first."""
    household, worker, adil, _ = parties
    other = HouseholdFactory()
    open_procedure(other)
    Involvement.objects.create(
        household=other, organisation=worker.organisation, reason=InvolvementReason.DESIGNATION,
        starts_on=datetime.date(2025, 1, 1),
    )  # fmt: skip
    for h in (household, other):
        services.referral_send(
            household=h, by=worker, to_organisation=adil.organisation, reason="ACCES_DROIT"
        )
    login_as(adil)
    html = client.get("/suivi/orientations/").content.decode()
    fields = re.findall(r"<input\b[^>]*>", html)
    ids = [re.search(r'id="([^"]+)"', f).group(1) for f in fields if 'name="reason"' in f]
    assert len(ids) == 2 and len(set(ids)) == 2, ids
    assert all(f'for="{field_id}"' in html for field_id in ids)
