"""The composed pages' URLs. The file page and the export keep their historical names in
the ``households`` namespace: the root URLconf mounts these patterns with the households'
own (create, edit, search…) under ``menages/``."""

from django.urls import path

from . import views

household_patterns = [
    path("export.csv", views.dashboard_export, name="export"),
    path("<id:household_id>/", views.file_page, name="detail"),
]
