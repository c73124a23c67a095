"""The follow-up's panels of the file page show every field their reads fetch.

The « Suivi » and « Plans d'apurement » panels are read with hand-written SQL and their
lines written once in Python (the file page is the most read page): these tests pin what
a reader sees — alerts (one line per alert, the organisations' own work left out), the DSF's
life, measures, referrals, contacts (answers, local time, details escaped), plans with
their instalments, payments and compliance — so that a change in those reads cannot drop
a field unnoticed.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from prevex.accounts.models import OrganisationType, Role
from prevex.support import services
from prevex.support.models import Contact, Measure, Referral, RepaymentPlan
from tests.factories import MembershipFactory, OrganisationFactory

from .conftest import TODAY, member_of

UTC = datetime.UTC


def _section(html: str, title_id: str) -> str:
    match = re.search(
        rf'<section[^>]*aria-labelledby="{title_id}">(.*?)</section>', html, flags=re.S
    )
    assert match, title_id
    return match.group(1)


def text_of(fragment: str) -> str:
    """The fragment's visible text, whitespace collapsed (tags dropped)."""
    fragment = re.sub(r"<form.*?</form>", " ", fragment, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment)).strip()


@pytest.fixture
def rich_file(file):
    """A file with every kind of follow-up line: see the module's docstring."""
    household, procedure, worker = file
    landlord = member_of(household, OrganisationType.BAILLEUR_PRIVE, Role.AGENT)
    adil = MembershipFactory(
        organisation=OrganisationFactory(type=OrganisationType.ADIL, name="ADIL <93>")
    )
    caf = MembershipFactory(organisation=OrganisationFactory(type=OrganisationType.CAF))
    ccas = MembershipFactory(organisation=OrganisationFactory(type=OrganisationType.CCAS))
    first = services.contact_record(
        household=household, by=worker, channel="LRAR", direction="SORTANT",
        at=datetime.datetime(2025, 3, 1, 23, 30, tzinfo=UTC), purpose="AUTRE",
        purpose_detail="Loyer <b>& charges</b>", outcome="NON_JOINT",
    )  # fmt: skip
    services.contact_record(
        household=household, by=worker, channel="TELEPHONE", direction="ENTRANT",
        at=datetime.datetime(2025, 3, 4, 9, 15, tzinfo=UTC), purpose="INFORMATION",
        outcome="REPONSE", answers=first,
    )  # fmt: skip
    dsf = services.dsf_request(procedure=procedure, by=worker)
    services.dsf_schedule(
        dsf=dsf, by=worker, appointment_at=datetime.datetime(2025, 3, 12, 13, 5, tzinfo=UTC)
    )
    services.measure_propose(household=household, by=worker, type_code="ASLL", note="À <voir>")
    fsl = services.measure_propose(
        household=household, by=worker, type_code="FSL_MAINTIEN", status="DEMANDEE",
        on=datetime.date(2025, 2, 1),
    )  # fmt: skip
    services.measure_change(
        measure=fsl, by=worker, status="ACCORDEE", on=datetime.date(2025, 2, 20),
        amount="1234.5", deciding_body="Commission FSL",
    )  # fmt: skip
    masp = services.measure_propose(
        household=household, by=worker, type_code="MASP", on=datetime.date(2025, 1, 2)
    )
    services.measure_change(
        measure=masp, by=worker, status="TERMINEE", on=datetime.date(2025, 1, 3),
        outcome="Abandonnée",
    )  # fmt: skip
    services.referral_send(
        household=household, by=worker, to_organisation=adil.organisation, reason="ACCES_DROIT"
    )
    accepted = services.referral_send(
        household=household, by=worker, to_organisation=caf.organisation, reason="AIDE_FINANCIERE"
    )
    services.referral_accept(referral=accepted, by=caf)
    declined = services.referral_send(
        household=household, by=worker, to_organisation=ccas.organisation, reason="AUTRE"
    )
    services.referral_decline(referral=declined, by=ccas, reason="Hors de <notre> secteur")
    plan = services.plan_open(
        household=household, by=worker, origin="NEGOCIE", starts_on=datetime.date(2025, 1, 5),
        debt_amount=Decimal("1000"), instalments=6,
    )  # fmt: skip
    services.payment_record(
        plan=plan, by=landlord, paid_on=datetime.date(2025, 1, 6), amount=Decimal("100.5")
    )
    services.plans_compliance_refresh()  # 3 late: one alert for the worker, one for the landlord
    services.task_create(household=household, by=worker, title="TÂCHE-MANUELLE")
    services.plan_open(
        household=household, by=worker, origin="NEGOCIE", starts_on=datetime.date(2025, 3, 20),
        debt_amount=Decimal("300"), instalments=2,
    )  # fmt: skip
    return household, worker, landlord


FOLLOW_UP = [
    "Suivi",
    "Plan d'apurement : 3 échéances impayées (alerte du 10/03/2025)",
    "Diagnostic social et financier",
    "DSF rendez-vous fixé — demandé le 10/03/2025 à {worker_org} · audience le 15/04/2025 · "
    "rendez-vous le 12/03/2025 14:05",
    "Dispositifs",
    "Accompagnement social lié au logement (ASLL) — proposé depuis le 10/03/2025 "
    "({worker_org}, décision : Conseil départemental (FSL)) — À <voir> Changer l'état",
    "FSL maintien (apurement de la dette) — accordé depuis le 20/02/2025 "
    "({worker_org}, décision : Commission FSL, 1 234,50 €) Changer l'état",
    "Mesure d'accompagnement social personnalisé (MASP) — terminé depuis le 03/01/2025 "
    "({worker_org}, décision : Conseil départemental) — issue : Abandonnée",
    "Orientations",
    "{worker_org} → {ccas} (autre), le {sent} : déclinée — Hors de <notre> secteur",
    "{worker_org} → {caf} (aide financière), le {sent} : acceptée",
    "{worker_org} → ADIL <93> (information juridique (accès au droit)), le {sent} : "
    "en attente de réponse (réponse attendue avant le 25/03/2025)",
    "Historique des contacts",
    "04/03/2025 10:15 Appel téléphonique · du ménage {worker_org} Information sur la "
    "procédure et les droits en réponse au contact du 02/03/2025 A répondu",
    "02/03/2025 00:30 Lettre recommandée · vers le ménage {worker_org} Autre (préciser) : "
    "Loyer <b>& charges</b> Non joint",
]


def _expected(lines, **names):
    return [line.format(**names) for line in lines]


@pytest.mark.django_db
def test_the_follow_up_panel_shows_every_field(rich_file, client, login_as):
    household, worker, _ = rich_file
    login_as(worker)
    html = client.get(f"/menages/{household.pk}/").content.decode()
    section = _section(html, "titre-suivi")
    text = text_of(section)
    from html import unescape

    text = unescape(text)
    names = {
        "worker_org": worker.organisation.name,
        "caf": _org("CAF"),
        "ccas": _org("CCAS"),
        # Sent « now » (the wall clock: ``auto_now_add``), in Paris time.
        "sent": f"{timezone.localtime(Referral.objects.first().sent_at):%d/%m/%Y}",
    }
    position = 0
    for line in _expected(FOLLOW_UP, **names):
        found = text.find(line, position)
        assert found >= 0, (line, text[position:])
        position = found + len(line)
    # One line per alert, not one per organisation it was raised for; no own work.
    assert text.count("échéances impayées") == 1
    assert "TÂCHE-MANUELLE" not in text
    # Escaped, never interpreted.
    assert "Loyer &lt;b&gt;&amp; charges&lt;/b&gt;" in section
    assert "Hors de &lt;notre&gt; secteur" in section
    # Links and htmx targets of the measures still to change (not the ended one).
    changeable = Measure.objects.exclude(status="TERMINEE").order_by("id")
    for m in changeable:
        assert f'hx-get="/suivi/dispositifs/{m.pk}/"' in section, m
        assert f'<div id="dispositif-{m.pk}"></div>' in section
    ended = Measure.objects.get(status="TERMINEE")
    assert f"dispositif-{ended.pk}" not in section
    dsf_id = household.support_dsfs.get().pk
    assert f'href="/suivi/dsf/{dsf_id}/"' in section
    assert "Demander un DSF" not in section  # one DSF already
    assert "Seuls les 20 derniers contacts" not in section
    assert Contact.objects.count() == 2


def _org(org_type):
    from prevex.accounts.models import Organisation

    return Organisation.objects.get(type=org_type).name


PLANS = [
    "Plans d'apurement",
    "Plan négocié avec le bailleur — 300,00 € à partir du 20/03/2025 · respect calculé à la "
    "prochaine mise à jour de nuit",
    "20/03/2025 : 150,00 € 20/04/2025 : 150,00 € Aucun versement.",
    "Plan négocié avec le bailleur — 1 000,00 € à partir du 05/01/2025 · 3 échéances en retard "
    "(calculé le 10/03/2025)",
    "05/01/2025 : 166,67 € 05/02/2025 : 166,67 € 05/03/2025 : 166,67 € 05/04/2025 : 166,67 € "
    "05/05/2025 : 166,67 € 05/06/2025 : 166,65 € 06/01/2025 : 100,50 € ({landlord_org})",
]


@pytest.mark.django_db
def test_the_plans_panel_shows_every_field(rich_file, client, login_as):
    household, worker, landlord = rich_file
    for reader, can_pay in ((worker, False), (landlord, True)):
        login_as(reader)
        html = client.get(f"/menages/{household.pk}/").content.decode()
        section = _section(html, "titre-plans")
        from html import unescape

        text = unescape(text_of(section))
        position = 0
        for line in _expected(PLANS, landlord_org=landlord.organisation.name):
            found = text.find(line, position)
            assert found >= 0, (line, text[position:])
            position = found + len(line)
        for plan in RepaymentPlan.objects.all():
            link = f'hx-get="/suivi/plans/{plan.pk}/versements/"'
            assert (link in section) is can_pay
            assert (f'id="versement-{plan.pk}"' in section) is can_pay
        assert ('id="titre-suivi"' in html) is (reader == worker)


@pytest.mark.django_db
def test_a_file_without_follow_up(file, client, login_as):
    household, _, worker = file
    login_as(worker)
    html = client.get(f"/menages/{household.pk}/").content.decode()
    text = text_of(_section(html, "titre-suivi"))
    for empty in (
        "Aucun DSF demandé.",
        "Aucun dispositif mobilisé.",
        "Aucune orientation.",
        "Aucun contact noté.",
    ):
        assert empty in text
    assert "Demander un DSF" in _section(html, "titre-suivi")
    assert "Aucun plan d'apurement." in text_of(_section(html, "titre-plans"))


@pytest.mark.django_db
def test_only_the_twenty_latest_contacts(file, client, login_as):
    household, _, worker = file
    now = timezone.now()
    for i in range(21):
        services.contact_record(
            household=household, by=worker, channel="SMS", direction="SORTANT",
            at=now - datetime.timedelta(days=i), purpose="RELANCE", outcome="NON_JOINT",
            purpose_detail=f"n°{i:02d}",
        )  # fmt: skip
    login_as(worker)
    section = _section(client.get(f"/menages/{household.pk}/").content.decode(), "titre-suivi")
    assert "n°19" in section and "n°20" not in section
    assert "Seuls les 20 derniers contacts sont affichés." in section
    assert TODAY  # the clock of the fixture
