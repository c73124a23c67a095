"""The commissions' pages, under /commissions/. Each area has its own URL module."""

from django.urls import include, path

app_name = "commissions"

urlpatterns = [
    path("", include("prevex.commissions.urls_sessions")),
    path("", include("prevex.commissions.urls_summary")),
    path("", include("prevex.commissions.urls_follow")),
    path("", include("prevex.commissions.urls_cfp")),
]
