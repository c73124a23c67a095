from django.contrib import admin
from django.urls import include, path

from prevex.api.api import api as api_v1
from prevex.core.views import health
from prevex.households import views as household_views

urlpatterns = [
    path("", household_views.dashboard, name="dashboard"),
    path("sante/", health, name="health"),
    path("comptes/", include("prevex.accounts.urls")),
    path("menages/", include("prevex.households.urls")),
    path("menages/", include("prevex.matching.urls")),
    path("procedures/", include("prevex.procedures.urls")),
    path("imports/", include("prevex.intake.urls")),
    path("api/v1/", api_v1.urls),
    path("api-jetons/", include("prevex.api.urls")),
    path("admin/", admin.site.urls),
]
