"""Start and end of a format in the words residents use: a format that ends at midnight ends "on the 20th
inclusive", not "on the 21st at 00:00"."""

import datetime

from django import template
from django.utils.translation import gettext as _

from geo_participation.core import dates

register = template.Library()

_at_midnight, _day = dates.at_midnight, dates.day


def _day_and_time(moment: datetime.datetime) -> tuple[str, str]:
    return dates.day(moment), dates.time(moment)


@register.filter
def format_moment(moment: datetime.datetime) -> str:
    """The day and the time in the city's local time: '20 January 2027, 10:00' (refusals say from when)."""
    day, time = _day_and_time(moment)
    return _("%(day)s, %(time)s") % {"day": day, "time": time}


@register.filter
def format_deadline(end: datetime.datetime) -> str:
    """'until 20 January 2027 inclusive' for an end at midnight, otherwise the day and the time."""
    if _at_midnight(end):
        return _("until %(day)s inclusive") % {"day": _day(dates.local(end).date() - datetime.timedelta(days=1))}
    day, time = _day_and_time(end)
    return _("until %(day)s, %(time)s") % {"day": day, "time": time}


@register.filter
def format_start(start: datetime.datetime) -> str:
    if _at_midnight(start):
        return _("from %(day)s") % {"day": _day(start)}
    day, time = _day_and_time(start)
    return _("from %(day)s, %(time)s") % {"day": day, "time": time}


@register.filter
def format_ended(end: datetime.datetime) -> str:
    last_day = dates.local(end).date() - datetime.timedelta(days=1 if _at_midnight(end) else 0)
    return _("ended on %(day)s") % {"day": _day(last_day)}
