"""The summary pages (see urls.py): the file summary, its PDF, the minutes, the letter."""

from django.urls import path

from . import views_summary as views

urlpatterns = [
    path("dossiers/<id:item>/synthese/", views.summary_page, name="summary"),
    path("dossiers/<id:item>/synthese.pdf", views.summary_pdf, name="summary_pdf"),
    path("seances/<id:pk>/proces-verbal.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("dossiers/<id:item>/courrier.pdf", views.letter_pdf, name="letter_pdf"),
]
