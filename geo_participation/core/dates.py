"""Dates and times in words, always in the city's time zone (``TIME_ZONE``, Europe/Berlin).

Datetimes are stored in UTC. Templates show them in the city's time through Django's filters, but Python code that
formats one itself (``strftime``, an f-string, ``date_format`` of an aware datetime) writes the UTC day: a format
starting at midnight on 20 December said "you can take part from 19.12.2026". Code that puts a date or time into a
message uses these helpers (or ``projects.templatetags.module_dates`` for a format's start and end); ``tests/test_code_quality.py`` refuses the other ways.
"""

from __future__ import annotations

import datetime

from django.utils import formats, timezone


def local(moment: datetime.datetime | datetime.date) -> datetime.datetime | datetime.date:
    """An aware datetime in the city's time zone; a date as it is (a day has no time zone)."""
    if isinstance(moment, datetime.datetime) and timezone.is_aware(moment):
        return timezone.localtime(moment)
    return moment


def day(moment, *, short: bool = False) -> str:
    """The (local) day: "20. Dezember 2026", or "20.12.2026" when ``short``."""
    moment = local(moment)
    value = moment.date() if isinstance(moment, datetime.datetime) else moment
    return formats.date_format(value, "SHORT_DATE_FORMAT" if short else "DATE_FORMAT")


def time(moment: datetime.datetime) -> str:
    """The (local) time of day: "00:30"."""
    return formats.time_format(local(moment), "TIME_FORMAT")


def at_midnight(moment: datetime.datetime) -> bool:
    return local(moment).time() == datetime.time(0)
