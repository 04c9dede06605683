"""A survey's questions as residents meet them: in order, numbered, with their options, categories and conditions.

Read once per request (three queries) and shared by the form, the checks of the services, the results and the
exports, so that all of them number and word a question alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from .models import Option, Question, Section, Survey

YES, NO = "yes", "no"


@dataclass
class Structure:
    survey: Survey
    sections: list[Section]
    questions: list[Question]  # in the order residents see them; each has ``number``, ``option_list``, ...
    by_id: dict[int, Question] = field(default_factory=dict)

    @property
    def module(self):
        return self.survey.module

    @cached_property
    def area(self):
        """The area map answers must lie in: the module's (its project's; the whole city unless staff drew one)."""
        return self.survey.module.area

    @property
    def map_questions(self) -> list[Question]:
        return [q for q in self.questions if q.kind == Question.Kind.MAP]

    def earlier(self, question: Question) -> list[Question]:
        return self.questions[:question.number - 1]


def survey_structure(survey: Survey) -> Structure:
    """The survey's sections and questions in order, numbered 1, 2, 3 … across sections, with their options."""
    sections = list(Section.objects.filter(survey=survey).order_by("weight", "id"))
    questions = list(Question.objects.filter(survey=survey).order_by("section__weight", "section_id", "weight", "id"))
    options: dict[int, list[Option]] = {}
    for option in Option.objects.filter(question__survey=survey).order_by("weight", "id"):
        options.setdefault(option.question_id, []).append(option)
    by_section = {section.pk: section for section in sections}
    for section in sections:
        section.question_list = []
    structure = Structure(survey=survey, sections=sections, questions=questions)
    for number, question in enumerate(questions, start=1):
        question.number = number
        question.survey = survey
        question.option_list = options.get(question.pk, [])
        question.options_by_id = {option.pk: option for option in question.option_list}
        by_section[question.section_id].question_list.append(question)
        structure.by_id[question.pk] = question
    for question in questions:
        question.condition = structure.by_id.get(question.condition_question_id)
        question.condition_text = condition_text(question) if question.condition else ""
    return structure


def short_text(question: Question) -> str:
    return Truncator(question.i18n.text).chars(80)


def question_label(question: Question) -> str:
    """How a message names a question: its number and its text (shortened)."""
    return _("Question %(number)d (“%(text)s”)") % {"number": question.number, "text": short_text(question)}


def number_text(value) -> str:
    """A number as residents write it (German: a decimal comma), without trailing zeros."""
    from django.utils.formats import number_format

    if isinstance(value, Decimal):
        value = value.normalize()
        if value == value.to_integral():
            value = value.quantize(Decimal(1))
    return number_format(value, use_l10n=True)


def value_label(question: Question, value: str) -> str:
    """The answer a stored value (a condition's, a filter's) stands for, in words: an option, yes/no, a number."""
    if question.kind in Question.WITH_OPTIONS:
        try:
            return question.options_by_id[int(value)].i18n.text
        except (KeyError, ValueError, TypeError):
            return str(value)
    if question.kind == Question.Kind.YES_NO:
        return _("yes") if value == YES else _("no") if value == NO else str(value)
    return str(value)


def value_choices(question: Question) -> list[tuple[str, str]]:
    """Every value an answer to this question can be compared with: (stored value, words)."""
    if question.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        return [(str(option.pk), option.i18n.text) for option in question.option_list]
    if question.kind == Question.Kind.YES_NO:
        return [(YES, _("yes")), (NO, _("no"))]
    if question.kind == Question.Kind.SCALE and question.min_value is not None and question.max_value is not None:
        return [(str(v), scale_label(question, v)) for v in range(int(question.min_value), int(question.max_value) + 1)]
    return []


def scale_label(question: Question, value: int) -> str:
    ends = {int(question.min_value): question.i18n.min_label, int(question.max_value): question.i18n.max_label}
    return f"{value} ({ends[value]})" if ends.get(value) else str(value)


def condition_text(question: Question) -> str:
    condition = question.condition
    words = value_label(condition, question.condition_value)
    if condition.kind == Question.Kind.MULTIPLE:
        return _("Only if your answer to question %(number)d includes “%(value)s”.") % {
            "number": condition.number, "value": words}
    return _("Only if you answered question %(number)d with “%(value)s”.") % {"number": condition.number, "value": words}


def survey_problems(structure: Structure) -> list[str]:
    """What residents would stumble over, for staff: questions without enough answers to choose from, counts that
    cannot be met, conditions that point forward (after reordering) or at a value the question does not have."""
    problems = []
    for question in structure.questions:
        name = question_label(question)
        options = len(question.option_list)
        if question.kind in Question.WITH_OPTIONS and options < 2:
            problems.append(_("%(question)s needs at least two answers to choose from.") % {"question": name})
        if question.kind in (Question.Kind.MULTIPLE, Question.Kind.RANKING) and options >= 2 and (
                (question.min_choices or 0) > options or (question.max_choices or 0) > options):
            problems.append(_("%(question)s asks for more answers than it has.") % {"question": name})
        condition = question.condition
        if question.condition_question_id and condition is None:
            problems.append(_("%(question)s depends on a question of another survey.") % {"question": name})
        elif condition is not None:
            if condition.number >= question.number:
                problems.append(_("%(question)s depends on question %(number)d, which does not come before it. Move it "
                                  "after that question or change its condition.") % {"question": name,
                                                                                     "number": condition.number})
            if question.condition_value not in dict(value_choices(condition)):
                problems.append(_("%(question)s depends on an answer question %(number)d does not have.")
                                % {"question": name, "number": condition.number})
    return problems
