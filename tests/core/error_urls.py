"""The project's URLs plus views that fail on purpose (tests of the French error pages)."""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404, JsonResponse
from django.urls import path

from prevex.urls import handler400, handler403, handler404, handler500  # noqa: F401
from prevex.urls import urlpatterns as project_urlpatterns


@login_not_required
def refused(request):
    raise PermissionDenied("Votre organisation ne peut pas enregistrer cet acte.")


@login_not_required
def bad(request):
    raise BadRequest("Paramètre illisible")


@login_not_required
def suspicious(request):
    raise SuspiciousOperation("En-tête douteux")


@login_not_required
def missing(request):
    raise Http404("Dossier introuvable.")


@login_not_required
def broken(request):
    raise RuntimeError("panne volontaire")


@login_not_required
def own_404(request):
    return JsonResponse({"detail": "Not found"}, status=404)


urlpatterns = [
    path("essai/refus/", refused),
    path("essai/mauvaise/", bad),
    path("essai/douteuse/", suspicious),
    path("essai/absent/", missing),
    path("essai/panne/", broken),
    path("essai/json-404/", own_404),
    *project_urlpatterns,
]
