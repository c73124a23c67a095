"""Token management pages, included by prevex/urls.py as
``path("api-jetons/", include("prevex.api.urls"))``. The API itself is mounted separately:
``path("api/v1/", api.urls)`` (prevex.api.api)."""

from django.urls import path

from . import views

app_name = "api"

urlpatterns = [
    path("", views.token_list, name="tokens"),
    path("<id:token_id>/revoquer/", views.token_revoke, name="revoke"),
]
