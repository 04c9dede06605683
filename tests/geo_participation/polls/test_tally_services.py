import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from geo_participation.polls.models import Poll, PostcardCount, PostcardTally
from geo_participation.polls.selectors import counting_tallies, pending_tallies
from geo_participation.polls.services import tally_confirm, tally_correct, tally_create
from tests.factories import make_user
from tests.factories.polls import make_box, make_poll, option_ids

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in the source language here; the German ones in the API tests."""
    with translation.override("en"):
        yield
TODAY = timezone.localdate


@pytest.fixture
def poll():
    return make_poll()


@pytest.fixture
def box(poll):
    return make_box(polls=[poll])


@pytest.fixture
def colleague(db):
    from geo_participation.accounts import roles

    return make_user(username="kollegin", role=roles.STAFF)


def counts(poll, *numbers):
    return dict(zip(option_ids(poll), numbers))


def enter(poll, box, staff, *numbers, invalid=0, day=None):
    return tally_create(poll=poll, box=box, emptied_on=day or TODAY(), counts=counts(poll, *numbers),
                        invalid_count=invalid, entered_by=staff)


def test_staff_enter_a_tally_that_waits_for_a_second_person(poll, box, staff):
    tally = enter(poll, box, staff, 3, 2, 1, invalid=1)

    assert tally.entered_by == staff and tally.entered_at and tally.needs_confirmation
    assert not tally.is_confirmed
    assert list(pending_tallies(poll=poll)) == [tally]
    assert not counting_tallies(poll=poll).exists()
    assert sorted(PostcardCount.objects.filter(tally=tally).values_list("count", flat=True)) == [1, 2, 3]


def test_a_second_person_confirms_and_then_it_counts(poll, box, staff, colleague):
    tally = enter(poll, box, staff, 3, 2, 1)

    tally_confirm(tally=tally, confirmed_by=colleague)

    tally.refresh_from_db()
    assert tally.confirmed_by == colleague and tally.confirmed_at
    assert list(counting_tallies(poll=poll)) == [tally]


def test_nobody_confirms_their_own_entry(poll, box, staff):
    tally = enter(poll, box, staff, 3, 2, 1)
    with pytest.raises(ValidationError) as error:
        tally_confirm(tally=tally, confirmed_by=staff)
    assert "second person" in error.value.message_dict["tally"][0]
    assert not counting_tallies(poll=poll).exists()


def test_an_entry_is_confirmed_once(poll, box, staff, colleague, superuser):
    tally = enter(poll, box, staff, 1, 1, 1)
    tally_confirm(tally=tally, confirmed_by=colleague)
    with pytest.raises(ValidationError):
        tally_confirm(tally=tally, confirmed_by=superuser)
    tally.refresh_from_db()
    assert tally.confirmed_by == colleague


@pytest.fixture
def superuser(db):
    return make_user(username="chefin", is_superuser=True, is_staff=True)


def test_without_four_eyes_an_entry_counts_at_once(staff):
    poll = make_poll(tally_needs_confirmation=False)
    box = make_box(polls=[poll])
    tally = enter(poll, box, staff, 1, 2, 3)
    assert tally.is_confirmed and tally.confirmed_by is None and not tally.needs_confirmation
    assert list(counting_tallies(poll=poll)) == [tally]


def test_the_same_emptying_is_refused_a_second_time(poll, box, staff):
    enter(poll, box, staff, 1, 1, 1)
    with pytest.raises(ValidationError) as error:
        enter(poll, box, staff, 1, 1, 1)
    assert "already been entered" in error.value.message_dict["emptied_on"][0]
    assert PostcardTally.objects.count() == 1
    # another day is another emptying
    enter(poll, box, staff, 1, 1, 1, day=TODAY() - dt.timedelta(days=1))
    assert PostcardTally.objects.count() == 2


def test_a_correction_is_a_new_entry_and_replaces_the_old_one_once_confirmed(poll, box, staff, colleague):
    original = enter(poll, box, staff, 5, 5, 5)
    tally_confirm(tally=original, confirmed_by=colleague)

    correction = tally_correct(tally=original, counts=counts(poll, 4, 5, 5), invalid_count=1,
                               reason="Eine Karte war doppelt gezählt.", entered_by=colleague)

    assert correction.supersedes == original and correction.pk != original.pk
    original.refresh_from_db()
    assert original.is_confirmed  # the original is kept as it was, never overwritten
    assert list(counting_tallies(poll=poll)) == [original]  # until the correction is confirmed
    tally_confirm(tally=correction, confirmed_by=staff)
    assert list(counting_tallies(poll=poll)) == [correction]


def test_a_correction_needs_a_reason_and_corrects_only_the_latest_entry(poll, box, staff, colleague):
    original = enter(poll, box, staff, 5, 5, 5)
    with pytest.raises(ValidationError) as error:
        tally_correct(tally=original, counts=counts(poll, 4, 5, 5), invalid_count=0, reason="  ", entered_by=staff)
    assert "reason" in error.value.message_dict
    tally_correct(tally=original, counts=counts(poll, 4, 5, 5), invalid_count=0, reason="Tippfehler", entered_by=staff)
    with pytest.raises(ValidationError) as error:
        tally_correct(tally=original, counts=counts(poll, 3, 5, 5), invalid_count=0, reason="Nochmal", entered_by=staff)
    assert "latest entry" in error.value.message_dict["tally"][0]


def test_a_replaced_entry_can_no_longer_be_confirmed(poll, box, staff, colleague):
    original = enter(poll, box, staff, 5, 5, 5)
    correction = tally_correct(tally=original, counts=counts(poll, 4, 5, 5), invalid_count=0, reason="Tippfehler",
                               entered_by=staff)
    with pytest.raises(ValidationError) as error:
        tally_confirm(tally=original, confirmed_by=colleague)
    assert "confirm the correction" in error.value.message_dict["tally"][0]
    tally_confirm(tally=correction, confirmed_by=colleague)
    assert list(counting_tallies(poll=poll)) == [correction]


@pytest.mark.parametrize("numbers, invalid, field, message", [
    ((-1, 2, 3), 0, "counts", "cannot be negative"),
    ((1, 2, 3), -4, "invalid_count", "cannot be negative"),
    ((1.5, 2, 3), 0, "counts", "whole number"),
    (("3", 2, 3), 0, "counts", "whole number"),
    ((True, 2, 3), 0, "counts", "whole number"),
    ((1, 2, 3), 0.5, "invalid_count", "whole number"),
    ((1, 2), 0, "counts", "every option"),
])
def test_counts_are_whole_numbers_for_every_option(poll, box, staff, numbers, invalid, field, message):
    with pytest.raises(ValidationError) as error:
        tally_create(poll=poll, box=box, emptied_on=TODAY(), counts=counts(poll, *numbers), invalid_count=invalid,
                     entered_by=staff)
    assert message in error.value.message_dict[field][0]
    assert not PostcardTally.objects.exists()


def test_counts_for_an_option_of_another_poll_are_refused(poll, box, staff):
    other = make_poll()
    wrong = {**counts(poll, 1, 1, 1), option_ids(other)[0]: 4}
    with pytest.raises(ValidationError) as error:
        tally_create(poll=poll, box=box, emptied_on=TODAY(), counts=wrong, invalid_count=0, entered_by=staff)
    assert "does not belong to this poll" in error.value.message_dict["counts"][0]
    assert not PostcardTally.objects.exists()


def test_a_box_that_does_not_collect_the_poll_is_refused(poll, staff):
    elsewhere = make_box(polls=[make_poll()])
    with pytest.raises(ValidationError) as error:
        enter(poll, elsewhere, staff, 1, 1, 1)
    assert "does not collect" in error.value.message_dict["box"][0]


@pytest.mark.parametrize("day, message", [(1, "future"), (-40, "started only")])
def test_the_emptying_lies_between_the_poll_start_and_today(poll, box, staff, day, message):
    with pytest.raises(ValidationError) as error:
        enter(poll, box, staff, 1, 1, 1, day=TODAY() + dt.timedelta(days=day))
    assert message in error.value.message_dict["emptied_on"][0]


def test_nothing_is_entered_confirmed_or_corrected_once_the_result_is_final(staff, colleague):
    poll = make_poll(state="closed", results_visibility=Poll.ResultsVisibility.PUBLISHED)
    box = make_box(polls=[poll])
    tally = enter(poll, box, staff, 1, 1, 1, day=TODAY() - dt.timedelta(days=2))
    type(poll.module).objects.filter(pk=poll.pk).update(results_published_at=timezone.now())

    for attempt in (
        lambda: enter(poll, box, staff, 1, 1, 1),
        lambda: tally_confirm(tally=tally, confirmed_by=colleague),
        lambda: tally_correct(tally=tally, counts=counts(poll, 1, 1, 1), invalid_count=0, reason="x", entered_by=staff),
    ):
        with pytest.raises(ValidationError) as error:
            attempt()
        assert "final" in error.value.message_dict["poll"][0]
    assert PostcardTally.objects.count() == 1 and not PostcardTally.objects.get().is_confirmed
