"""The API documentation page, served from django-ninja's vendored Swagger UI (no CDN)."""

from ninja.openapi.docs import Swagger


class LocalSwagger(Swagger):
    """Swagger UI from static files, in French page chrome, with no outside request.

    ``validatorUrl: null`` stops Swagger UI from asking swagger.io to validate the spec.
    The page runs under the site's own Content Security Policy, with no inline style
    allowed: Swagger UI (React) sets its styles through the DOM, which the policy does not
    restrict (tests/browser/test_api_docs_csp_browser.py checks that no violation occurs).
    """

    template = "api/swagger.html"

    def __init__(self) -> None:
        super().__init__(settings={"validatorUrl": None, "docExpansion": "list"})
