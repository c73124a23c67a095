"""The préfecture's CFP pages (see urls.py)."""

from django.urls import path

from . import views_cfp

urlpatterns = [
    path("cfp/", views_cfp.cfp_list, name="cfp_list"),
    path("cfp/<id:procedure>/", views_cfp.cfp_detail, name="cfp_detail"),
]
