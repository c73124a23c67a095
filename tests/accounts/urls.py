"""Test-only URLconf: the accounts URLs (OIDC included) plus stand-ins for the lead's
pages that base.html links to, so these tests never depend on other apps' views."""

from django.contrib import admin
from django.http import HttpResponse
from django.template import engines
from django.urls import include, path
from django.views.generic import View

from prevex.accounts import urls as accounts_urls
from prevex.accounts.decorators import VerifiedLoginRequiredMixin, verified_login_required
from prevex.accounts.oidc import oidc_urlpatterns

DASHBOARD = engines["django"].from_string(
    '{% extends "base.html" %}{% block content %}'
    "<p>Tableau de bord de {{ membership.organisation.name }}</p>{% endblock content %}"
)


@verified_login_required
def dashboard(request):
    return HttpResponse(DASHBOARD.render({}, request))


class ProtectedClassView(VerifiedLoginRequiredMixin, View):
    def get(self, request):
        return HttpResponse("Page protégée")


def unprotected(request):
    return HttpResponse("Page sans décorateur")


matching_patterns = (
    [
        path("nouveau/", dashboard, name="household_create"),
        path("doublons/", dashboard, name="flagged"),
    ],
    "matching",
)
intake_patterns = (
    [
        path("", dashboard, name="batches"),
        path("quarantaine/", dashboard, name="quarantine"),
        path("revue/", dashboard, name="review"),
    ],
    "intake",
)
api_patterns = ([path("", dashboard, name="tokens")], "api")
support_patterns = (
    [
        path("alertes/", dashboard, name="alerts"),
        path("orientations/", dashboard, name="referrals"),
    ],
    "support",
)

commissions_patterns = ([path("", dashboard, name="list")], "commissions")

urlpatterns = [
    path(
        "comptes/",
        include((accounts_urls.base_urlpatterns + oidc_urlpatterns, accounts_urls.app_name)),
    ),
    path("", dashboard, name="home"),
    path("dossiers/", dashboard, name="dashboard"),
    path("classe/", ProtectedClassView.as_view(), name="protected_class"),
    path("libre/", unprotected, name="unprotected"),
    path("menages/", include(matching_patterns)),
    path("imports/", include(intake_patterns)),
    path("api-jetons/", include(api_patterns)),
    path("suivi/", include(support_patterns)),
    path("commissions/", include(commissions_patterns)),
    path("admin/", admin.site.urls),
]
