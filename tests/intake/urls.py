"""The project's URLs, with the import pages mounted under /imports/ if they are not yet."""

from django.urls import include, path

from prevex.urls import urlpatterns as project_urlpatterns

urlpatterns = list(project_urlpatterns)
if not any(getattr(p, "namespace", None) == "intake" for p in project_urlpatterns):
    urlpatterns.append(path("imports/", include("prevex.intake.urls")))
