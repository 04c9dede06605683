"""A resident's tickets and their friends' lines in words, with German and English plural forms."""

import datetime

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from geo_participation.core import dates
from geo_participation.projects.templatetags.module_dates import format_deadline, format_moment

from .. import tickets

register = template.Library()


@register.filter
def format_cutoff(moment: datetime.datetime) -> str:
    """A cut-off that has passed: '30 November 2026, midnight (end of the day)' for the end of a day, which
    '1 December, 00:00' would hide, otherwise the day and the time."""
    if dates.at_midnight(moment):
        return _("%(day)s, midnight (end of the day)") % {"day": dates.day(dates.local(moment).date()
                                                                             - datetime.timedelta(days=1))}
    return format_moment(moment)


@register.simple_tag
def tickets_sentence(mine) -> str:
    """'3 Lose: 1 für dein Konto, 2 für Freundinnen und Freunde, die du eingeladen hast'."""
    total = ngettext("%(count)s ticket", "%(count)s tickets", mine.total) % {"count": mine.total}
    parts = []
    if mine.account:
        parts.append(_("1 for your account"))
    if mine.referrals:
        parts.append(ngettext("%(count)s for a friend you invited", "%(count)s for friends you invited",
                              mine.referrals) % {"count": mine.referrals})
    return f"{total}: {', '.join(parts)}" if parts else total


@register.simple_tag
def ineligible_words(reason: str, raffle) -> str:
    """Why the person has no ticket of their own, and what they can do about it."""
    if reason == tickets.NOT_CONFIRMED:
        if raffle.phase == raffle.Phase.COLLECTING:
            return _("Confirm your e-mail address %(deadline)s, then you take part.") % {
                "deadline": format_deadline(raffle.cutoff)}
        return _("Your e-mail address was not confirmed by the cut-off.")
    return {
        tickets.CONFIRMED_AFTER_CUTOFF: _("Your e-mail address was confirmed after the cut-off."),
        tickets.TEAM: _("As a member of the team (moderation, planning, administration) you do not take part."),
        tickets.INACTIVE: _("Your account is deactivated."),
    }.get(reason, "")


@register.simple_tag
def friend_words(status: str, raffle) -> str:
    """Why an invited friend brings a ticket or not."""
    if status == tickets.NOT_CONFIRMED and raffle.phase != raffle.Phase.COLLECTING:
        return _("no ticket: did not confirm the e-mail address by the cut-off")
    return {
        tickets.COUNTS: _("brings you a ticket"),
        tickets.OVER_CAP: _("no ticket: you have reached the most tickets for friends"),
        tickets.NOT_CONFIRMED: _("no ticket yet: has not confirmed the e-mail address"),
        tickets.CONFIRMED_AFTER_CUTOFF: _("no ticket: confirmed after the cut-off"),
        tickets.INACTIVE: _("no ticket: the account is deactivated"),
        tickets.TEAM: _("no ticket: is a member of the team"),
        tickets.SELF: _("no ticket: that is you"),
        tickets.REFERRER_NOT_ELIGIBLE: _("no ticket: you do not take part yourself"),
    }.get(status, "")
