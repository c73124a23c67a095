"""``Cache-Control: no-store`` on every answer to an authenticated request.

Every page, htmx fragment, export and API answer that an identified user or API token
receives may be nominative: none may be kept by the browser, a shared cache or a proxy.
Static files (served before this middleware by whitenoise) and anonymous pages (login,
health check) are left alone.
"""

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
