"""The follow-up's pages, mounted under ``suivi/`` in the ``support`` namespace."""

from django.urls import path

from . import views

app_name = "support"

urlpatterns = [
    path("alertes/", views.alerts, name="alerts"),
    path("menages/<int:household_id>/contacts/", views.contact_create, name="contact"),
    path("menages/<int:household_id>/dispositifs/", views.measure_create, name="measure"),
    path("menages/<int:household_id>/dsf/", views.dsf_request, name="dsf_request"),
    path("dsf/<int:dsf_id>/", views.dsf_detail, name="dsf"),
    path("dsf/<int:dsf_id>/pdf/", views.dsf_export, name="dsf_pdf"),
    path("dsf/<int:dsf_id>/<slug:step>/", views.dsf_step, name="dsf_step"),
    path("dispositifs/<int:measure_id>/", views.measure_change, name="measure_change"),
]
