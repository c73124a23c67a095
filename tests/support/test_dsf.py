import datetime
import re
import zlib
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prevex.access.models import Involvement, InvolvementReason
from prevex.accounts.models import OrganisationType
from prevex.audit.models import WriteLog
from prevex.core import clock
from prevex.core.errors import BusinessError
from prevex.procedures.models import Event, LegalRule, Stage
from prevex.procedures.rules import clear_rule_cache
from prevex.support import services, tasks
from prevex.support.choices import DsfStatus
from prevex.support.models import Alert, Dsf, DsfDesignation
from tests.factories import HouseholdFactory, OrganisationFactory

from .conftest import HEARING, TODAY, open_procedure


@pytest.mark.django_db
def test_the_job_asks_the_designated_organisation_once_per_assignation(file):
    household, procedure, worker = file
    empex = OrganisationFactory(type=OrganisationType.EMPEX)
    DsfDesignation.objects.create(departement_id="93", organisation=empex)
    without = HouseholdFactory()
    open_procedure(without, assignation=False)

    assert tasks.request_dsf_after_assignation.call_local() == 1
    dsf = Dsf.objects.get()
    assert (dsf.procedure, dsf.assigned_to, dsf.status) == (procedure, empex, DsfStatus.DEMANDE)
    assert (dsf.requested_on, dsf.hearing_date) == (TODAY, HEARING)
    # The designated organisation now sees the file.
    assert Involvement.objects.filter(
        household=household, organisation=empex, reason=InvolvementReason.DESIGNATION
    ).exists()
    entry = WriteLog.objects.get(object_type="DSF")
    assert (entry.channel, entry.field_group, entry.user_id) == ("SYSTEM", "SUIVI", None)
    # Idempotent: a second run asks nothing more.
    assert tasks.request_dsf_after_assignation.call_local() == 0
    assert Dsf.objects.count() == 1


@pytest.mark.django_db
def test_without_designation_the_departmental_social_service_does_it(file):
    _, _, worker = file
    assert services.dsf_requests_for_assignations() == 1
    assert Dsf.objects.get().assigned_to == worker.organisation


@pytest.mark.django_db
def test_a_dsf_for_a_file_without_assignation_is_refused(file):
    _, _, worker = file
    household = HouseholdFactory()
    procedure = open_procedure(household, assignation=False)
    with pytest.raises(BusinessError, match="pas d'assignation"):
        services.dsf_request(procedure=procedure, by=None)
    assert not Dsf.objects.exists()


@pytest.mark.django_db
def test_asking_twice_is_refused(file):
    _, procedure, worker = file
    services.dsf_request(procedure=procedure, by=worker)
    with pytest.raises(BusinessError, match="déjà demandé"):
        services.dsf_request(procedure=procedure, by=worker)


@pytest.mark.django_db
def test_life_of_a_dsf_up_to_the_court(file):
    _, procedure, worker = file
    dsf = services.dsf_request(procedure=procedure, by=worker)
    services.dsf_schedule(dsf=dsf, by=worker, appointment_at=datetime.datetime(2025, 3, 12, 14))
    with pytest.raises(BusinessError, match="avis du travailleur social"):
        services.dsf_mark_done(dsf=dsf, by=worker, on=TODAY)
    services.dsf_update_content(
        dsf=dsf,
        by=worker,
        resources={"SALAIRES": Decimal("1200"), "AIDE_LOGEMENT": "180.50"},
        charges={"ENERGIE": "90"},
        causes=["PERTE_EMPLOI"],
        rights={"AIDE_LOGEMENT": "SUSPENDU"},
        wish="RESTER",
        proposal_monthly=Decimal("80"),
        opinion="Reprise possible avec le FSL.",
    )
    with pytest.raises(BusinessError, match="ne peut pas passer"):
        services.dsf_send(dsf=dsf, by=worker, on=TODAY)
    services.dsf_mark_done(dsf=dsf, by=worker, on=TODAY)
    dsf = services.dsf_send(dsf=dsf, by=worker, on=TODAY)
    assert (dsf.status, dsf.sent_on) == (DsfStatus.TRANSMIS, TODAY)
    assert dsf.resources == {"SALAIRES": "1200.00", "AIDE_LOGEMENT": "180.50"}
    with pytest.raises(BusinessError, match="transmis au tribunal"):
        services.dsf_update_content(dsf=dsf, by=worker, opinion="Autre avis")
    content = WriteLog.objects.get(object_type="DSF", field_group="SOCIAL")
    # The history names the parts changed, never the text.
    assert "FSL" not in str(content.changes) and "1200" not in str(content.changes)


@pytest.mark.django_db
def test_only_social_workers_write_the_content(file):
    household, procedure, worker = file
    from .conftest import member_of

    adil = member_of(household, OrganisationType.ADIL)
    dsf = services.dsf_request(procedure=procedure, by=worker)
    with pytest.raises(BusinessError, match="travailleurs sociaux"):
        services.dsf_update_content(dsf=dsf, by=adil, opinion="x")
    # but the ADIL may note the appointment (the life of the DSF is SUIVI).
    services.dsf_schedule(dsf=dsf, by=adil, appointment_at=datetime.datetime(2025, 3, 12, 9))


@pytest.mark.django_db
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    amount=st.one_of(
        st.decimals(max_value="-0.01", allow_nan=False, allow_infinity=False, places=2),
        st.sampled_from(["abc", "NaN", "-1", "1e12", "Infinity"]),
    )
)
def test_negative_or_junk_amounts_are_refused_without_partial_write(file, amount):
    _, procedure, worker = file
    dsf = Dsf.objects.filter(procedure=procedure).first() or services.dsf_request(
        procedure=procedure, by=worker
    )
    with pytest.raises(BusinessError):
        services.dsf_update_content(
            dsf=dsf, by=worker, opinion="Avis", resources={"SALAIRES": amount}
        )
    dsf.refresh_from_db()
    assert (dsf.opinion, dsf.resources) == ("", {})


@pytest.mark.django_db
def test_alert_job_as_the_clock_advances(file):
    """N (15 days, dated rule) before the hearing, the job raises one alert for the
    organisation in charge; it is idempotent and closes the alert once the DSF is sent."""
    household, procedure, worker = file
    services.dsf_requests_for_assignations()
    dsf = Dsf.objects.get()

    clock.freeze(HEARING - datetime.timedelta(days=15))  # 15 days away: not less than N
    assert tasks.refresh_dsf_alerts.call_local() == (0, 0)
    clock.freeze(HEARING - datetime.timedelta(days=14))
    assert tasks.refresh_dsf_alerts.call_local() == (1, 0)
    alert = Alert.objects.get()
    assert (alert.organisation, alert.household, alert.due_on) == (
        worker.organisation,
        household,
        HEARING,
    )
    assert tasks.refresh_dsf_alerts.call_local() == (0, 0)  # idempotent
    assert Alert.objects.count() == 1

    # The hearing is postponed (« renvoi »): the alert closes, and comes back later.
    later = HEARING + datetime.timedelta(days=60)
    Event.objects.create(
        procedure=procedure, stage=Stage.AUDIENCE, date=HEARING, hearing_date=later
    )
    assert tasks.refresh_dsf_alerts.call_local() == (0, 1)
    dsf.refresh_from_db()
    assert dsf.hearing_date == later
    clock.freeze(later - datetime.timedelta(days=3))
    assert tasks.refresh_dsf_alerts.call_local() == (1, 0)

    services.dsf_update_content(dsf=dsf, by=worker, opinion="Avis")
    services.dsf_mark_done(dsf=dsf, by=worker, on=clock.today())
    services.dsf_send(dsf=dsf, by=worker, on=clock.today())
    assert tasks.refresh_dsf_alerts.call_local() == (0, 1)
    assert not Alert.objects.filter(resolved_on__isnull=True).exists()


@pytest.mark.django_db
def test_an_open_alert_follows_a_hearing_moved_inside_the_window(file):
    """A hearing put back by two days, still inside the window: the same alert stays open,
    with the new day and a message that names it (it kept the old date before)."""
    _, procedure, _ = file
    services.dsf_requests_for_assignations()
    clock.freeze(HEARING - datetime.timedelta(days=10))  # 10 days away, then 12: both < 15
    assert services.dsf_alerts_refresh() == (1, 0)
    first = Alert.objects.get()
    later = HEARING + datetime.timedelta(days=2)
    Event.objects.create(
        procedure=procedure, stage=Stage.AUDIENCE, date=HEARING, hearing_date=later
    )
    assert services.dsf_alerts_refresh() == (0, 0)
    alert = Alert.objects.get()
    assert alert.pk == first.pk and alert.resolved_on is None
    assert alert.due_on == later
    assert alert.message == f"DSF non transmis : audience le {later:%d/%m/%Y}"
    assert services.dsf_alerts_refresh() == (0, 0)


@pytest.mark.django_db
def test_the_alert_delay_is_a_dated_rule_overridable_per_departement(file):
    services.dsf_requests_for_assignations()
    rule = LegalRule.objects.get(code="DSF_ALERTE_AUDIENCE", departement__isnull=True)
    assert rule.value == 15 and "art. 24 III" in rule.legal_basis
    LegalRule.objects.create(
        code=rule.code, label=rule.label, value=30, unit=rule.unit, departement_id="93",
        valid_from=datetime.date(2025, 1, 1), legal_basis="Charte départementale",
        short_basis="Charte",
    )  # fmt: skip
    clear_rule_cache()
    clock.freeze(HEARING - datetime.timedelta(days=29))
    assert services.dsf_alerts_refresh() == (1, 0)


@pytest.mark.django_db
def test_a_dsf_page_post_with_bad_input_answers_in_french(file, client, login_as):
    _, procedure, worker = file
    dsf = services.dsf_request(procedure=procedure, by=worker)
    login_as(worker)
    response = client.post(f"/suivi/dsf/{dsf.pk}/", {"res_SALAIRES": "-5", "opinion": "x"})
    assert response.status_code == 422
    assert "Le montant ne peut pas être négatif." in response.content.decode()
    dsf.refresh_from_db()
    assert dsf.opinion == ""
    response = client.post(f"/suivi/dsf/{dsf.pk}/transmis/", {"on": "01/03/2025"}, follow=True)
    assert "ne peut pas passer" in response.content.decode()


@pytest.mark.django_db
def test_the_pdf_is_made_with_the_vendored_font(file, client, login_as):
    _, procedure, worker = file
    dsf = services.dsf_request(procedure=procedure, by=worker)
    dsf = services.dsf_update_content(dsf=dsf, by=worker, opinion="Avis favorable au maintien.")
    login_as(worker)
    response = client.get(f"/suivi/dsf/{dsf.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    body = response.content
    assert body.startswith(b"%PDF")
    # The family of the @font-face: the vendored file was embedded (no system fallback).
    assert b"/FontFamily (Texte)" in pdf_objects(body)
    from prevex.support.pdf import dsf_html

    html = dsf_html(dsf)
    assert "Avis favorable au maintien." in html
    # The address ends with the postcode and the commune's name.
    household = dsf.household
    assert f"{household.postal_code} {household.commune.name}" in html


def pdf_objects(body: bytes) -> bytes:
    """The PDF's objects, inflated (WeasyPrint compresses them into object streams)."""
    parts = [body]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", body, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"".join(parts)


def test_the_pdf_fetches_nothing_but_the_vendored_fonts():
    from prevex.support.pdf import FONTS, _no_fetch

    assert _no_fetch((FONTS / "DejaVuSans.ttf").as_uri())["mime_type"] == "font/ttf"
    for url in ("https://example.org/x.css", "file:///etc/passwd"):
        with pytest.raises(ValueError, match="refusée"):
            _no_fetch(url)


def test_rule_rows_fit_the_legal_rule_columns():
    """PostgreSQL refuses a value longer than its column (SQLite does not)."""
    from prevex.procedures.models import LegalRule
    from prevex.support.rules_data import RULES

    for row in RULES:
        for name in ("code", "label", "legal_basis", "short_basis"):
            assert len(row[name]) <= LegalRule._meta.get_field(name).max_length, (row["code"], name)


def _offered_steps(html: str) -> set[str]:
    return set(re.findall(r'action="/suivi/dsf/\d+/([a-z-]+)/"', html))


@pytest.mark.django_db
def test_the_page_offers_only_the_steps_the_dsf_may_take(file, client, login_as):
    """Once « réalisé », the page still offered « Fixer le rendez-vous » and « Ménage
    absent », both refused (« ne peut pas passer »); after an absence it hid « Déclarer
    le DSF réalisé », which is allowed. Two « Date » fields also shared one id."""
    _, procedure, worker = file
    dsf = services.dsf_request(procedure=procedure, by=worker)
    login_as(worker)

    def page():
        html = client.get(f"/suivi/dsf/{dsf.pk}/").content.decode()
        ids = re.findall(r'\bid="(id_[^"]+)"', html)
        assert len(ids) == len(set(ids)), ids
        return html

    assert _offered_steps(page()) == {"rendez-vous", "absent", "realise"}
    services.dsf_mark_absent(dsf=dsf, by=worker, on=TODAY)
    html = page()
    assert _offered_steps(html) == {"rendez-vous", "realise", "transmis"}
    services.dsf_update_content(dsf=dsf, by=worker, opinion="Reçu finalement.")
    services.dsf_mark_done(dsf=dsf, by=worker, on=TODAY)
    html = page()
    assert _offered_steps(html) == {"transmis"}
    assert "Transmis au tribunal le" in html
    services.dsf_send(dsf=dsf, by=worker, on=TODAY)
    assert _offered_steps(page()) == set()
