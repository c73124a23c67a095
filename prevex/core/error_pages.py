"""French error pages (400, 403, 404, 500 and the CSRF failure) in the DSFR layout.

In production (DEBUG off) Django calls the handlers named in ``prevex/urls.py`` and
``CSRF_FAILURE_VIEW``. With DEBUG on, Django answers a 404, 403 or 400 with its own
English technical pages instead: ``FrenchErrorPagesMiddleware`` puts the French page back
(a 500 keeps its traceback, under the French page, for the developer). See
docs/decisions/2026-12-01-error-pages.md.
"""

from __future__ import annotations

import logging
import traceback

from django.conf import settings
from django.core.exceptions import (
    BadRequest,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
)
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger("prevex.errors")

PAGES = {
    400: (
        "Requête incorrecte",
        "La demande envoyée n'a pas pu être comprise.",
        "Revenez à la page précédente, vérifiez ce que vous avez saisi puis réessayez.",
    ),
    403: (
        "Accès refusé",
        "Vous n'avez pas accès à cette page.",
        "Votre organisation ou votre rôle ne permet pas cette action. Si vous pensez qu'il "
        "s'agit d'une erreur, adressez-vous au responsable de votre organisation.",
    ),
    404: (
        "Page non trouvée",
        "La page que vous cherchez est introuvable. Excusez-nous pour la gêne occasionnée.",
        "Si vous avez tapé l'adresse web dans le navigateur, vérifiez qu'elle est correcte. "
        "La page n'est peut-être plus disponible, ou le dossier ne fait pas partie de ceux "
        "que votre organisation peut consulter.",
    ),
    500: (
        "Erreur inattendue",
        "Désolé, le service rencontre un problème ; nous travaillons à le résoudre.",
        "Essayez de rafraîchir la page ou réessayez un peu plus tard. Rien n'a été "
        "enregistré si la page ne l'a pas confirmé.",
    ),
}
CSRF_PAGE = (
    "Formulaire expiré",
    "Le formulaire n'a pas pu être vérifié : rien n'a été enregistré.",
    "La page est peut-être restée ouverte trop longtemps, ou votre navigateur bloque les "
    "cookies de prevex. Rechargez la page, saisissez à nouveau puis renvoyez le formulaire.",
)
TOO_BIG_PAGE = (
    "Formulaire trop volumineux",
    "Le formulaire envoyé dépasse la taille que prevex accepte : rien n'a été enregistré.",
    "Raccourcissez les textes saisis (observations, commentaires) puis renvoyez le "
    "formulaire. Pour transmettre beaucoup de données, utilisez l'import de fichier.",
)
FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}
MINIMAL_500 = (
    '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Erreur inattendue'
    "</title></head><body><h1>Erreur inattendue</h1><p>Erreur 500. Désolé, le service "
    "rencontre un problème. Réessayez un peu plus tard.</p></body></html>"
)


def _message(exception) -> str:
    """A refusal's own French message (``PermissionDenied("Votre organisation…")``)."""
    if exception is None or isinstance(exception, Http404) or not exception.args:
        return ""
    text = exception.args[0]
    return text if isinstance(text, str) else ""


def error_page(request, status: int, *, page=None, message="", trace="") -> HttpResponse:
    title, lead, advice = page or PAGES[status]
    context = {
        "title": title,
        "status": status,
        "lead": lead,
        "advice": advice,
        "message": message,
        "trace": trace,
        "membership": getattr(request, "membership", None),
    }
    try:
        html = render_to_string("errors/page.html", context, request=request)
    except Exception:  # the page of last resort must not fail (database down…)
        if status != 500:
            raise
        logger.exception("Page d'erreur 500 non rendue")
        html = MINIMAL_500
    return HttpResponse(html, status=status)


def _too_big_message() -> str:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if not limit:
        return ""
    size = f"{limit / 1_000_000:.1f}".replace(".", ",")
    return f"Taille maximale d'un formulaire : {size} Mo (hors fichiers joints)."


def bad_request(request, exception=None):
    if isinstance(exception, RequestDataTooBig | TooManyFieldsSent):
        return error_page(request, 400, page=TOO_BIG_PAGE, message=_too_big_message())
    return error_page(request, 400)


def permission_denied(request, exception=None):
    return error_page(request, 403, message=_message(exception))


def page_not_found(request, exception=None):
    return error_page(request, 404)


def server_error(request):
    return error_page(request, 500)


def csrf_failure(request, reason=""):
    return error_page(request, 403, page=CSRF_PAGE)


def _debug_page(request, exception, status: int) -> HttpResponse | None:
    if status == 404 and (exception is None or isinstance(exception, Http404)):
        return page_not_found(request, exception)
    if status == 403 and isinstance(exception, PermissionDenied):
        return permission_denied(request, exception)
    if status == 400 and isinstance(exception, (BadRequest, SuspiciousOperation)):
        return bad_request(request, exception)
    if status == 500 and exception is not None:
        trace = "".join(traceback.format_exception(exception))
        return error_page(request, 500, trace=trace)
    return None


class FrenchErrorPagesMiddleware:
    """With DEBUG on, the French page instead of Django's technical one (does nothing
    with DEBUG off: Django's handlers already serve the French pages).

    Replaced: the response to an exception raised by a view (``Http404``,
    ``PermissionDenied``, ``BadRequest``/``SuspiciousOperation``, anything else as a
    500 with its traceback shown below the page), and the 404 of an address no URL
    matches. A view's own error response (an API's JSON, a form sent back with 422) is
    kept. Django still logs the exception and signals it as usual.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.DEBUG and request.method == "POST" and request.content_type in FORM_TYPES:
            # The CSRF check reads the form before any view, where an over-large body
            # would get Django's English page: read it here first (what that check does
            # anyway), so that the refusal is the French one.
            try:
                request.POST  # noqa: B018
            except (RequestDataTooBig, TooManyFieldsSent) as exception:
                return bad_request(request, exception)
        response = self.get_response(request)
        if not settings.DEBUG:
            return response
        exception = getattr(request, "_prevex_exception", None)
        unmatched = getattr(request, "resolver_match", None) is None
        if exception is None and not (response.status_code == 404 and unmatched):
            return response
        return _debug_page(request, exception, response.status_code) or response

    def process_exception(self, request, exception):
        request._prevex_exception = exception
        return None
