"""The vote is the platform's busiest write: it must stay a handful of queries, and never read the city boundary."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from geo_participation.core.demo import FIXTURES
from geo_participation.polls.models import Participation
from maps.geo.services import areas_load
from tests.factories.polls import make_poll, option_ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def poll_in_the_city(db):
    # The project's area defaults to the real city boundary (thousands of vertices): what production carries.
    areas_load(boundary_file=FIXTURES / "boundary.geojson", districts_file=FIXTURES / "districts.geojson")
    return make_poll()


def test_a_vote_takes_four_queries_and_leaves_the_city_boundary_in_the_database(poll_in_the_city, resident):
    poll = poll_in_the_city
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(resident)
    client.get("/")
    token = client.cookies["csrftoken"].value
    choice = option_ids(poll)[:1]

    with CaptureQueriesContext(connection) as queries:
        response = client.post(f"/api/polls/{poll.module.slug}/vote/", {"options": choice},
                               format="json", HTTP_X_CSRFTOKEN=token)

    assert response.status_code == 201, response.json()
    statements = [q["sql"] for q in queries.captured_queries]
    # session, user, poll with module and project, the vote itself
    assert len(statements) == 4, statements
    assert not any('."area"' in sql for sql in statements)
    assert Participation.objects.filter(poll=poll, user=resident).count() == 1


def test_an_unknown_poll_is_still_a_404(client):
    assert client.get("/api/polls/gibt-es-nicht/").status_code == 404
