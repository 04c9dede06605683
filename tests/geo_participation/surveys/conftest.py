"""A live server for the race tests: real concurrent HTTP requests against PostgreSQL (tests/concurrency.py)."""

import pytest

from tests.concurrency import live_race_server


@pytest.fixture
def race_server(transactional_db):
    with live_race_server() as server:
        yield server
