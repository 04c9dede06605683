"""Property: whatever staff and residents do, the total equals online votes plus the counting postcard tallies.

Hypothesis draws a sequence of votes, tally entries, confirmations and corrections (valid or not); a small
model next to it says which steps the services must refuse and which entry of each emptying counts (the
latest confirmed one). After the sequence the poll closes and staff publish: the published result must be
the model's numbers, per option and in total.
"""

import datetime as dt

import pytest
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo_participation.accounts import roles
from geo_participation.accounts.models import User
from geo_participation.polls.api import result_data
from geo_participation.polls.selectors import poll_result
from geo_participation.polls.services import (ballot_cast, poll_results_publish, tally_confirm, tally_correct,
                                              tally_create)
from geo_participation.projects.models import Module
from tests.factories import make_user
from tests.factories.polls import make_box, make_poll, option_ids

OPTIONS = 3
counts = st.tuples(*[st.integers(0, 30)] * OPTIONS)
steps = st.lists(st.one_of(
    st.tuples(st.just("vote"), st.integers(0, OPTIONS - 1)),
    st.tuples(st.just("tally"), st.integers(0, 1), st.integers(0, 2), counts, st.integers(0, 5)),
    st.tuples(st.just("confirm"), st.integers(0, 3)),  # the k-th most recent entry
    st.tuples(st.just("correct"), st.integers(0, 3), counts, st.integers(0, 5)),
), max_size=25)


class Model:
    """What should count: online votes, and per emptying a chain of entries of which the latest confirmed counts."""

    def __init__(self):
        self.online = [0] * OPTIONS
        self.entries = []  # dicts: key, counts, confirmed, superseded

    def counting(self):
        latest = {}
        for entry in self.entries:
            if entry["confirmed"]:
                latest[entry["key"]] = entry  # entries are in creation order, corrections after their predecessor
        return latest.values()

    def postcards(self):
        return [sum(entry["counts"][i] for entry in self.counting()) for i in range(OPTIONS)]


@pytest.mark.django_db
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sequence=steps)
def test_the_published_total_is_online_votes_plus_counting_tallies(sequence, staff):
    with transaction.atomic():
        colleague = make_user(role=roles.STAFF)
        poll = make_poll(start=timezone.now() - dt.timedelta(days=10), results_visibility="published")
        ids = option_ids(poll)
        boxes = [make_box(polls=[poll]) for _ in range(2)]
        voters = iter(User.objects.bulk_create(
            [User(username=f"p{i}", email=f"p{i}@example.org", password=make_password(None),
                  email_confirmed_at=timezone.now()) for i in range(len(sequence))]))
        model, created = Model(), []

        for step in sequence:
            kind = step[0]
            if kind == "vote":
                ballot_cast(poll=poll, voter=next(voters), option_ids=[ids[step[1]]])
                model.online[step[1]] += 1
            elif kind == "tally":
                _kind, box, day, numbers, invalid = step
                key = (box, day)
                valid = all(entry["key"] != key for entry in model.entries)
                try:
                    tally = tally_create(poll=poll, box=boxes[box], emptied_on=timezone.localdate() - dt.timedelta(days=day),
                                         counts=dict(zip(ids, numbers)), invalid_count=invalid, entered_by=staff)
                except ValidationError:
                    assert not valid
                else:
                    assert valid
                    model.entries.append({"key": key, "counts": numbers, "confirmed": False, "superseded": False})
                    created.append(tally)
            elif created:
                index = len(created) - 1 - step[1] % len(created)
                entry = model.entries[index]
                if kind == "confirm":
                    valid = not entry["confirmed"] and not entry["superseded"]
                    try:
                        tally_confirm(tally=created[index], confirmed_by=colleague)
                    except ValidationError:
                        assert not valid
                    else:
                        assert valid
                        entry["confirmed"] = True
                else:
                    _kind, _index, numbers, invalid = step
                    valid = not entry["superseded"]
                    try:
                        correction = tally_correct(tally=created[index], counts=dict(zip(ids, numbers)),
                                                   invalid_count=invalid, reason="Korrektur", entered_by=staff)
                    except ValidationError:
                        assert not valid
                    else:
                        assert valid
                        entry["superseded"] = True
                        model.entries.append({"key": entry["key"], "counts": numbers, "confirmed": False,
                                              "superseded": False})
                        created.append(correction)

        live = poll_result(poll=poll)  # while the poll runs (live results)
        assert sorted(o.online for o in live.options) == sorted(model.online)
        assert live.total == sum(model.online) + sum(model.postcards())

        # The count ends: open entries are confirmed, the poll closes, staff publish the final result.
        for index, entry in enumerate(model.entries):
            if not entry["confirmed"] and not entry["superseded"]:
                tally_confirm(tally=created[index], confirmed_by=colleague)
                entry["confirmed"] = True
        Module.objects.filter(pk=poll.pk).update(end=timezone.now())
        poll.module.refresh_from_db()
        poll_results_publish(poll=poll)

        published = result_data(poll_result(poll=poll))
        by_option = {option["id"]: option for option in published["options"]}
        postcards = model.postcards()
        assert [by_option[i]["online"] for i in ids] == model.online
        assert [by_option[i]["postcards"] for i in ids] == postcards
        assert published["total"] == sum(model.online) + sum(postcards)
        assert published["total"] == published["online"]["votes"] + published["postcards"]["valid"]
        transaction.set_rollback(True)  # the next example starts from an empty poll again
