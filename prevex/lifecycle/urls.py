from django.urls import path

from . import views

app_name = "lifecycle"
urlpatterns = [
    path(
        "<id:household_id>/donnees-personnelles.json",
        views.subject_export_view,
        name="subject_export",
    ),
    path(
        "<id:household_id>/donnees-personnelles.pdf",
        views.subject_export_pdf_view,
        name="subject_export_pdf",
    ),
]
