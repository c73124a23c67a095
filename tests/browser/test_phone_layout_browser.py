"""prevex on a phone (390×844): no page scrolls sideways, and what a reader came for is
on the screen, not in a table's hidden right-hand columns.

Field workers (EMPEX, social workers on home visits) open the work list and the household
file on a phone; the secretariat and a landlord read the same pages. For each reader:
the page is no wider than the screen (``scrollWidth``), and the key content — the file's
reference and the action of a task, a contact's date and result, a household's next
deadline in the list — lies inside the screen and inside every scrolling box around it.
At 1280 px the tables stay tables (``docs/decisions/2026-12-06-phone-layout.md``).

``PREVEX_SCREENSHOT_DIR=docs/screenshots`` keeps the screenshots of the EMPEX's work list
and of the contacts of its file (otherwise a temporary directory).
"""

import datetime
import os
from pathlib import Path

import pytest
from django.urls import reverse

from prevex.accounts.models import OrganisationType, Role
from prevex.commissions.catalogue import seed_catalogue as seed_recommendations
from prevex.commissions.models import RecommendationType
from prevex.procedures.models import Procedure
from prevex.support import services as support
from prevex.support import worklist
from tests.commissions.summary_fixtures import TODAY, at, build_commission_file, member
from tests.factories import InvolvementFactory, OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

# True when ``el`` lies inside the viewport's width and inside every ancestor that clips
# or scrolls sideways (a DSFR table container): then the reader sees it without scrolling.
SEEN_JS = """el => {
  const r = el.getBoundingClientRect();
  if (r.width === 0 || r.left < -1 || r.right > window.innerWidth + 1) return false;
  for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
    if (getComputedStyle(a).overflowX === 'visible') continue;
    const b = a.getBoundingClientRect();
    if (r.left < b.left - 1 || r.right > b.right + 1) return false;
  }
  return true;
}"""


@pytest.fixture
def phone_world(transactional_db):
    from prevex.core.models import Departement
    from prevex.procedures.models import LegalRule
    from prevex.procedures.rules import clear_rule_cache
    from prevex.procedures.rules_data import seed_legal_rules
    from prevex.support.catalogue import seed_catalogue
    from prevex.support.models import MeasureType
    from prevex.support.rules_data import RULES

    seed_legal_rules(legal_rule_model=LegalRule, departement_model=Departement, rules=RULES)
    seed_catalogue(measure_type_model=MeasureType)
    seed_recommendations(recommendation_type_model=RecommendationType)
    clear_rule_cache()
    cf = build_commission_file()
    empex_org = OrganisationFactory(
        type=OrganisationType.EMPEX,
        name="Équipe mobile de prévention des expulsions de la Seine-Saint-Denis",
    )
    InvolvementFactory(household=cf.household, organisation=empex_org)
    empex = member(empex_org, Role.TRAVAILLEUR_SOCIAL)
    support.contact_record(
        household=cf.household, by=empex, channel="VISITE", direction="SORTANT",
        at=at(datetime.date(2025, 3, 4)), purpose="AUTRE",
        purpose_detail="Visite à domicile avec l'interprète de l'association Réseau-Solidarité",
        outcome="RDV_PRIS",
    )  # fmt: skip
    Procedure.objects.filter(pk=cf.procedure.pk).update(
        key_deadline=TODAY + datetime.timedelta(days=6)
    )
    worklist.generated_tasks_refresh(today=TODAY)
    landlord = member(cf.landlord)
    return cf, empex, landlord


@pytest.fixture
def open_at(browser, live_server, client, login_as):
    """A page at ``viewport``, signed in as ``membership`` (anonymous when None)."""

    contexts = []

    def _open(membership, viewport=PHONE):
        context = browser.new_context(locale="fr-FR", viewport=viewport)
        contexts.append(context)
        if membership is not None:
            login_as(membership)
            context.add_cookies(
                [
                    {
                        "name": "sessionid",
                        "value": client.cookies["sessionid"].value,
                        "url": live_server.url,
                    }
                ]
            )
        page = context.new_page()
        # Playwright's default: a loaded host (CI next to other work) needs more than 5 s.
        page.set_default_timeout(30_000)
        return page

    yield _open
    for context in contexts:  # one browser for the whole run: close what each test opened
        context.close()


def _shots(tmp_path) -> Path:
    return Path(os.environ.get("PREVEX_SCREENSHOT_DIR") or tmp_path)


def _visit(page, url):
    response = page.goto(url)
    assert response.status < 400, (url, response.status)
    page.wait_for_load_state("load")
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{url} déborde sur le côté : {widths}"


def _seen(locator) -> bool:
    return locator.evaluate(SEEN_JS)


def _pages(cf, reader_kind) -> list[str]:
    household = cf.household
    pages = [
        reverse("home"),
        reverse("dashboard"),
        reverse("households:detail", args=[household.pk]),
        reverse("households:search") + "?q=Zorglub",
        reverse("households:history", args=[household.pk]),
        reverse("support:alerts"),
        reverse("support:referrals"),
        reverse("commissions:list"),
        reverse("commissions:recommendations"),
        reverse("intake:batches"),
        reverse("intake:format"),
        reverse("intake:quarantine"),
        reverse("matching:household_create"),
    ]
    if reader_kind != "empex":  # the members of the commission and its secretariat
        pages += [
            reverse("commissions:session", args=[cf.session.pk]),
            reverse("commissions:summary", args=[cf.item.pk]),
        ]
    if reader_kind == "secretariat":
        pages += [
            reverse("commissions:follow_up"),
            reverse("commissions:outcomes"),
            reverse("commissions:cfp_list"),
            reverse("commissions:agenda", args=[cf.session.pk]),
            reverse("intake:review"),
            reverse("matching:flagged"),
        ]
    return pages


READERS = ["social_worker", "empex", "secretariat", "landlord"]


def _reader(phone_world, kind):
    cf, empex, landlord = phone_world
    return {
        "social_worker": cf.worker,
        "empex": empex,
        "secretariat": cf.secretariat,
        "landlord": landlord,
    }[kind]


@pytest.mark.parametrize("kind", READERS)
def test_no_page_scrolls_sideways_on_a_phone(kind, phone_world, open_at, live_server):
    cf = phone_world[0]
    page = open_at(_reader(phone_world, kind))
    for url in _pages(cf, kind):
        _visit(page, live_server.url + url)
    page.context.close()


def test_public_pages_fit_a_phone(open_at, live_server):
    page = open_at(None)
    _visit(page, live_server.url + reverse("accounts:login"))
    assert _seen(page.locator("input[name=username]"))
    assert _seen(page.get_by_role("button", name="Se connecter"))
    page.context.close()


@pytest.mark.parametrize("kind", ["social_worker", "empex", "landlord"])
def test_the_work_list_shows_the_file_and_the_action_on_a_phone(
    kind, phone_world, open_at, live_server, tmp_path
):
    cf = phone_world[0]
    page = open_at(_reader(phone_world, kind))
    _visit(page, live_server.url + "/")
    row = page.locator("#tasks tbody tr", has_text=cf.household.reference).first
    assert _seen(row.get_by_role("link", name=cf.household.reference))
    action = row.locator("td").last.locator("a, button").first
    assert _seen(action), action.inner_text()
    # Each stacked cell says which column it is.
    assert row.locator("td[data-label='Échéance']").count() == 1
    if kind == "empex":
        page.locator("#tasks table").evaluate("table => table.scrollIntoView()")
        page.screenshot(path=str(_shots(tmp_path) / "phone-work-list.png"))
    page.context.close()


@pytest.mark.parametrize("kind", ["social_worker", "empex", "secretariat"])
def test_a_contact_s_date_and_result_are_on_the_screen(
    kind, phone_world, open_at, live_server, tmp_path
):
    cf = phone_world[0]
    page = open_at(_reader(phone_world, kind))
    _visit(page, live_server.url + reverse("households:detail", args=[cf.household.pk]))
    row = page.locator("tr", has_text="Réseau-Solidarité")
    assert _seen(row.get_by_text("04/03/2025"))
    assert _seen(row.get_by_text("Rendez-vous pris"))
    assert "Rendez-vous pris" in row.locator("td[data-label='Résultat']").inner_text()
    assert _seen(row.locator("td").nth(2))  # the organisation: a long name wraps
    if kind == "empex":
        row.evaluate("row => row.scrollIntoView()")
        page.screenshot(path=str(_shots(tmp_path) / "phone-file-contacts.png"))
    page.context.close()


def test_the_files_list_shows_the_household_and_its_deadline(phone_world, open_at, live_server):
    cf = phone_world[0]
    page = open_at(cf.secretariat)
    _visit(page, live_server.url + reverse("dashboard"))
    row = page.locator("#liste-dossiers tbody tr", has_text=cf.household.reference)
    assert _seen(row.get_by_text("ZORGLUB", exact=False).first)
    assert _seen(row.locator("td").last)
    assert row.locator("td").last.get_attribute("data-label") == "Prochaine échéance"
    # The filters fill a phone's first screen: a link at the top goes to the list.
    jump = page.get_by_role("link", name="Aller à la liste des dossiers")
    assert jump.is_visible() and _seen(jump)
    assert jump.bounding_box()["y"] < PHONE["height"]
    jump.click()
    page.wait_for_timeout(300)
    top = page.locator("#liste-dossiers").bounding_box()["y"]
    assert -2 <= top < PHONE["height"] / 2, top
    page.context.close()


def test_office_screens_keep_their_tables(phone_world, open_at, live_server):
    """At 1280 px the work list and the contacts are tables: header row shown, cells side
    by side on one line."""
    cf = phone_world[0]
    page = open_at(cf.worker, viewport=DESKTOP)
    _visit(page, live_server.url + "/")
    assert page.locator("#tasks thead th").first.is_visible()
    row = page.locator("#tasks tbody tr").first
    tops = row.locator("td").evaluate_all("tds => tds.map(td => td.getBoundingClientRect().top)")
    assert len(set(round(t) for t in tops)) == 1, tops
    assert row.locator("td").first.evaluate("td => getComputedStyle(td).display") == "table-cell"
    _visit(page, live_server.url + reverse("households:detail", args=[cf.household.pk]))
    header = page.locator("th", has_text="Canal et sens")
    assert header.is_visible()
    # The phone's link to the files list is not shown on an office screen.
    _visit(page, live_server.url + reverse("dashboard"))
    assert not page.get_by_role("link", name="Aller à la liste des dossiers").is_visible()
    page.context.close()


def test_on_an_office_screen_the_files_list_fits_with_its_longest_stage(
    phone_world, open_at, live_server
):
    """The design system's table cells do not wrap: a stage such as « Saisine de la CCAPEX
    par le bailleur (social ou personne morale) » made the files list wider than the page
    at 1280 px, on every screen, and the next deadline — the last column — was out of
    sight behind a sideways scroll. The long cells wrap (procedures/listing.py)."""
    from prevex.households.models import MemberRole
    from prevex.procedures.models import Stage
    from tests.factories import MemberFactory

    cf = phone_world[0]
    Procedure.objects.filter(pk=cf.procedure.pk).update(stage=Stage.SAISINE_BAILLEUR_SOCIAL)
    # A couple of long names on the lease, as the demo's « BLANCHARD Caroline et BLANCHARD
    # Youssef »: with the long stage, the row no longer fits unless its cells wrap.
    MemberFactory(
        household=cf.household, role=MemberRole.COTITULAIRE, last_name="Randriamanantena",
        first_name="Marie-Clémentine",
    )  # fmt: skip
    page = open_at(cf.secretariat, viewport=DESKTOP)
    _visit(page, live_server.url + reverse("dashboard"))
    row = page.locator("#liste-dossiers tbody tr", has_text=cf.household.reference)
    assert row.get_by_text("personne morale", exact=False).first.is_visible()
    deadline = row.locator("td").last
    assert deadline.get_attribute("data-label") == "Prochaine échéance"
    assert _seen(deadline)
    table = page.locator("#liste-dossiers table").first
    widths = table.evaluate("t => [t.scrollWidth, t.parentElement.clientWidth]")
    assert widths[0] <= widths[1] + 1, widths
    page.context.close()
