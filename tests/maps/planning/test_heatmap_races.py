"""Counts kept by the database survive racing writers: approvals, supports and moves of contributions in the same
cells, committed at the same moment in separate transactions, neither lose nor double a count (nor deadlock)."""

import pytest
from django.contrib.gis.geos import Point
from django.db import connection

from geo_participation.core.moderation import ModerationStatus, moderation_approve
from maps.mapping import services
from maps.mapping.models import Contribution
from tests.concurrency import all_at_once
from tests.factories import make_user
from tests.factories.mapping import make_contribution, make_map_module

from .conftest import CROWDED
from .test_heatmap import assert_counts_right


def in_own_connection(call):
    def run():
        try:
            return call()
        finally:
            connection.close()  # each thread's own connection
    return run


@pytest.mark.django_db(transaction=True)
def test_racing_approvals_supports_and_moves_keep_the_counts_right(city):
    module = make_map_module()
    moderator = make_user(username="moderatorin_race", role="Moderation")
    waiting = [make_contribution(module=module, geometry=CROWDED, status=ModerationStatus.PENDING) for _ in range(4)]
    published = [make_contribution(module=module, geometry=CROWDED) for _ in range(4)]
    supporters = [make_user() for _ in range(4)]
    calls = [in_own_connection(lambda item=item: moderation_approve(item=item, moderator=moderator, notify=False))
             for item in waiting]
    calls += [in_own_connection(lambda user=user: services.support_add(contribution=published[0], user=user))
              for user in supporters]
    calls += [in_own_connection(lambda item=item: Contribution.objects.filter(pk=item.pk).update(
        geometry=Point(7.7400, 49.4300, srid=4326))) for item in published[1:]]
    all_at_once(calls)
    assert Contribution.objects.get(pk=published[0].pk).support_count == 4
    assert_counts_right()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count, weight FROM planning_heatcell WHERE scope = %s AND size = 1000 AND status = 'approved' "
                       "AND count > 0 ORDER BY count DESC", [module.pk])
        assert cursor.fetchall() == [(5, 9), (3, 3)]  # 4 approved + 1 with 4 supports here; 3 moved away
