"""The households' own pages. The root URLconf mounts them under ``menages/`` in the
``households`` namespace, together with the composed file page and the list export
(prevex.pages.urls: ``households:detail``, ``households:export``)."""

from django.urls import path

from . import views

app_name = "households"

urlpatterns = [
    path("recherche/", views.household_search, name="search"),
    path("<id:household_id>/modifier/", views.household_edit, name="edit"),
    path("<id:household_id>/evaluation-sociale/", views.household_social, name="social"),
    path("<id:household_id>/vulnerabilites/", views.vulnerability_create, name="vulnerability"),
    path("<id:household_id>/historique/", views.household_history, name="history"),
    path(
        "<id:household_id>/evaluation-sociale/versions/",
        views.social_versions,
        name="social_versions",
    ),
]
