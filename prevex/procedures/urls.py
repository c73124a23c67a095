from django.urls import path

from . import views

app_name = "procedures"

urlpatterns = [
    path("<id:procedure_id>/actes/", views.event_create, name="event_create"),
    path("<id:procedure_id>/actes/formulaire/", views.event_form, name="event_form"),
    path("<id:procedure_id>/cloture/formulaire/", views.close_form, name="close_form"),
    path("<id:procedure_id>/cloturer/", views.procedure_close, name="close"),
    path("<id:procedure_id>/echeance-impayee/", views.instalment_missed, name="instalment_missed"),
    path("<id:procedure_id>/signification/", views.judgment_served, name="judgment_served"),
    path("menage/<id:household_id>/ouvrir/", views.procedure_open, name="open"),
]
