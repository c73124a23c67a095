"""Bearer-token authentication of the API (``Authorization: Bearer <jeton>``).

Tokens are not cookies: the API needs no CSRF protection and never reads the session.
A known, active token also passes the per-minute request limit here, before the body is
parsed (see ratelimit.py).
"""

from django.http import HttpRequest
from ninja.security import HttpBearer

from .models import ApiToken
from .ratelimit import check_request
from .selectors import api_token_authenticate
from .services import api_token_touch

UNAUTHORIZED_MESSAGE = (
    "Authentification requise : fournissez un jeton d'API valide et non révoqué dans "
    "l'en-tête « Authorization: Bearer <jeton> »."
)


class ApiTokenAuth(HttpBearer):
    """Resolve the token to its ``ApiToken`` (``request.auth``), or None (→ 401)."""

    def __call__(self, request: HttpRequest) -> ApiToken | None:
        # Same as HttpBearer.__call__, without its debug log of the header (a secret).
        value = request.headers.get(self.header) or ""
        scheme, _, clear = value.strip().partition(" ")
        if scheme.lower() != self.openapi_scheme or not clear.strip():
            return None
        return self.authenticate(request, clear.strip())

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        api_token = api_token_authenticate(clear=token)
        if api_token is None:
            return None
        check_request(token=api_token)
        api_token_touch(token=api_token)
        return api_token
