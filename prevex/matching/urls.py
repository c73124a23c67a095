"""Matching screens, under /menages/ next to the household pages."""

from django.urls import path

from . import views

app_name = "matching"

urlpatterns = [
    path("nouveau/", views.household_create, name="household_create"),
    path("doublons/", views.flagged, name="flagged"),
    path("<id:household_id>/doublons/", views.duplicates, name="duplicates"),
    path(
        "<id:household_id>/doublons/reference/",
        views.merge_with_reference,
        name="merge_reference",
    ),
    path("<id:household_id>/fusionner/<id:other_id>/", views.merge, name="merge"),
    path("<id:household_id>/separer/", views.split, name="split"),
    path(
        "<id:household_id>/declarations/<id:claim_id>/",
        views.claim_decide,
        name="claim_decide",
    ),
    path(
        "<id:household_id>/ecritures/<id:claim_id>/",
        views.name_form_decide,
        name="name_form_decide",
    ),
]
