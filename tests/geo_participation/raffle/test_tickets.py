"""Who takes part with how many tickets: the pure rules (geo_participation/raffle/tickets.py), around the cut-off,
across daylight-saving changes, and over many generated referral graphs (hypothesis)."""

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from geo_participation.raffle import tickets
from geo_participation.raffle.tickets import ACCOUNT, REFERRAL, Person

BERLIN = ZoneInfo("Europe/Berlin")
CUTOFF = dt.datetime(2025, 12, 1, 0, 0, tzinfo=BERLIN)  # the end of 30 November
SECOND = dt.timedelta(seconds=1)


def counts(people, *, cutoff=CUTOFF, cap=5) -> dict[int, tuple[int, int]]:
    """owner -> (account tickets, referral tickets)."""
    result = {}
    for ticket in tickets.tickets(people, cutoff=cutoff, referral_cap=cap):
        account, referral = result.get(ticket.owner, (0, 0))
        result[ticket.owner] = (account + (ticket.reason == ACCOUNT), referral + (ticket.reason == REFERRAL))
    return result


def test_confirmed_one_second_before_or_at_the_cut_off_takes_part_one_second_after_does_not():
    people = [Person(1, CUTOFF - SECOND), Person(2, CUTOFF), Person(3, CUTOFF + SECOND), Person(4, None)]
    assert counts(people) == {1: (1, 0), 2: (1, 0)}
    assert tickets.ineligibility(people[2], CUTOFF) == tickets.CONFIRMED_AFTER_CUTOFF
    assert tickets.ineligibility(people[3], CUTOFF) == tickets.NOT_CONFIRMED


def test_a_friend_confirmed_one_second_after_the_cut_off_brings_no_ticket():
    people = [Person(1, CUTOFF - dt.timedelta(days=3)), Person(2, CUTOFF - SECOND, referred_by=1),
              Person(3, CUTOFF + SECOND, referred_by=1)]
    assert counts(people) == {1: (1, 1), 2: (1, 0)}
    statuses = dict((friend.id, status) for friend, status in
                    tickets.friend_statuses(people[0], people[1:], cutoff=CUTOFF, referral_cap=5))
    assert statuses == {2: tickets.COUNTS, 3: tickets.CONFIRMED_AFTER_CUTOFF}


def test_the_cut_off_is_an_instant_across_the_spring_change_to_summer_time():
    # 30 March 2025: at 02:00 CET the clocks jump to 03:00 CEST. A cut-off at 03:00 local is 01:00 UTC.
    cutoff = dt.datetime(2025, 3, 30, 3, 0, tzinfo=BERLIN)
    just_before = dt.datetime(2025, 3, 30, 1, 59, 59, tzinfo=BERLIN)  # CET, one second before the cut-off
    just_after = dt.datetime(2025, 3, 30, 3, 0, 1, tzinfo=BERLIN)  # CEST
    assert tickets.instant(cutoff) - tickets.instant(just_before) == SECOND  # (Python subtracts clock readings)
    assert counts([Person(1, just_before), Person(2, just_after)], cutoff=cutoff) == {1: (1, 0)}
    assert counts([Person(1, just_before.astimezone(dt.timezone.utc))], cutoff=cutoff) == {1: (1, 0)}


def test_the_cut_off_is_an_instant_across_the_autumn_change_when_an_hour_repeats():
    # 26 October 2025: 02:00–03:00 happens twice (CEST, then CET). A cut-off in the first 02:30 is 00:30 UTC;
    # a confirmation at the second 02:15 reads earlier on the clock but happened 45 minutes after it.
    cutoff = dt.datetime(2025, 10, 26, 2, 30, tzinfo=BERLIN, fold=0)
    second_quarter_past_two = dt.datetime(2025, 10, 26, 2, 15, tzinfo=BERLIN, fold=1)
    first_quarter_past_two = dt.datetime(2025, 10, 26, 2, 15, tzinfo=BERLIN, fold=0)
    assert tickets.instant(second_quarter_past_two) - tickets.instant(cutoff) == dt.timedelta(minutes=45)
    assert second_quarter_past_two < cutoff  # what Python's own comparison says: the clock reading
    people = [Person(1, first_quarter_past_two), Person(2, second_quarter_past_two)]
    assert counts(people, cutoff=cutoff) == {1: (1, 0)}


def test_self_referral_the_team_deactivated_and_unconfirmed_friends_count_nothing():
    before = CUTOFF - dt.timedelta(days=10)
    people = [Person(1, before, referred_by=1),  # invited themselves
              Person(2, before, referred_by=1, team=True),  # a moderator
              Person(3, before, referred_by=1, active=False),
              Person(4, None, referred_by=1),
              Person(5, before, referred_by=99)]  # invited by an account that was deleted
    assert counts(people) == {1: (1, 0), 5: (1, 0)}


def test_a_resident_in_the_team_has_no_tickets_even_for_friends():
    before = CUTOFF - dt.timedelta(days=10)
    assert counts([Person(1, before, team=True), Person(2, before, referred_by=1)]) == {2: (1, 0)}


def test_over_the_cap_the_friends_who_confirmed_first_count():
    base = CUTOFF - dt.timedelta(days=30)
    friends = [Person(10 + n, base + dt.timedelta(hours=(7 - n)), referred_by=1) for n in range(7)]
    counted = [t.friend for t in tickets.tickets([Person(1, base), *friends], cutoff=CUTOFF, referral_cap=3)
               if t.reason == REFERRAL]
    assert counted == [16, 15, 14]  # the three who confirmed first, in that order


# --- many generated referral graphs
OFFSETS = st.one_of(st.none(), st.integers(min_value=-5 * 86400, max_value=5 * 86400))


@st.composite
def referral_graphs(draw):
    size = draw(st.integers(min_value=0, max_value=25))
    people = []
    for pk in range(1, size + 1):
        offset = draw(OFFSETS)
        people.append(Person(
            id=pk,
            confirmed_at=None if offset is None else CUTOFF + dt.timedelta(seconds=offset),
            active=draw(st.sampled_from([True] * 5 + [False])),
            team=draw(st.sampled_from([False] * 6 + [True])),
            # anyone, oneself, or an account that was deleted since (id beyond the list)
            referred_by=draw(st.one_of(st.none(), st.integers(min_value=1, max_value=size + 2))),
        ))
    cap = draw(st.integers(min_value=0, max_value=4))
    return people, cap


@settings(max_examples=300, deadline=None)
@given(referral_graphs())
def test_over_generated_referral_graphs_every_ticket_has_a_valid_reason_and_the_counts_follow_the_rules(graph):
    people, cap = graph
    by_id = {p.id: p for p in people}
    result = tickets.tickets(people, cutoff=CUTOFF, referral_cap=cap)
    eligible = {p.id for p in people if p.active and not p.team and p.confirmed_at is not None
                and p.confirmed_at <= CUTOFF}

    # one ticket per eligible account, none for anybody else
    assert sorted(t.owner for t in result if t.reason == ACCOUNT) == sorted(eligible)
    assert {t.owner for t in result} <= eligible
    # each referral ticket: an eligible friend, not oneself, who was invited by the owner; each friend once
    referrals = [t for t in result if t.reason == REFERRAL]
    for ticket in referrals:
        friend = by_id[ticket.friend]
        assert friend.id in eligible and friend.referred_by == ticket.owner and friend.id != ticket.owner
    assert len({t.friend for t in referrals}) == len(referrals)
    # as many as there are such friends, up to the cap; the ones who confirmed first
    for owner in eligible:
        candidates = sorted((p for p in people if p.referred_by == owner and p.id != owner and p.id in eligible),
                            key=lambda p: (tickets.instant(p.confirmed_at), p.id))
        mine = [t.friend for t in referrals if t.owner == owner]
        assert mine == [p.id for p in candidates[:cap]]
    # a person's tickets follow from them and their friends alone (the resident's page computes them so)
    for person in people:
        own = [p for p in people if p.referred_by == person.id and p.id != person.id]
        alone = [t for t in tickets.tickets([person, *own], cutoff=CUTOFF, referral_cap=cap) if t.owner == person.id]
        assert alone == [t for t in result if t.owner == person.id]
    # friend_statuses says "counts" exactly for the counted friends
    for person in people:
        invited = [p for p in people if p.referred_by == person.id]
        said = {f.id for f, status in tickets.friend_statuses(person, invited, cutoff=CUTOFF, referral_cap=cap)
                if status == tickets.COUNTS}
        assert said == {t.friend for t in referrals if t.owner == person.id}
