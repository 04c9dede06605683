"""The demo: the finished raffle of the press release, drawn and published with files that check out, and an open
raffle anna and ben collect tickets for (ben came through anna's invitation) – whatever day the demo is loaded."""

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from geo_participation.accounts.demo import demo_accounts_load
from geo_participation.accounts.models import User
from geo_participation.core.demo import Progress
from geo_participation.projects.demo import demo_projects_load
from geo_participation.raffle import algorithm
from geo_participation.raffle.demo import FINISHED_SLUG, OPEN_SLUG, load
from geo_participation.raffle.models import Raffle, Winner
from geo_participation.raffle.selectors import my_tickets

BERLIN = ZoneInfo("Europe/Berlin")
DAYS = [
    dt.datetime(2031, 11, 30, 23, 30, tzinfo=BERLIN),  # 30 November not over: last year's raffle
    dt.datetime(2031, 12, 1, 0, 30, tzinfo=BERLIN),  # just after the cut-off: this year's, drawn at once
    dt.datetime(2032, 3, 30, 12, 0, tzinfo=BERLIN),  # spring, the day after the change to summer time
    dt.datetime(2032, 7, 15, 9, 0, tzinfo=BERLIN),
]


def load_demo():
    load(progress=Progress(total=1, write=lambda _line: None))


@pytest.mark.django_db
@pytest.mark.parametrize("today", DAYS, ids=lambda d: d.strftime("%d.%m."))
def test_the_demo_holds_a_finished_checked_draw_and_an_open_raffle_on_any_day(monkeypatch, today):
    monkeypatch.setattr(timezone, "now", lambda: today)
    demo_accounts_load()
    demo_projects_load()
    load_demo()

    finished = Raffle.objects.get(module__slug=FINISHED_SLUG)
    expected_year = today.year if today >= dt.datetime(today.year, 12, 1, tzinfo=BERLIN) else today.year - 1
    assert finished.cutoff == dt.datetime(expected_year, 12, 1, 0, 0, tzinfo=BERLIN)  # the end of 30 November
    assert finished.committed_at < finished.cutoff <= finished.frozen_at <= finished.drawn_at <= today
    assert [p.name for p in finished.prizes.all()] == ["Betze-Rückrunden-Dauerkarte", "Tablet", "Bluetooth-Lautsprecher"]
    assert algorithm.verify(json.loads(finished.draw_json), finished.tickets_csv.encode()) == []
    assert finished.module.results_published_at == finished.drawn_at
    assert Winner.objects.filter(raffle=finished, handed_over_at__isnull=False).count() == 3  # one via a reserve
    assert Winner.objects.filter(raffle=finished, moved_up_at__isnull=False).count() == 1

    anna, ben = User.objects.get(username="anna"), User.objects.get(username="ben")
    assert ben.referred_by == anna
    opened = Raffle.objects.get(module__slug=OPEN_SLUG)
    assert opened.module.start < today < opened.cutoff and opened.phase == Raffle.Phase.COLLECTING
    assert my_tickets(raffle=opened, user=anna).total == 2 and my_tickets(raffle=opened, user=ben).total == 1

    load_demo()  # a second run changes nothing
    assert Raffle.objects.count() == 2 and Winner.objects.filter(raffle=finished).count() == 6
