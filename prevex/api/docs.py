"""The API documentation page, served from django-ninja's vendored Swagger UI (no CDN)."""

from typing import Any

from csp.constants import SELF
from django.http import HttpRequest, HttpResponse
from ninja.openapi.docs import Swagger


class LocalSwagger(Swagger):
    """Swagger UI from static files, in French page chrome, with no outside request.

    ``validatorUrl: null`` stops Swagger UI from asking swagger.io to validate the spec.
    Swagger UI sets inline style attributes, so this one page allows inline styles (and
    only styles: scripts stay limited to our own files).
    """

    template = "api/swagger.html"

    def __init__(self) -> None:
        super().__init__(settings={"validatorUrl": None, "docExpansion": "list"})

    def render_page(self, request: HttpRequest, api: Any, **kwargs: Any) -> HttpResponse:
        response = super().render_page(request, api, **kwargs)
        response._csp_replace = {"style-src": [SELF, "'unsafe-inline'"]}
        return response
