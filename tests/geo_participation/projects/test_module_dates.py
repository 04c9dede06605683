"""A format's dates as residents read them: one that ends at midnight ends on the day before, inclusive."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from geo_participation.projects.templatetags.module_dates import format_deadline, format_ended, format_start

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize("language, end, text", [
    ("de", datetime.datetime(2027, 1, 21, 0, 0, tzinfo=BERLIN), "bis einschließlich 20. Januar 2027"),
    ("de", datetime.datetime(2027, 1, 31, 4, 50, tzinfo=BERLIN), "bis 31. Januar 2027, 04:50 Uhr"),
    ("de", datetime.datetime(2027, 6, 30, 22, 0, tzinfo=datetime.timezone.utc), "bis einschließlich 30. Juni 2027"),
    ("en", datetime.datetime(2027, 1, 21, 0, 0, tzinfo=BERLIN), "until Jan. 20, 2027 inclusive"),
])
def test_the_deadline_names_the_last_day_or_the_time(language, end, text):
    with translation.override(language):
        assert format_deadline(end) == text


def test_start_and_end_in_german():
    with translation.override("de"):
        assert format_start(datetime.datetime(2026, 12, 6, 0, 0, tzinfo=BERLIN)) == "ab 6. Dezember 2026"
        assert format_start(datetime.datetime(2026, 12, 6, 18, 30, tzinfo=BERLIN)) == "ab 6. Dezember 2026, 18:30 Uhr"
        assert format_ended(datetime.datetime(2026, 10, 23, 0, 0, tzinfo=BERLIN)) == "beendet am 22. Oktober 2026"
