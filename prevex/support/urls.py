"""The follow-up's pages, mounted under ``suivi/`` in the ``support`` namespace."""

from django.urls import path

from . import views, views_links, views_tasks

app_name = "support"

urlpatterns = [
    path("alertes/", views.alerts, name="alerts"),
    path("taches/nouvelle/", views_tasks.task_create, name="task_create"),
    path("taches/<id:task_id>/faite/", views_tasks.task_done, name="task_done"),
    path("taches/<id:task_id>/confier/", views_tasks.task_assign, name="task_assign"),
    path("menages/<id:household_id>/contacts/", views.contact_create, name="contact"),
    path("menages/<id:household_id>/dispositifs/", views.measure_create, name="measure"),
    path("menages/<id:household_id>/dsf/", views.dsf_request, name="dsf_request"),
    path("dsf/<id:dsf_id>/", views.dsf_detail, name="dsf"),
    path("dsf/<id:dsf_id>/pdf/", views.dsf_export, name="dsf_pdf"),
    path("dsf/<id:dsf_id>/<slug:step>/", views.dsf_step, name="dsf_step"),
    path("dispositifs/<id:measure_id>/", views.measure_change, name="measure_change"),
    path("menages/<id:household_id>/plans/", views_links.plan_create, name="plan"),
    path("plans/<id:plan_id>/versements/", views_links.payment_create, name="payment"),
    path("menages/<id:household_id>/orientations/", views_links.referral_create, name="referral"),
    path("orientations/", views_links.referrals, name="referrals"),
    path(
        "orientations/<id:referral_id>/<slug:answer>/",
        views_links.referral_answer,
        name="referral_answer",
    ),
]
