"""The sessions pages (see urls.py): commissions, sessions, agendas, saisines."""

from django.urls import path

from . import views_sessions as views

urlpatterns = [
    path("", views.commission_list, name="list"),
    path("<id:pk>/seances/nouvelle/", views.session_create, name="session_create"),
    path("seances/<id:pk>/", views.session_detail, name="session"),
    path("seances/<id:pk>/ordre-du-jour/", views.agenda_builder, name="agenda"),
    path("seances/<id:pk>/ordre-du-jour/inscrire/", views.agenda_add, name="agenda_add"),
    path("seances/<id:pk>/ordre-du-jour/dossier/", views.agenda_item, name="agenda_item"),
    path("seances/<id:pk>/convocation/", views.session_invite, name="invite"),
    path("seances/<id:pk>/presences/", views.attendance, name="attendance"),
    path("seances/<id:pk>/tenue/", views.session_hold, name="hold"),
    path("menages/<id:household_id>/saisine/", views.saisine_create, name="saisine_create"),
    path("saisines/<id:pk>/retirer/", views.saisine_withdraw, name="saisine_withdraw"),
]
