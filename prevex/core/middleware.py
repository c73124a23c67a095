"""``Cache-Control: no-store`` on every answer to an authenticated request.

Every page, htmx fragment, export and API answer that an identified user or API token
receives may be nominative: none may be kept by the browser, a shared cache or a proxy.
Static files (served before this middleware by whitenoise) and anonymous pages (login,
health check) are left alone.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.utils.cache import add_never_cache_headers, patch_cache_control


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        authenticated = user is not None and user.is_authenticated
        if authenticated or getattr(request, "auth", None) or request.headers.get("Authorization"):
            add_never_cache_headers(response)  # no-cache, no-store, must-revalidate, private
            patch_cache_control(response, no_store=True, private=True)
        return response


class OutOfRangeMiddleware:
    """Safety net for routes prevex does not declare (the administration's ``object_id``
    is a path, django-otp's admin looks its devices up without a 404): a number too large
    for the database, or an object that does not exist, is a page that does not exist."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OverflowError | ObjectDoesNotExist):
            raise Http404("Identifiant hors limites.")
        return None
