"""Surveys: sections of questions staff build in the administration, and the responses residents give online or
staff enter from paper.

How an answer is stored:
- ``Response`` is one filled-in questionnaire: online (by a resident, or without an account where staff allow it)
  or on paper (entered by staff, who are recorded). The database allows one response per person and survey
  (``surveys_one_response_per_person``), draft or submitted, so racing submissions cannot count twice.
- A draft keeps what was entered as it was entered (``Response.draft``); answers exist only once it is submitted,
  checked, so every count reads submitted answers alone.
- ``Answer`` holds the value of one question in a typed column (``number`` for scales and numbers, ``date``,
  ``boolean`` for yes/no, ``text``); chosen and ranked options are ``Choice`` rows; places on the map are ``Mark``
  rows with a real PostGIS geometry (one row per mark, with its category), so that they are checked against the
  area, exported by PostGIS and served to planners as a layer.
- Free-text answers wait for the moderators before they appear in public results (``Answer`` inherits
  ``Moderated``; answers without free text are published as they arrive).
Who answered (``Response.respondent``) never leaves the database in a public view or an export: results count, the
CSV and the GeoJSON name a response by its random id only. Deleting an account keeps its answers, without it.
"""

import uuid

from django.conf import settings
from django.contrib.gis.db import models
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from geo_participation.core.moderation import Moderated, ModerationStatus
from geo_participation.core.translation import TranslatedTexts
from geo_participation.projects.models import Module


class Survey(models.Model):
    """The settings of a survey; the module gives title, description, period and when results were published."""

    module = models.OneToOneField(Module, on_delete=models.CASCADE, primary_key=True, related_name="survey",
                                  verbose_name=_("Participation format"))
    intro = models.TextField(_("Introduction"), blank=True,
                             help_text=_("Shown above the questions: what the survey is for, how long it takes."))
    outro = models.TextField(_("Thank-you text"), blank=True,
                             help_text=_("Shown after sending, above the summary of the answers."))
    allow_anonymous = models.BooleanField(
        _("Answers without an account"), default=False,
        help_text=_("Anyone may answer, also without logging in (protected against spam: a hidden field, a "
                    "minimum time and a limit per hour). Logged-in residents still answer once."))
    intro_en = models.TextField(_("Introduction (English)"), blank=True, default="", db_default="")
    outro_en = models.TextField(_("Thank-you text (English)"), blank=True, default="", db_default="")

    i18n = TranslatedTexts()

    class Meta:
        verbose_name = _("Survey")
        verbose_name_plural = _("Surveys")

    def __str__(self):
        return str(self.module)


class Section(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="sections", verbose_name=_("Survey"))
    title = models.CharField(_("Title"), max_length=200)
    description = models.TextField(_("Description"), blank=True)
    title_en = models.CharField(_("Title (English)"), max_length=200, blank=True, default="", db_default="")
    description_en = models.TextField(_("Description (English)"), blank=True, default="", db_default="")
    weight = models.PositiveSmallIntegerField(_("Order"), default=0)

    i18n = TranslatedTexts()

    class Meta:
        verbose_name = _("Section")
        verbose_name_plural = _("Sections")
        ordering = ["survey", "weight", "id"]

    def __str__(self):
        return self.title


class GeometryKind(models.TextChoices):
    POINT = "point", _("points")
    LINE = "line", _("lines")
    POLYGON = "polygon", _("areas")


class Question(models.Model):
    """One question; its number follows from the order of the sections and of the questions in them."""

    class Kind(models.TextChoices):
        SINGLE = "single", _("single choice")
        MULTIPLE = "multiple", _("multiple choice")
        SHORT_TEXT = "short_text", _("short text")
        LONG_TEXT = "long_text", _("long text")
        SCALE = "scale", _("scale (rating)")
        RANKING = "ranking", _("ranking")
        YES_NO = "yes_no", _("yes or no")
        NUMBER = "number", _("number")
        DATE = "date", _("date")
        MAP = "map", _("map")

    WITH_OPTIONS = (Kind.SINGLE, Kind.MULTIPLE, Kind.RANKING)
    TEXTS = (Kind.SHORT_TEXT, Kind.LONG_TEXT)
    # Kinds an answer can be compared with a value (conditions of later questions, filters of the results).
    COMPARABLE = (Kind.SINGLE, Kind.MULTIPLE, Kind.YES_NO, Kind.SCALE)

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("Survey"))
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions", verbose_name=_("Section"))
    weight = models.PositiveSmallIntegerField(_("Order within the section"), default=0)
    kind = models.CharField(_("Kind of question"), max_length=16, choices=Kind.choices, default=Kind.SINGLE)
    text = models.CharField(_("Question"), max_length=300)
    help_text = models.CharField(_("Help text"), max_length=500, blank=True)
    required = models.BooleanField(_("Required"), default=False)
    min_value = models.DecimalField(_("Smallest value"), max_digits=12, decimal_places=3, null=True, blank=True,
                                    help_text=_("Scale: its lowest value (e.g. 1). Number: the smallest allowed."))
    max_value = models.DecimalField(_("Largest value"), max_digits=12, decimal_places=3, null=True, blank=True,
                                    help_text=_("Scale: its highest value (e.g. 5). Number: the largest allowed."))
    min_label = models.CharField(_("Label of the lowest value"), max_length=100, blank=True,
                                 help_text=_("Scale only, e.g. “not at all”."))
    max_label = models.CharField(_("Label of the highest value"), max_length=100, blank=True,
                                 help_text=_("Scale only, e.g. “very much”."))
    min_choices = models.PositiveSmallIntegerField(
        _("At least"), null=True, blank=True,
        help_text=_("Multiple choice: options to choose; ranking: options to rank; map: marks to set. Empty: 1 "
                    "(ranking: all options)."))
    max_choices = models.PositiveSmallIntegerField(
        _("At most"), null=True, blank=True,
        help_text=_("Multiple choice and ranking: empty for all options; map: marks, empty for 1."))
    geometry_kind = models.CharField(_("What to mark on the map"), max_length=16, choices=GeometryKind.choices,
                                     blank=True, help_text=_("Map questions only: points, lines or areas."))
    categories = models.TextField(_("Categories of marks"), blank=True,
                                  help_text=_("Map questions only, optional: one category per line; residents "
                                              "choose one for each mark."))
    condition_question = models.ForeignKey(
        "self", on_delete=models.RESTRICT, null=True, blank=True, related_name="dependent_questions",
        verbose_name=_("Show only if question"), help_text=_("An earlier question."))
    condition_value = models.CharField(
        _("… is answered with (or contains)"), max_length=50, blank=True,
        help_text=_("Chosen from the earlier question's answers."))
    text_en = models.CharField(_("Question (English)"), max_length=300, blank=True, default="", db_default="")
    help_text_en = models.CharField(_("Help text (English)"), max_length=500, blank=True, default="", db_default="")
    min_label_en = models.CharField(_("Label of the lowest value (English)"), max_length=100, blank=True, default="", db_default="")
    max_label_en = models.CharField(_("Label of the highest value (English)"), max_length=100, blank=True, default="", db_default="")

    i18n = TranslatedTexts()

    class Meta:
        verbose_name = _("Question")
        verbose_name_plural = _("Questions")
        ordering = ["survey", "section__weight", "section_id", "weight", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_value__isnull=True) | models.Q(max_value__isnull=True)
                | models.Q(min_value__lte=models.F("max_value")),
                name="surveys_question_min_value_not_above_max", violation_error_message=_(
                    "The smallest value must not be larger than the largest.")),
            models.CheckConstraint(
                condition=models.Q(min_choices__isnull=True) | models.Q(max_choices__isnull=True)
                | models.Q(min_choices__lte=models.F("max_choices")),
                name="surveys_question_min_choices_not_above_max", violation_error_message=_(
                    "“At least” must not be larger than “at most”.")),
            models.CheckConstraint(
                condition=models.Q(condition_question__isnull=True, condition_value="")
                | (models.Q(condition_question__isnull=False) & ~models.Q(condition_value="")),
                name="surveys_question_condition_complete", violation_error_message=_(
                    "A condition needs both an earlier question and the answer it shows this question for.")),
        ]

    def __str__(self):
        return self.text

    @property
    def category_list(self) -> list[str]:
        return [line.strip() for line in self.categories.splitlines() if line.strip()]

    def clean(self):
        errors = {}
        kind = self.kind
        if kind == self.Kind.SCALE:
            if self.min_value is None or self.max_value is None:
                errors["max_value"] = _("A scale needs its lowest and its highest value (e.g. 1 and 5).")
            elif self.min_value != int(self.min_value) or self.max_value != int(self.max_value):
                errors["max_value"] = _("A scale's values are whole numbers.")
            elif not 1 <= self.max_value - self.min_value <= 10:
                errors["max_value"] = _("A scale has between 2 and 11 values.")
        if kind == self.Kind.MAP and not self.geometry_kind:
            errors["geometry_kind"] = _("Please choose what residents mark on the map: points, lines or areas.")
        if kind != self.Kind.MAP and (self.geometry_kind or self.categories.strip()):
            errors["geometry_kind"] = _("Only map questions have marks and categories of marks.")
        if (self.min_value is not None and self.max_value is not None and self.min_value > self.max_value):
            errors["min_value"] = _("The smallest value must not be larger than the largest.")
        if self.min_choices is not None and self.max_choices is not None and self.min_choices > self.max_choices:
            errors["min_choices"] = _("“At least” must not be larger than “at most”.")
        if kind == self.Kind.MAP and self.max_choices == 0:
            errors["max_choices"] = _("At least one mark must be possible.")
        if len(set(self.category_list)) != len(self.category_list):
            errors["categories"] = _("Each category may appear only once.")
        if errors:
            raise ValidationError(errors)


class Option(models.Model):
    """An answer to choose or to rank."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options", verbose_name=_("Question"))
    text = models.CharField(_("Answer"), max_length=200)
    text_en = models.CharField(_("Answer (English)"), max_length=200, blank=True, default="", db_default="")
    weight = models.PositiveSmallIntegerField(_("Order"), default=0)

    i18n = TranslatedTexts()

    class Meta:
        verbose_name = _("Answer option")
        verbose_name_plural = _("Answer options")
        ordering = ["question", "weight", "id"]
        constraints = [models.UniqueConstraint(fields=["question", "text"], name="surveys_option_text_unique",
                                               violation_error_message=_("This question already has this answer."))]

    def __str__(self):
        return self.text


class Channel(models.TextChoices):
    ONLINE = "online", _("online")
    PAPER = "paper", _("paper")


class Response(models.Model):
    """One filled-in questionnaire; its id is random, so that it says nothing about who or when."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("Survey"))
    respondent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="survey_responses", verbose_name=_("Respondent"))
    channel = models.CharField(_("Channel"), max_length=8, choices=Channel.choices, default=Channel.ONLINE)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("Entered by"))
    status = models.CharField(_("Status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    draft = models.JSONField(_("Answers saved for later"), default=dict, blank=True)
    started_at = models.DateTimeField(_("Started"), default=timezone.now)
    updated_at = models.DateTimeField(_("Last saved"), default=timezone.now)
    submitted_at = models.DateTimeField(_("Submitted"), null=True, blank=True)

    class Meta:
        verbose_name = _("Response")
        verbose_name_plural = _("Responses")
        constraints = [
            # A person answers a survey once: their draft becomes their response; a second one is refused here.
            models.UniqueConstraint(fields=["survey", "respondent"], condition=models.Q(respondent__isnull=False),
                                    name="surveys_one_response_per_person",
                                    violation_error_message=_("You have already answered this survey.")),
            models.CheckConstraint(condition=models.Q(status="draft") | models.Q(submitted_at__isnull=False),
                                   name="surveys_response_submitted_has_time"),
            models.CheckConstraint(condition=models.Q(channel="online") | models.Q(respondent__isnull=True),
                                   name="surveys_paper_response_has_no_respondent"),
        ]
        indexes = [models.Index(fields=["survey", "status"], name="surveys_response_survey_status")]

    def __str__(self):
        return str(self.id)

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED


class Answer(Moderated):
    """One question's answer in a submitted response. Free text waits for the moderators; everything else is
    published (counted in the public results) as it arrives."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.RESTRICT, related_name="answers")
    number = models.DecimalField(_("Number"), max_digits=16, decimal_places=4, null=True, blank=True)
    date = models.DateField(_("Date"), null=True, blank=True)
    boolean = models.BooleanField(_("Yes or no"), null=True, blank=True)
    text = models.TextField(_("Answer in own words"), blank=True)
    created_at = models.DateTimeField(_("Submitted"), default=timezone.now)

    class Meta:
        verbose_name = _("Free-text answer")
        verbose_name_plural = _("Free-text answers")
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="surveys_one_answer_per_question")]
        indexes = [models.Index(fields=["question", "status"], name="surveys_answer_question_status")]

    def __str__(self):
        return self.question.text

    @property
    def module(self):
        """The survey's module, for the moderators' queue (it says where an answer was given)."""
        return self.question.survey.module

    @property
    def public_author(self) -> str:
        """Nobody: answers are anonymous wherever they are shown, the moderators' queue included."""
        return ""


# The statuses an answer gets when it is stored: free text waits, everything else counts at once.
def initial_status(question: Question) -> str:
    return ModerationStatus.PENDING if question.kind in Question.TEXTS else ModerationStatus.APPROVED


class Choice(models.Model):
    """An option chosen in an answer; in a ranking with its place (1 = first)."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="choices")
    option = models.ForeignKey(Option, on_delete=models.RESTRICT, related_name="choices")
    position = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["answer", "option"], name="surveys_choice_once_per_answer")]


class Mark(models.Model):
    """A place marked in a map answer: a point, a line or an area inside the survey's area, with its category.

    The module and question are repeated from the answer so that the planners' layer and the heatmap counts read
    this table alone (maps.planning keeps counts per hexagon with triggers on it; see layers.py).
    """

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="marks")
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="marks")
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="+", db_index=False)  # the (module, question) index
    question = models.ForeignKey(Question, on_delete=models.RESTRICT, related_name="marks", db_index=False)
    category = models.CharField(_("Category"), max_length=100, blank=True)
    geometry = models.GeometryField(_("Place"), srid=4326)
    created_at = models.DateTimeField(_("Submitted"), default=timezone.now)

    class Meta:
        verbose_name = _("Mark")
        verbose_name_plural = _("Marks")
        indexes = [models.Index(fields=["module", "question"], name="surveys_mark_module_question")]
