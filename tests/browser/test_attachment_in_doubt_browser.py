"""An attachment put in doubt, seen in Chromium (issue 9,
docs/decisions/2026-12-06-attachments-in-doubt.md): the CCAPEX secretariat finds the row
in its review queue with both files compared, settles it, and the father's file history
says which act was withdrawn and why; the bailiff who sent the row still sees neither
file.

With ``PREVEX_SCREENSHOTS_DIR`` set, the screens are also captured there."""

import pytest
from django.urls import reverse

from prevex.accounts.models import OrganisationType
from prevex.households.models import Household
from prevex.intake import services
from prevex.intake.models import ImportRow, ReviewItem, ReviewKind, ReviewStatus
from tests.factories import MembershipFactory, OrganisationFactory, commune

from .test_duplicates_browser import serious_violations, shoot
from .test_review_why_browser import ROW, _csv

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STREET = "12 avenue de la République"
FATHER = {
    **ROW,
    "type_acte": "IMPAYE",
    "reference_acte": "CAF-1",
    "locataire_nom": "DIALLO",
    "locataire_prenom": "Mamadou",
    "locataire_date_naissance": "18/03/1962",
    "adresse": f"{STREET}, bâtiment 3, porte 1202",
}
SON = {
    **FATHER,
    "reference_acte": "CAF-2",
    "locataire_date_naissance": "05/06/1990",
    "adresse": f"{STREET}, bâtiment 5, porte 0101",
}
UNDATED = {**FATHER, "type_acte": "CDP", "reference_acte": "CDP-9"}
UNDATED.update(locataire_date_naissance="", adresse=STREET)


def test_the_secretariat_settles_an_attachment_in_doubt(logged_page, live_server):
    commune()
    caf = MembershipFactory(organisation=OrganisationFactory(type=OrganisationType.CAF))
    bailiff = MembershipFactory(
        organisation=OrganisationFactory(type=OrganisationType.COMMISSAIRE_JUSTICE)
    )
    services.file_import(source=caf.organisation, content=_csv(FATHER), filename="a.csv", by=caf)
    father = Household.objects.get()
    services.file_import(
        source=bailiff.organisation, content=_csv(UNDATED), filename="b.csv", by=bailiff
    )
    services.file_import(source=caf.organisation, content=_csv(SON), filename="c.csv", by=caf)
    son = Household.objects.exclude(pk=father.pk).get()
    item = ReviewItem.objects.get(kind=ReviewKind.MATCH, status=ReviewStatus.OUVERT)

    secretariat = MembershipFactory(organisation=OrganisationFactory(ccapex=True))
    page = logged_page(secretariat)
    page.goto(f"{live_server.url}/imports/revue/")
    assert page.get_by_text("Rattachement à revoir").first.is_visible()
    shoot(page, "doubt-review-queue.png")
    page.goto(f"{live_server.url}/imports/revue/{item.pk}/")
    for household in (father, son):
        table = page.get_by_role("table", name=f"Comparaison avec le ménage {household.reference}")
        assert "DIALLO Mamadou" in table.inner_text()
    # The four columns fit the panel at 1,280 px (« Concordance » was scrolled out of
    # view, and the file's address cut).
    overflow = page.evaluate(
        "() => [...document.querySelectorAll('.fr-table__container')]"
        ".map(c => c.scrollWidth - c.clientWidth)"
    )
    assert overflow and max(overflow) <= 1, overflow
    # Both files would be attached alone: neither is suggested over the other.
    assert page.get_by_text("Possible, comme un autre dossier").count() == 2
    assert page.get_by_text("Rattacher à ce ménage").count() == 0
    shoot(page, "doubt-review-item.png")
    assert serious_violations(page) == []
    page.goto(f"{live_server.url}{reverse('households:history', args=[father.pk])}")
    assert page.get_by_text("Acte retiré du dossier").first.is_visible()
    assert "rattachement de la ligne à revoir" in page.locator("main").inner_text()
    shoot(page, "doubt-history.png")

    # « Même ménage », the son's file chosen: the act is recorded there.
    page.goto(f"{live_server.url}/imports/revue/{item.pk}/")
    section = page.locator(f"section[aria-labelledby='titre-candidat-{son.pk}']")
    with page.expect_navigation():
        section.get_by_role("button", name="Même ménage").click()
    row = ImportRow.objects.get(batch__filename="b.csv")
    assert row.household_id == son.pk and row.event_id is not None

    # The sender is not given either file by its row.
    closed = logged_page(bailiff)
    for household in (father, son):
        url = f"{live_server.url}{reverse('households:detail', args=[household.pk])}"
        assert closed.goto(url).status == 404
    assert closed.goto(f"{live_server.url}/imports/revue/").status == 404
