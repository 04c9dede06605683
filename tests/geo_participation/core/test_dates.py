"""Every date and time shown is in the city's time zone (Europe/Berlin), also around midnight and the clock changes.

Found on the walk: a format starting on 20 December said "Du kannst ab 19.12.2026 mitmachen", the UTC date of its
start (midnight in Kaiserslautern is 23:00 UTC the day before). Stored instants are UTC; what people read is not.
"""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from geo_participation.core import dates
from geo_participation.core.models import BarrierReport
from geo_participation.projects.door import phase_refusal
from maps.mapping.models import Contribution
from tests.factories.feedback import make_feedback_module
from tests.factories.mapping import make_map_module
from tests.factories.polls import make_poll

ROOT = Path(__file__).resolve().parents[3]
UTC = dt.timezone.utc


def utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=UTC)


def last_sunday(year: int, month: int) -> int:
    last = dt.date(year, month + 1, 1) - dt.timedelta(days=1)
    return (last - dt.timedelta(days=(last.weekday() - 6) % 7)).day


# Two years ahead, so that every format below is still to come: the clocks go forward on the last Sunday of March
# (02:00 CET becomes 03:00 CEST) and back on the last Sunday of October (03:00 CEST becomes 02:00 CET, so 02:30
# comes twice).
Y = dt.date.today().year + 2
MARCH, OCTOBER = last_sunday(Y, 3), last_sunday(Y, 10)
# (an instant in UTC, the day and the time in the city)
MOMENTS = [
    (f"{Y}-12-19T23:00:00", f"20. Dezember {Y}", "00:00"),  # the walk's format: midnight in winter (UTC+1)
    (f"{Y}-12-19T23:30:00", f"20. Dezember {Y}", "00:30"),
    (f"{Y}-06-30T22:00:00", f"1. Juli {Y}", "00:00"),  # midnight in summer (UTC+2)
    (f"{Y}-03-{MARCH - 1:02d}T23:00:00", f"{MARCH}. März {Y}", "00:00"),  # midnight before the clocks go forward
    (f"{Y}-03-{MARCH:02d}T01:00:00", f"{MARCH}. März {Y}", "03:00"),  # the first minute of summer time
    (f"{Y}-10-{OCTOBER - 1:02d}T22:00:00", f"{OCTOBER}. Oktober {Y}", "00:00"),  # midnight before the clocks go back
    (f"{Y}-10-{OCTOBER:02d}T00:30:00", f"{OCTOBER}. Oktober {Y}", "02:30"),  # 02:30 summer time ...
    (f"{Y}-10-{OCTOBER:02d}T01:30:00", f"{OCTOBER}. Oktober {Y}", "02:30"),  # ... and an hour later winter time
    (f"{Y}-10-{OCTOBER:02d}T23:00:00", f"{OCTOBER + 1}. Oktober {Y}", "00:00"),  # the first midnight of winter time
]


@pytest.mark.parametrize("moment, day, time", MOMENTS)
def test_the_helpers_write_the_city_s_day_and_time(moment, day, time):
    assert (dates.day(utc(moment)), dates.time(utc(moment))) == (day, time)


@pytest.mark.django_db
@pytest.mark.parametrize("moment, day, time", MOMENTS)
def test_refusals_name_the_local_start(moment, day, time, resident):
    """The refusal of a format that has not started (projects.door), on the API and on the page, as a service says it."""
    start = utc(moment)
    module = make_map_module(start=start, end=start + dt.timedelta(days=30))
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    client.force_login(resident)
    response = client.post(f"/api/mapping/{module.slug}/contributions/", {"title": "x"}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["detail"] == f"Dieses Format hat noch nicht begonnen. Ab {day}, {time} Uhr kannst du mitmachen."
    assert not Contribution.objects.exists()
    page = client.get(f"/karte/{module.slug}/beitraege/neu/").content.decode()
    assert f"Ab {day}, {time} Uhr kannst du mitmachen." in page

    feedback = make_feedback_module(start=start, end=start + dt.timedelta(days=30))
    assert f"Ab {day}, {time} Uhr" in str(phase_refusal(feedback).message)


@pytest.mark.django_db
@pytest.mark.parametrize("moment, day_words", [
    (f"{Y}-12-19T23:00:00", f"20. Dezember {Y}"), (f"{Y}-03-{MARCH - 1:02d}T23:00:00", f"{MARCH}. März {Y}"),
    (f"{Y}-10-{OCTOBER - 1:02d}T22:00:00", f"{OCTOBER}. Oktober {Y}"),
])
def test_format_pages_show_local_days_for_starts_and_ends_at_midnight(client, moment, day_words):
    start = utc(moment)
    upcoming = make_map_module(start=start, end=start + dt.timedelta(days=10))
    page = client.get(upcoming.get_absolute_url()).content.decode()
    assert f"ab {day_words}" in page and f"Du kannst ab dem {day_words} mitmachen." in page

    # A format open until that midnight is open "until the day before, inclusive".
    running = make_map_module(start=timezone.now() - dt.timedelta(days=1), end=start)
    page = client.get(running.project.get_absolute_url()).content.decode()
    assert f"bis einschließlich {dates.day(start - dt.timedelta(minutes=1))}" in page


@pytest.mark.django_db
def test_the_poll_page_says_when_voting_starts_in_local_time(client):
    start = utc(f"{Y}-03-{MARCH:02d}T01:00:00")
    poll = make_poll(start=start, end=start + dt.timedelta(days=5))
    html = client.get(poll.module.get_absolute_url()).content.decode()
    assert f"Die Abstimmung beginnt am {MARCH}. März {Y} 03:00." in html


@pytest.mark.django_db
def test_admin_lists_name_the_local_day():
    report = BarrierReport.objects.create(description="Kontrast zu schwach")
    BarrierReport.objects.filter(pk=report.pk).update(created_at=utc("2026-12-31T23:30:00"))
    report.refresh_from_db()
    assert str(report).startswith("01.01.2027 – ")


SOURCES = [*(ROOT / "geo_participation").rglob("*.py"), *(ROOT / "maps").rglob("*.py")]


def test_no_code_formats_a_date_by_hand():
    """strftime and f-string date formats write whatever zone the value is in (UTC for stored datetimes): dates in
    messages go through core.dates, templates through Django's filters."""
    by_hand = re.compile(r"\.strftime\(|\{[^{}\n]*:%[a-zA-Z][^{}\n]*\}")
    found = [f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
             for path in SOURCES if "migrations" not in path.parts and path.name != "dates.py"
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if by_hand.search(line)]
    assert not found, "\n".join(found)


def test_no_script_formats_dates_itself():
    """Scripts get dates already written out by the server (in the city's zone); none formats one in the browser's."""
    scripts = [p for p in [*(ROOT / "static" / "js").rglob("*.js"), *(ROOT / "maps").rglob("static/**/*.js"),
                           *(ROOT / "geo_participation").rglob("static/**/*.js")] if "vendor" not in p.parts]
    assert scripts
    formatting = re.compile(r"new Date\(|toLocaleDateString|toLocaleTimeString|Intl\.DateTimeFormat|toLocaleString\(\)")
    found = [str(p.relative_to(ROOT)) for p in scripts if formatting.search(p.read_text(encoding="utf-8"))]
    assert not found, found


def test_timezone_is_the_city_s():
    assert timezone.get_default_timezone_name() == "Europe/Berlin"
