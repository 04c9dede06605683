import datetime as dt

import pytest
from django.utils import timezone

from geo_participation.accounts import roles
from geo_participation.polls.selectors import TallyStatus, box_states, tally_log
from geo_participation.polls.services import tally_confirm, tally_correct, tally_create
from tests.factories import make_user
from tests.factories.polls import make_box, make_poll, option_ids

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def test_the_log_tells_each_entry_s_status(staff):
    poll = make_poll(start=timezone.now() - dt.timedelta(days=10))
    box = make_box(polls=[poll])
    colleague = make_user(role=roles.STAFF)

    def enter(days_ago, n):
        return tally_create(poll=poll, box=box, emptied_on=TODAY() - dt.timedelta(days=days_ago),
                            counts=dict.fromkeys(option_ids(poll), n), invalid_count=0, entered_by=staff)

    counted, replaced, waiting = enter(3, 1), enter(2, 2), enter(1, 3)
    tally_confirm(tally=counted, confirmed_by=colleague)
    tally_confirm(tally=replaced, confirmed_by=colleague)
    correction = tally_correct(tally=replaced, counts=dict.fromkeys(option_ids(poll), 5), invalid_count=0,
                               reason="Neu gezählt", entered_by=colleague)

    statuses = {t.pk: t.status for t in tally_log(poll=poll)}

    assert statuses == {counted.pk: TallyStatus.COUNTS[0], replaced.pk: TallyStatus.COUNTS_UNTIL_CORRECTION[0],
                        waiting.pk: TallyStatus.PENDING[0], correction.pk: TallyStatus.PENDING[0]}
    tally_confirm(tally=correction, confirmed_by=staff)
    statuses = {t.pk: t.status for t in tally_log(poll=poll)}
    assert statuses[replaced.pk] == TallyStatus.REPLACED[0] and statuses[correction.pk] == TallyStatus.COUNTS[0]


def test_the_staff_map_state_of_a_box_per_poll(staff):
    spring, autumn = make_poll(title="Frühjahr"), make_poll(title="Herbst")
    box = make_box(polls=[spring, autumn], name="Fruchthalle")
    idle = make_box(polls=[], name="Lager", active_from=TODAY() - dt.timedelta(days=90),
                    active_until=TODAY() - dt.timedelta(days=30))
    colleague = make_user(role=roles.STAFF)
    counted = tally_create(poll=spring, box=box, emptied_on=TODAY() - dt.timedelta(days=1),
                           counts=dict(zip(option_ids(spring), [3, 2, 1])), invalid_count=2, entered_by=staff)
    tally_confirm(tally=counted, confirmed_by=colleague)
    tally_create(poll=autumn, box=box, emptied_on=TODAY(), counts=dict.fromkeys(option_ids(autumn), 9),
                 invalid_count=0, entered_by=staff)

    states = {s.box.name: s for s in box_states()}

    assert states["Fruchthalle"].active and not states["Lager"].active
    assert states["Fruchthalle"].last_emptied_on == TODAY() and states["Lager"].last_emptied_on is None
    per_poll = {row["poll"].module.title: (row["valid"], row["invalid"], row["pending"])
                for row in states["Fruchthalle"].per_poll}
    assert per_poll == {"Frühjahr": (6, 2, 0), "Herbst": (0, 0, 1)}
    assert states["Lager"].per_poll == [] and idle.pk
