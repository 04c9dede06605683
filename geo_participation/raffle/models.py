"""A raffle among the registered residents, with a draw anyone can check.

- ``Raffle`` (the settings of a module of this type): the cut-off, the rules, the referral cap, the number of
  reserves, and the commitment to a secret seed, made when the raffle is created. The seed is kept here and shown
  nowhere (not in the admin, not in any page, log or export) until the draw publishes it.
- At the first look after the cut-off (``manage.py raffle_freeze_tickets``, a scheduled job) or at the draw at the
  latest, the ticket list is frozen: a ``Participant`` per eligible person with a random pseudonym, a ``Ticket`` per
  ticket with its reason, and the canonical CSV with its SHA-256 (``algorithm.py``).
- The draw stores the ``Winner``s in draw order and the published ``draw_json``; the staff record handovers and
  unclaimed prizes (a reserve moves up). Every step is an ``AuditEntry``.
Deleting an account keeps its pseudonym and tickets (the published list must not change), without the person.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from geo_participation.core import dates
from geo_participation.core.translation import TranslatedTexts
from geo_participation.projects.models import Module

from . import algorithm


class Raffle(models.Model):
    """A raffle's settings; the module gives title, description and period (its end is the cut-off)."""

    class Phase(models.TextChoices):
        COLLECTING = "collecting", _("collecting tickets")
        WAITING = "waiting", _("cut-off passed, waiting for the draw")
        DRAWN = "drawn", _("drawn")

    module = models.OneToOneField(Module, on_delete=models.CASCADE, primary_key=True, related_name="raffle",
                                  verbose_name=_("Participation format"))
    cutoff = models.DateTimeField(
        _("Cut-off"), help_text=_("Everyone whose account is confirmed by then takes part (time in Kaiserslautern). "
                                  "The format ends at the cut-off."))
    rules = models.TextField(_("Rules of participation"), blank=True,
                             help_text=_("Organiser, who may take part, how winners are told, until when prizes can be "
                                         "collected. Who takes part and how the draw works is explained on the page "
                                         "anyway."))
    rules_en = models.TextField(_("Rules of participation (English)"), blank=True, default="", db_default="")
    referral_cap = models.PositiveSmallIntegerField(
        _("Tickets for invited friends, at most per person"), default=5, validators=[MaxValueValidator(100)],
        help_text=_("0: invitations bring no tickets."))
    reserve_count = models.PositiveSmallIntegerField(
        _("Reserve winners"), default=3, validators=[MaxValueValidator(50)],
        help_text=_("Drawn after the prizes, in order; a reserve moves up when a prize is not claimed."))
    commitment = models.CharField(_("Commitment (SHA-256 of the secret seed)"), max_length=64, editable=False)
    committed_at = models.DateTimeField(_("Commitment published on"), default=timezone.now, editable=False)
    seed = models.CharField(max_length=64, editable=False)  # secret until drawn_at: never shown, logged or exported
    frozen_at = models.DateTimeField(_("Ticket list frozen on"), null=True, blank=True, editable=False)
    tickets_csv = models.TextField(blank=True, editable=False)
    tickets_sha256 = models.CharField(_("SHA-256 of the ticket list"), max_length=64, blank=True, editable=False)
    ticket_count = models.PositiveIntegerField(_("Tickets"), null=True, blank=True, editable=False)
    participant_count = models.PositiveIntegerField(_("Participants"), null=True, blank=True, editable=False)
    drawn_at = models.DateTimeField(_("Drawn on"), null=True, blank=True, editable=False)
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 editable=False, related_name="+", verbose_name=_("Drawn by"))
    draw_json = models.TextField(blank=True, editable=False)

    i18n = TranslatedTexts()

    class Meta:
        verbose_name = _("Raffle settings")
        verbose_name_plural = _("Raffle settings")
        constraints = [
            models.CheckConstraint(condition=models.Q(commitment__regex=r"^[0-9a-f]{64}$"),
                                   name="raffle_commitment_is_sha256_hex"),
            models.CheckConstraint(condition=models.Q(drawn_at__isnull=True) | models.Q(frozen_at__isnull=False),
                                   name="raffle_drawn_only_when_frozen"),
        ]

    def __str__(self):
        return str(self.module)

    def __repr__(self):  # never the seed
        return f"<Raffle {self.module_id}: {self.phase}>"

    def phase_at(self, now) -> "Raffle.Phase":
        if self.drawn_at is not None:
            return self.Phase.DRAWN
        return self.Phase.COLLECTING if now < self.cutoff else self.Phase.WAITING

    @property
    def phase(self) -> "Raffle.Phase":
        return self.phase_at(timezone.now())

    @property
    def is_drawn(self) -> bool:
        return self.drawn_at is not None

    @property
    def published_seed(self) -> str | None:
        """The seed, once the draw has published it; None before."""
        return self.seed if self.drawn_at is not None else None


class Prize(models.Model):
    raffle = models.ForeignKey(Raffle, on_delete=models.CASCADE, related_name="prizes")
    name = models.CharField(_("Prize"), max_length=200)
    name_en = models.CharField(_("Prize (English)"), max_length=200, blank=True, default="", db_default="")
    quantity = models.PositiveSmallIntegerField(_("Quantity"), default=1, validators=[MinValueValidator(1)])
    order = models.PositiveSmallIntegerField(_("Order in the draw"), default=0,
                                             help_text=_("The first prize is drawn first."))

    i18n = TranslatedTexts()  # the published draw names the German name

    class Meta:
        verbose_name = _("Prize")
        verbose_name_plural = _("Prizes")
        ordering = ["order", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(quantity__gte=1), name="raffle_prize_quantity_positive",
                                              violation_error_message=_("A prize is there at least once."))]

    def __str__(self):
        return self.name


class Participant(models.Model):
    """A person in one raffle, known to the public only by a random pseudonym (not derived from anything)."""

    class PublicName(models.TextChoices):
        USERNAME = "username", _("your username")
        INITIALS = "initials", _("your initials")

    raffle = models.ForeignKey(Raffle, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="raffle_participations")
    pseudonym = models.CharField(max_length=algorithm.PSEUDONYM_LENGTH, default=algorithm.new_pseudonym)
    public_name = models.CharField(_("If I win, show"), max_length=16, choices=PublicName.choices,
                                   default=PublicName.USERNAME)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Participant")
        verbose_name_plural = _("Participants")
        constraints = [
            models.UniqueConstraint(fields=["raffle", "user"], name="raffle_participant_once_per_person"),
            models.UniqueConstraint(fields=["raffle", "pseudonym"], name="raffle_pseudonym_unique"),
        ]

    def __str__(self):
        return self.pseudonym

    @property
    def shown_name(self) -> str:
        """What the public page calls this person if they win: the username or the initials, as they chose."""
        user = self.user
        if user is None:
            return str(_("(account deleted)"))
        if self.public_name == self.PublicName.INITIALS:
            parts = [part for part in (user.first_name.strip(), user.last_name.strip()) if part] or [user.username]
            return " ".join(f"{part[0].upper()}." for part in parts)
        return user.username


class Ticket(models.Model):
    """One ticket in the frozen list, with its reason (the canonical CSV is its published form)."""

    class Reason(models.TextChoices):
        ACCOUNT = algorithm.ACCOUNT, _("for the account")
        REFERRAL = algorithm.REFERRAL, _("for an invited friend")

    raffle = models.ForeignKey(Raffle, on_delete=models.CASCADE, related_name="tickets")
    number = models.PositiveIntegerField()
    participant = models.ForeignKey(Participant, on_delete=models.RESTRICT, related_name="tickets")
    reason = models.CharField(max_length=16, choices=Reason.choices)
    friend = models.ForeignKey(Participant, on_delete=models.RESTRICT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["raffle", "number"]
        constraints = [
            models.UniqueConstraint(fields=["raffle", "number"], name="raffle_ticket_number_unique"),
            models.CheckConstraint(condition=(models.Q(reason=algorithm.ACCOUNT, friend__isnull=True)
                                              | models.Q(reason=algorithm.REFERRAL, friend__isnull=False)),
                                   name="raffle_ticket_friend_fits_reason"),
        ]


class Winner(models.Model):
    """A draw's result: a prize winner or a reserve, in draw order, and what became of the prize."""

    raffle = models.ForeignKey(Raffle, on_delete=models.CASCADE, related_name="winners")
    draw = models.PositiveSmallIntegerField(_("Draw"))
    ticket_number = models.PositiveIntegerField(_("Ticket"))
    participant = models.ForeignKey(Participant, on_delete=models.RESTRICT, related_name="wins")
    prize_at_draw = models.ForeignKey(Prize, on_delete=models.RESTRICT, null=True, blank=True, related_name="+",
                                      verbose_name=_("Prize drawn for"))
    reserve_rank = models.PositiveSmallIntegerField(_("Reserve"), null=True, blank=True)
    prize = models.ForeignKey(Prize, on_delete=models.RESTRICT, null=True, blank=True, related_name="winners",
                              verbose_name=_("Prize now"))
    moved_up_at = models.DateTimeField(_("Moved up on"), null=True, blank=True)
    notified_at = models.DateTimeField(_("Told by e-mail on"), null=True, blank=True)
    handed_over_at = models.DateTimeField(_("Handed over on"), null=True, blank=True)
    handed_over_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="+")
    not_claimed_at = models.DateTimeField(_("Not claimed, recorded on"), null=True, blank=True)
    not_claimed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="+")

    class Meta:
        verbose_name = _("Winner")
        verbose_name_plural = _("Winners")
        ordering = ["raffle", "draw"]
        constraints = [
            models.UniqueConstraint(fields=["raffle", "draw"], name="raffle_winner_one_per_draw"),
            models.UniqueConstraint(fields=["raffle", "participant"], name="raffle_winner_one_prize_per_person"),
            models.CheckConstraint(condition=(models.Q(prize_at_draw__isnull=False, reserve_rank__isnull=True)
                                              | models.Q(prize_at_draw__isnull=True, reserve_rank__isnull=False)),
                                   name="raffle_winner_prize_or_reserve"),
        ]

    def __str__(self):
        return f"{self.raffle}: {self.draw}"

    @property
    def is_reserve(self) -> bool:
        return self.reserve_rank is not None

    @property
    def is_open(self) -> bool:
        """Holds a prize that is neither handed over nor recorded as not claimed."""
        return self.prize_id is not None and self.handed_over_at is None and self.not_claimed_at is None


class AuditEntry(models.Model):
    """One step of a raffle, for the staff: who did what when (also written to the log, ``services.audit``)."""

    class Action(models.TextChoices):
        COMMITTED = "committed", _("commitment published")
        SETTINGS = "settings", _("settings changed")
        FROZEN = "frozen", _("ticket list frozen (eligibility snapshot)")
        DRAWN = "drawn", _("drawn")
        DRAW_REFUSED = "draw_refused", _("draw refused")
        NOTIFIED = "notified", _("winner told by e-mail")
        NOTIFY_FAILED = "notify_failed", _("e-mail to a winner failed")
        HANDED_OVER = "handed_over", _("prize handed over")
        NOT_CLAIMED = "not_claimed", _("prize not claimed")
        MOVED_UP = "moved_up", _("reserve moved up")

    raffle = models.ForeignKey(Raffle, on_delete=models.CASCADE, related_name="audit")
    at = models.DateTimeField(_("When"), default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("Who"))
    action = models.CharField(_("What"), max_length=16, choices=Action.choices)
    data = models.JSONField(_("Details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("Raffle log entry")
        verbose_name_plural = _("Raffle log")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{dates.day(self.at, short=True)} {dates.time(self.at)} {self.get_action_display()}"

    @property
    def message(self) -> str:
        """The step in words, in the reader's language."""
        template = AUDIT_MESSAGES.get(self.action)
        try:
            return str(template) % self.data if template else ""
        except (KeyError, TypeError, ValueError):
            return ", ".join(f"{key}: {value}" for key, value in self.data.items())


AUDIT_MESSAGES = {
    AuditEntry.Action.COMMITTED: _("Commitment %(commitment)s published; cut-off %(cutoff)s."),
    AuditEntry.Action.SETTINGS: _("Cut-off %(cutoff)s, at most %(referral_cap)s tickets for friends, %(reserves)s "
                                  "reserves."),
    AuditEntry.Action.FROZEN: _("Eligibility at the cut-off %(cutoff)s: %(participants)s participants with "
                                "%(tickets)s tickets (%(referrals)s for invited friends); SHA-256 of the ticket list "
                                "%(sha256)s."),
    AuditEntry.Action.DRAWN: _("Drawn with the seed %(seed)s (it matches the commitment): %(winners)s prize winners "
                               "and %(reserves)s reserves."),
    AuditEntry.Action.DRAW_REFUSED: _("Draw refused: %(reason)s"),
    AuditEntry.Action.NOTIFIED: _("Draw %(draw)s (%(pseudonym)s) told by e-mail about: %(prize)s."),
    AuditEntry.Action.NOTIFY_FAILED: _("The e-mail to draw %(draw)s (%(pseudonym)s) could not be sent: %(error)s"),
    AuditEntry.Action.HANDED_OVER: _("%(prize)s handed over to draw %(draw)s (%(pseudonym)s)."),
    AuditEntry.Action.NOT_CLAIMED: _("%(prize)s of draw %(draw)s (%(pseudonym)s) not claimed."),
    AuditEntry.Action.MOVED_UP: _("Reserve %(reserve)s, draw %(draw)s (%(pseudonym)s), moves up for: %(prize)s."),
}
