"""Property-based API test: schemathesis generates requests from the OpenAPI schema (valid and invalid
ones), sends them to the app in-process, and checks every answer: no 5xx, a status code the schema
documents, and a body that matches the schema. Seeded (derandomized), so CI runs the same cases.

Hypothesis drives schemathesis' strategies directly: schemathesis' own pytest plugin
(`schema.parametrize`, `from_fixture`) reads a pytest-internal attribute that pytest 9 no longer has.
"""

from __future__ import annotations

import time

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = 8  # per operation and mode: about 350 cases per database (both modes)


def _operations(client):
    # POST /v1/batches hands messages to the task queue: tests/workers run it against a worker.
    schema = schemathesis.openapi.from_asgi("/openapi.json", client.app).exclude(
        method="POST", path="/v1/batches"
    )
    return [result.ok() for result in schema.get_all_operations()]


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_every_answer_is_documented_and_never_a_server_error(client, demo_auth, mode):
    body = {
        "platform": "ebay",
        "store_id": "demo-store",
        "text": "Where is my parcel?",
        "message_id": f"fuzz-{mode}",
    }
    draft_id = client.post("/v1/drafts", json=body, headers=demo_auth).json()["draft_id"]
    calls = 0
    timings = {}
    for operation in _operations(client):
        # random draft ids only ever meet 404: half the cases aim at a real draft instead
        fixed = {"draft_id": draft_id} if "{draft_id}" in operation.path else None
        for path_parameters in [None, fixed] if fixed else [None]:

            @given(case=operation.as_strategy(generation_mode=mode, path_parameters=path_parameters))
            @settings(
                max_examples=EXAMPLES,
                derandomize=True,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def run(case) -> None:  # noqa: ANN001
                nonlocal calls
                calls += 1
                case.call_and_validate(headers=demo_auth, checks=CHECKS)

            start = time.perf_counter()
            try:
                run()
            except Unsatisfiable:  # nothing to negate (an operation without parameters or body)
                assert mode == GenerationMode.NEGATIVE
            timings[f"{operation.method.upper()} {operation.path}"] = time.perf_counter() - start
    print(
        f"{calls} {mode} cases; slowest operations (s):", sorted(timings.items(), key=lambda kv: -kv[1])[:3]
    )
    assert calls >= 80  # the generator did produce cases (a schema that lost its operations would not)


def test_error_answers_are_documented(client):
    paths = client.get("/openapi.json").json()["paths"]
    approve = paths["/v1/drafts/{draft_id}/approve"]["post"]["responses"]
    assert {"401", "403", "404", "409", "422"} <= approve.keys()
    assert approve["409"]["content"]["application/json"]["schema"]["$ref"].endswith("/ApiError")
    assert {"401", "422"} <= paths["/v1/lint"]["post"]["responses"].keys()
