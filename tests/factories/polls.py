"""Test objects for polls and ballot boxes (plain functions, like tests/factories/__init__.py)."""

import datetime as dt
import itertools

from django.contrib.gis.geos import Point
from django.utils import timezone

from geo_participation.polls.models import Option, Poll
from maps.ballot_boxes.models import BallotBox
from tests.factories import make_module

_seq = itertools.count(1)


def make_poll(*, options=("Roundnet", "Cross Boule", "3D-Straßenmalerei"), kind: str = Poll.Kind.SINGLE,
              max_choices: int | None = None, allow_vote_change: bool = True,
              results_visibility: str = Poll.ResultsVisibility.LIVE, realised_count: int | None = None,
              tally_needs_confirmation: bool = True, state: str = "open", **module_fields) -> Poll:
    module = make_module(format_key="polls", state=state, **module_fields)
    poll = Poll.objects.create(
        module=module, kind=kind, max_choices=max_choices or (1 if kind == Poll.Kind.SINGLE else 2),
        allow_vote_change=allow_vote_change, results_visibility=results_visibility, realised_count=realised_count,
        tally_needs_confirmation=tally_needs_confirmation)
    Option.objects.bulk_create([Option(poll=poll, title=title, weight=i) for i, title in enumerate(options)])
    return poll


def make_box(*, polls=(), code: str | None = None, location: Point | None = None, **fields) -> BallotBox:
    n = next(_seq)
    defaults = {"name": f"Box {n}", "address": f"Teststraße {n}, 67657 Kaiserslautern",
                "active_from": timezone.localdate() - dt.timedelta(days=60)}
    box = BallotBox.objects.create(code=code or f"box-{n}", location=location or Point(7.769 + n / 10000, 49.445, srid=4326),
                                   **{**defaults, **fields})
    box.polls.set(polls)
    return box


def option_ids(poll: Poll) -> list[int]:
    return list(poll.options.order_by("weight").values_list("pk", flat=True))
