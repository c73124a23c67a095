from django.contrib import admin
from django.urls import include, path

from prevex.api.api import api as api_v1
from prevex.core.views import health, liveness
from prevex.households import urls as household_urls
from prevex.pages import urls as page_urls
from prevex.pages import views as page_views

urlpatterns = [
    # Each organisation's home page: its work list and what waits in its imports (composed);
    # the files' list stays under dossiers/.
    path("", page_views.home, name="home"),
    path("dossiers/", page_views.dashboard, name="dashboard"),
    path("sante/", health, name="health"),
    path("sante/vivant/", liveness, name="liveness"),
    path("comptes/", include("prevex.accounts.urls")),
    # One "households" namespace: the households' own pages and the composed file page.
    path(
        "menages/",
        include((page_urls.household_patterns + household_urls.urlpatterns, "households")),
    ),
    path("menages/", include("prevex.matching.urls")),
    path("menages/", include("prevex.lifecycle.urls")),
    path("procedures/", include("prevex.procedures.urls")),
    path("suivi/", include("prevex.support.urls")),
    path("commissions/", include("prevex.commissions.urls")),
    path("imports/", include("prevex.intake.urls")),
    path("api/v1/", api_v1.urls),
    path("api-jetons/", include("prevex.api.urls")),
    path("admin/", admin.site.urls),
]

# French error pages in the DSFR layout (prevex.core.error_pages; with DEBUG on, its
# middleware serves them instead of Django's technical pages).
handler400 = "prevex.core.error_pages.bad_request"
handler403 = "prevex.core.error_pages.permission_denied"
handler404 = "prevex.core.error_pages.page_not_found"
handler500 = "prevex.core.error_pages.server_error"
