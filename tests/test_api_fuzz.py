"""Property-based fuzzing of the API from its own OpenAPI document (schemathesis): whatever the
parameters and bodies, the answer is never a 5xx and always matches the documented schema.

The app runs in process (ASGI) over a copy of the fixture database, with a write token so that
text ingest is fuzzed too. URL ingest is left out: it would fetch whatever url was generated,
and tests only ever connect to 127.0.0.1 (its refusals are tested in test_api.py).
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from servefixture import build_db

from launchwatch.serve import ServeSettings, create_app

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

TOKEN = "fuzz-token"
EXAMPLES = 60  # per operation; about 20 s in all
CHECKS = (
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
)


@pytest.fixture(scope="module")
def app_schema(tmp_path_factory: pytest.TempPathFactory) -> schemathesis.BaseSchema:
    db = build_db(tmp_path_factory.mktemp("fuzz") / "fixture.db")
    app = create_app(str(db), ServeSettings(write_token=TOKEN))
    return schemathesis.openapi.from_asgi("/openapi.json", app).exclude(path="/api/ingest/url")


def operations(app_schema: schemathesis.BaseSchema) -> list[schemathesis.APIOperation]:
    return [result.ok() for result in app_schema.get_all_operations()]


def test_the_fuzzed_document_has_the_operations(app_schema: schemathesis.BaseSchema) -> None:
    paths = {operation.path for operation in operations(app_schema)}
    assert {"/api/events", "/api/events/{event_id}", "/api/ingest/text"} <= paths
    assert "/api/ingest/url" not in paths


def test_api_answers_every_request_without_a_server_error(
    app_schema: schemathesis.BaseSchema,
) -> None:
    # schemathesis' own pytest plugin (``from_fixture``) does not run under pytest 9 yet, so
    # each operation gets its Hypothesis test here.
    for operation in operations(app_schema):
        fuzz(operation)


def fuzz(operation: schemathesis.APIOperation) -> None:
    """Run ``EXAMPLES`` generated requests of ``operation`` through every check."""
    headers = {"Authorization": f"Bearer {TOKEN}"} if operation.method == "post" else None

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def run(case: schemathesis.Case) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS)

    run()
