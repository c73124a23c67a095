"""Property-based tests of the API against its own OpenAPI document (schemathesis).

The spec is loaded in-process from the WSGI application. For every operation, the
documented examples and a bounded number of generated requests (valid and invalid
bodies and ids) are sent with a valid token. No answer may be a server error (5xx), an
undocumented status (a 400 used to be), a body or content type other than documented,
or an invalid request accepted. A schema-valid request may still be refused (422) by the
import's own rules (unknown postcode, act the sender may not transmit), which the schema
documents; but never by the parsing layer: the schema promises what it accepts.
"""

from contextlib import contextmanager

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from prevex.api.models import ApiToken
from prevex.api.schemas import NotificationPayload

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    response_schema_conformance,
    content_type_conformance,
    negative_data_rejection,
]
PAYLOAD = TypeAdapter(NotificationPayload)

MAX_EXAMPLES = 30  # per operation and generation mode


@contextmanager
def connection_kept_open():
    """As Django's test client does: a request must not close the test's connection
    (the test runs inside a transaction that is rolled back at the end)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def schema_valid_is_accepted_by_the_parser(case, response) -> None:
    """A positive case's body is valid against the schema: the parsing layer must take
    it, and the only refusal left is the import's validation (a 422 naming fields)."""
    if case.body is None or case.method != "POST" or case.path != "/api/v1/notifications":
        return
    PAYLOAD.validate_python(case.body)  # raises if schema and parser disagree
    assert response.status_code in {200, 201, 422}, response.text
    if response.status_code == 422:
        for error in response.json()["detail"]:
            assert error["champ"] and error["message"], error


def run_cases(strategy, *, headers, statuses, positive=False):
    @given(case=strategy)
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,  # no .hypothesis/ directory written by the suite
        # Each example is a request through the whole stack: slow by Hypothesis' standards.
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    def check(case):
        response = case.call(headers=headers)
        statuses.add(response.status_code)
        case.validate_response(response, checks=CHECKS, headers=headers)
        if positive:
            schema_valid_is_accepted_by_the_parser(case, response)

    check()


@pytest.mark.django_db
def test_generated_requests_never_get_a_server_error(token_pair):
    token, clear = token_pair
    ApiToken.objects.filter(pk=token.pk).update(requests_per_minute=10**6, rows_per_day=10**8)
    headers = {"Authorization": f"Bearer {clear}"}
    statuses: dict[tuple[str, str], set[int]] = {}
    with connection_kept_open():
        schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())
        operations = [result.ok() for result in schema.get_all_operations()]
        assert {op.label for op in operations} == {
            "POST /api/v1/notifications",
            "GET /api/v1/notifications/{id}",
            "GET /api/v1/menages/{id}/suivi",
            "POST /api/v1/plans/{id}/versements",
        }
        for operation in operations:
            examples = operation.get_strategies_from_examples()
            if examples:
                seen = statuses.setdefault((operation.label, "exemples"), set())
                run_cases(st.one_of(examples), headers=headers, statuses=seen)
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                seen = statuses.setdefault((operation.label, mode.value), set())
                run_cases(
                    operation.as_strategy(mode),
                    headers=headers,
                    statuses=seen,
                    positive=mode is GenerationMode.POSITIVE,
                )
    post = "POST /api/v1/notifications"
    # The documented examples were imported (201, then 200 for the re-sends).
    assert 201 in statuses[(post, "exemples")]
    # Valid requests kept their token; their generated values met the import's validation.
    assert 401 not in statuses[(post, "positive")] | statuses[(post, "exemples")]
    assert 422 in statuses[(post, "positive")]
    # Invalid bodies (wrong types, missing or unknown fields) were refused, not crashed. (A
    # negative case may be negative only in its Authorization header, which is replaced by
    # the valid one: such a request can then succeed.)
    assert 422 in statuses[(post, "negative")]


@pytest.mark.django_db
def test_every_refusal_status_is_documented(client, token_pair):
    """The statuses the API answers with are in its OpenAPI document (a body that is not
    JSON: 400; too large: 413)."""
    _, clear = token_pair
    spec = client.get("/api/v1/openapi.json").json()
    post = spec["paths"]["/api/v1/notifications"]["post"]["responses"]
    assert {"200", "201", "400", "401", "413", "422", "429"} <= set(post)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {clear}"}
    response = client.post(
        "/api/v1/notifications", data="{pas du json", content_type="application/json", **auth
    )
    assert response.status_code == 400
    assert "JSON" in response.json()["detail"]
