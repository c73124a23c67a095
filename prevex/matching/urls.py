"""Matching screens, under /menages/ next to the household pages."""

from django.urls import path

from . import views

app_name = "matching"

urlpatterns = [
    path("nouveau/", views.household_create, name="household_create"),
    path("doublons/", views.flagged, name="flagged"),
    path("<int:household_id>/doublons/", views.duplicates, name="duplicates"),
    path(
        "<int:household_id>/doublons/reference/",
        views.merge_with_reference,
        name="merge_reference",
    ),
    path("<int:household_id>/fusionner/<int:other_id>/", views.merge, name="merge"),
    path("<int:household_id>/separer/", views.split, name="split"),
    path(
        "<int:household_id>/declarations/<int:claim_id>/",
        views.claim_decide,
        name="claim_decide",
    ),
]
