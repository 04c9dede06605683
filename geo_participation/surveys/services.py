"""Answering a survey (online, or from paper by staff), saving it for later, and publishing the results.

The answers are checked by ``answers.answers_clean`` whichever way they come (form, paper entry, API); the database
allows one response per person and survey, so that a second submission, also one racing the first, is refused.
"""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from geo_participation.core.refusals import Conflict
from geo_participation.projects.door import phase_refusal

from .answers import answers_clean
from .models import Answer, Channel, Choice, Mark, Response, Survey, initial_status
from .structure import Structure, survey_structure

DRAFT_MAX_BYTES = 256 * 1024  # a long questionnaire with drawn areas stays far below


def already_answered() -> ValidationError:
    return Conflict("survey", _("You have already answered this survey. Thank you!"), code="already_answered")


def _require_online_answers(survey: Survey, respondent) -> None:
    """Online answers come while the survey is open; without an account only where staff allow it."""
    if refusal := phase_refusal(survey.module):
        raise ValidationError({"survey": refusal.message})
    if respondent is None and not survey.allow_anonymous:
        raise ValidationError({"survey": _("Please log in to answer this survey.")})


def _store_answers(response: Response, structure: Structure, clean: dict, now) -> None:
    answers = Answer.objects.bulk_create([
        Answer(response=response, question=item.question, number=item.number, date=item.date, boolean=item.boolean,
               text=item.text, status=initial_status(item.question), created_at=now)
        for item in clean.values()])
    choices, marks = [], []
    for answer, item in zip(answers, clean.values()):
        ranked = item.question.kind == item.question.Kind.RANKING
        choices += [Choice(answer=answer, option_id=option_id, position=index if ranked else None)
                    for index, option_id in enumerate(item.option_ids, start=1)]
        marks += [Mark(answer=answer, response=response, module_id=structure.survey.pk, question=item.question,
                       category=category, geometry=geometry, created_at=now) for geometry, category in item.marks]
    Choice.objects.bulk_create(choices)
    Mark.objects.bulk_create(marks)  # one statement: the heatmap counts follow by one trigger call


def response_submit(*, survey: Survey, values: dict, respondent=None, channel: str = Channel.ONLINE, entered_by=None,
                    structure: Structure | None = None, now=None) -> Response:
    """Record a filled-in questionnaire once every answer keeps the survey's rules.

    Online, a confirmed resident answers once (their draft becomes their response), and without an account only
    where staff allow it; staff enter paper questionnaires (channel paper, who entered them is kept) until the
    results are published. Paper and online answers count alike.
    """
    structure = structure or survey_structure(survey)
    if channel == Channel.PAPER:
        if entered_by is None:
            raise ValidationError({"survey": _("A paper questionnaire is entered by a member of staff.")})
        if survey.module.results_published:
            raise ValidationError({"survey": _("The results of this survey have been published; paper questionnaires "
                                               "can no longer be entered.")})
        respondent = None
    elif channel == Channel.ONLINE:
        _require_online_answers(survey, respondent)
        entered_by = None
    else:
        raise ValidationError({"channel": _("Unknown channel.")})
    if respondent is not None and Response.objects.filter(survey=survey, respondent=respondent,
                                                          status=Response.Status.SUBMITTED).exists():
        raise already_answered()
    clean = answers_clean(structure, values)  # before any lock: checking places against the area takes a moment
    now = now or timezone.now()
    with transaction.atomic():
        response = None
        if respondent is not None:  # the row lock orders this against a draft saved or sent at the same time
            response = Response.objects.select_for_update().filter(survey=survey, respondent=respondent).first()
            if response is not None and response.is_submitted:
                raise already_answered()
        if response is None:
            response = Response(survey=survey, respondent=respondent, channel=channel, entered_by=entered_by,
                                started_at=now)
        response.status, response.submitted_at, response.updated_at, response.draft = (
            Response.Status.SUBMITTED, now, now, {})
        try:
            with transaction.atomic():  # the unique constraint decides between racing first submissions
                response.save()
        except IntegrityError:
            raise already_answered() from None
        _store_answers(response, structure, clean, now)
    return response


def _draft_values(structure: Structure, values: dict) -> dict:
    """What a draft keeps: the values of this survey's questions as entered (checked only when sent)."""
    unknown = [str(key)[:20] for key in values if not str(key).isdigit() or int(key) not in structure.by_id]
    if unknown:
        raise ValidationError({"answers": ngettext("There is no question %(ids)s in this survey.",
                                                   "There are no questions %(ids)s in this survey.", len(unknown))
                               % {"ids": ", ".join(unknown)}})
    kept = {str(int(key)): value for key, value in values.items() if value not in (None, "", [])}
    if len(json.dumps(kept)) > DRAFT_MAX_BYTES:
        raise ValidationError({"answers": _("These answers are too long to be saved.")})
    return kept


@transaction.atomic
def response_save_draft(*, survey: Survey, values: dict, respondent, structure: Structure | None = None,
                        now=None) -> Response:
    """Keep a resident's answers as they are, to continue later; nothing counts until they send them."""
    if respondent is None:
        raise ValidationError({"survey": _("Please log in to save your answers for later.")})
    _require_online_answers(survey, respondent)
    kept = _draft_values(structure or survey_structure(survey), values)
    now = now or timezone.now()
    response = Response.objects.select_for_update().filter(survey=survey, respondent=respondent).first()
    if response is None:
        try:
            with transaction.atomic():
                response = Response.objects.create(survey=survey, respondent=respondent, started_at=now, updated_at=now,
                                                   draft=kept)
            return response
        except IntegrityError:  # saved at the same moment by another request of the same person
            response = Response.objects.select_for_update().get(survey=survey, respondent=respondent)
    if response.is_submitted:
        raise already_answered()
    response.draft, response.updated_at = kept, now
    response.save(update_fields=["draft", "updated_at"])
    return response


@transaction.atomic
def survey_results_publish(*, survey: Survey, now=None) -> Survey:
    """Staff publish the results of a survey that has ended: from then on everyone sees them."""
    now = now or timezone.now()
    module = type(survey.module).objects.select_for_update().get(pk=survey.pk)
    if module.state_at(now) != module.State.CLOSED:
        raise ValidationError({"survey": _("The results can be published once the survey has ended.")})
    if module.results_published_at and module.results_published_at <= now:
        raise ValidationError({"survey": _("The results have already been published.")})
    module.results_published_at = now
    module.save(update_fields=["results_published_at"])
    survey.module = module
    return survey
