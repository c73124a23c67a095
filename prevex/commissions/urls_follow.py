"""The follow pages (see urls.py): deliberation, recommendations, follow-up, outcomes."""

from django.urls import path

from . import views_follow as views

urlpatterns = [
    path("seances/<id:pk>/deliberation/", views.deliberation, name="deliberation"),
    path("seances/<id:pk>/clore/", views.session_close, name="session_close"),
    path("dossiers/<id:item>/avis/", views.item_opinion, name="item_opinion"),
    path(
        "dossiers/<id:item>/recommandations/",
        views.item_recommendation,
        name="item_recommendation",
    ),
    path("recommandations/", views.recommendations_received, name="recommendations"),
    path(
        "recommandations/<id:pk>/suivi/",
        views.recommendation_report,
        name="recommendation_report",
    ),
    path("suivi/", views.follow_up, name="follow_up"),
    path("issues/", views.outcomes, name="outcomes"),
    path("issues/<id:pk>/", views.outcome_confirm, name="outcome_confirm"),
]
