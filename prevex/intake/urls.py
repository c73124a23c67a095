"""Import pages, mounted under /imports/ by prevex/urls.py."""

from django.urls import path

from . import views, views_format, views_payments, views_review

app_name = "intake"

urlpatterns = [
    path("", views.batch_list, name="batches"),
    path("<id:batch_id>/", views.batch_detail, name="batch"),
    path("<id:batch_id>/avancement/", views.batch_progress, name="batch_progress"),
    path("<id:batch_id>/reprendre/", views.batch_resume, name="batch_resume"),
    path("<id:batch_id>/erreurs.csv", views.batch_errors, name="batch_errors"),
    path("format/", views_format.import_format, name="format"),
    path("modele.csv", views_format.import_template, name="template"),
    path("versements/", views_payments.payments_upload, name="payments"),
    path("quarantaine/", views.quarantine, name="quarantine"),
    path("quarantaine.csv", views.quarantine_export, name="quarantine_export"),
    path("lignes/<id:row_id>/corriger/", views.row_edit, name="row_edit"),
    path("revue/", views_review.review_queue, name="review"),
    path("revue/<id:item_id>/", views_review.review_item, name="review_item"),
    path("revue/<id:item_id>/decider/", views_review.review_decision, name="review_decide"),
]
