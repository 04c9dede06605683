"""Who takes part in a raffle and with how many tickets: a pure function of the people, the cut-off and the cap.

Plain Python, no Django: the services feed it the accounts (``selectors.people``), the tests feed it generated
referral graphs (hypothesis), and a person's own tickets are the same function over them and their friends.

The rules (the raffle page says the same in words):

- A person takes part (is *eligible*) if their account is active, not in the team (moderators, planners, staff,
  superusers, anyone working in the administration) and its e-mail address was confirmed at or before the
  cut-off. Deleted accounts do not exist any more, so they are never passed in.
- Every eligible person has one ticket for their account.
- An eligible person has one more ticket for each friend they invited (the friend's ``referred_by``) who is
  eligible too, so confirmed at or before the cut-off; at most ``referral_cap`` of them, the friends who confirmed
  first (then the lower id). Inviting oneself counts nothing, nor does a friend who never confirmed, confirmed
  after the cut-off, was deactivated or is in the team.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone

ACCOUNT = "account"
REFERRAL = "referral"

# Why an invited friend brings a ticket or not (the resident's page explains each one).
COUNTS = "counts"
OVER_CAP = "over_cap"
NOT_CONFIRMED = "not_confirmed"
CONFIRMED_AFTER_CUTOFF = "confirmed_after_cutoff"
INACTIVE = "inactive"
TEAM = "team"
SELF = "self"
REFERRER_NOT_ELIGIBLE = "referrer_not_eligible"


@dataclass(frozen=True)
class Person:
    id: int
    confirmed_at: datetime | None  # aware
    active: bool = True
    team: bool = False
    referred_by: int | None = None


@dataclass(frozen=True)
class Ticket:
    owner: int
    reason: str  # ACCOUNT or REFERRAL
    friend: int | None = None  # the invited friend a REFERRAL ticket is for


def instant(moment: datetime) -> datetime:
    """The moment in UTC. Python compares two datetimes of the same time zone by their clock readings, which is wrong
    across a daylight-saving change (the hour that repeats in October); in UTC a comparison is one of instants."""
    if moment.tzinfo is None:
        raise ValueError("aware datetimes only")
    return moment.astimezone(timezone.utc)


def ineligibility(person: Person, cutoff: datetime) -> str | None:
    """Why ``person`` does not take part in a raffle with this cut-off, or None if they do."""
    if not person.active:
        return INACTIVE
    if person.team:
        return TEAM
    if person.confirmed_at is None:
        return NOT_CONFIRMED
    if instant(person.confirmed_at) > instant(cutoff):
        return CONFIRMED_AFTER_CUTOFF
    return None


def is_eligible(person: Person, cutoff: datetime) -> bool:
    return ineligibility(person, cutoff) is None


def friend_statuses(referrer: Person, friends: Iterable[Person], *, cutoff: datetime,
                    referral_cap: int) -> list[tuple[Person, str]]:
    """Each friend ``referrer`` invited, in the order they confirmed, with why they bring a ticket or not."""
    referrer_eligible = is_eligible(referrer, cutoff)
    statuses, counted = [], 0
    ordered = sorted(friends, key=lambda f: (f.confirmed_at is None, instant(f.confirmed_at or cutoff), f.id))
    for friend in ordered:
        if friend.id == referrer.id:
            status = SELF
        elif reason := ineligibility(friend, cutoff):
            status = reason
        elif not referrer_eligible:
            status = REFERRER_NOT_ELIGIBLE
        elif counted >= referral_cap:
            status = OVER_CAP
        else:
            status = COUNTS
            counted += 1
        statuses.append((friend, status))
    return statuses


def tickets(people: Iterable[Person], *, cutoff: datetime, referral_cap: int) -> list[Ticket]:
    """Every ticket of a raffle, each with its reason: by owner (lowest id first), the account's ticket first, then
    one per counted friend in the order they confirmed.

    A person's tickets depend only on themselves and the friends they invited, so the same function over one person
    and their friends gives that person's tickets (the resident's page does that)."""
    people = list(people)
    invited = defaultdict(list)
    for person in people:
        if person.referred_by is not None:
            invited[person.referred_by].append(person)
    result = []
    for person in sorted(people, key=lambda p: p.id):
        if not is_eligible(person, cutoff):
            continue
        result.append(Ticket(person.id, ACCOUNT))
        for friend, status in friend_statuses(person, invited[person.id], cutoff=cutoff, referral_cap=referral_cap):
            if status == COUNTS:
                result.append(Ticket(person.id, REFERRAL, friend.id))
    return result
