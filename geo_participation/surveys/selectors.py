"""Reads of surveys that pages, the API and exports share: the results (counted by PostgreSQL), their filters, the
CSV of all responses, the GeoJSON of the map answers, one's own response and "download my data".

Nothing here names who answered: results count submitted responses, exports name a response by its random id.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Aggregate, Avg, Case, Count, Exists, F, FloatField, IntegerField, Max, Min, OuterRef, Q
from django.db.models import QuerySet, TextField, Value, When
from django.contrib.gis.db.models.functions import AsGeoJSON
from django.db.models.functions import Cast, TruncMonth
from django.utils import formats as date_formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from geo_participation.core.dates import local
from geo_participation.core.moderation import ModerationStatus
from geo_participation.core.spreadsheets import csv_writer, spreadsheet_text
from maps.geo.geojson import JSONBuildObject, feature_collection
from maps.geo.layers import NOTHING

from .models import Answer, Channel, Choice, Mark, Question, Response, Survey
from .structure import NO, YES, Structure, number_text, scale_label, value_choices, value_label

TEXTS_SHOWN = 50  # free-text answers listed per question on a results page
NUMBER_BINS = 10
K = Question.Kind


def survey_of(module) -> Survey | None:
    """The module's survey settings, known to the module both ways; None while staff have not set them up."""
    survey = Survey.objects.filter(module=module).first()
    if survey is not None:
        survey.module = module
        module.survey = survey
    return survey


# --- filters of the results

@dataclass
class ResultFilters:
    """Which responses the results count: those with a given answer to one question, and/or of one channel."""

    question: Question | None = None
    value: str = ""
    channel: str = ""

    @property
    def active(self) -> bool:
        return bool(self.question or self.channel)

    def as_query(self) -> dict:
        query = {}
        if self.question is not None:
            query["answer"] = f"{self.question.pk}:{self.value}"
        if self.channel:
            query["channel"] = self.channel
        return query

    def describe(self) -> str:
        parts = []
        if self.question is not None:
            words = value_label(self.question, self.value)
            parts.append(_("question %(number)d answered with “%(value)s”") % {"number": self.question.number, "value": words}
                         if self.question.kind != K.MULTIPLE else
                         _("question %(number)d includes “%(value)s”") % {"number": self.question.number, "value": words})
        if self.channel:
            parts.append(_("answered online") if self.channel == Channel.ONLINE else _("answered on paper"))
        return "; ".join(parts)


def filters_from_query(query, structure: Structure) -> ResultFilters:
    """``answer`` (``<question id>:<value>``: responses whose answer to that question is, or for a multiple choice
    contains, the value) and ``channel`` (online or paper); a bad one raises a ValidationError naming the parameter."""
    filters = ResultFilters()
    answer = str(query.get("answer") or "").strip()
    if answer:
        question_id, _sep, value = answer.partition(":")
        question = structure.by_id.get(int(question_id)) if question_id.isdigit() else None
        if question is None or question.kind not in Question.COMPARABLE:
            raise ValidationError({"answer": _("Please filter by a question with answers to choose from (single or "
                                               "multiple choice, yes/no, scale), as <question id>:<value>.")})
        if value not in dict(value_choices(question)):
            raise ValidationError({"answer": _("Please choose one of the answers of question %(number)d.")
                                   % {"number": question.number}})
        filters.question, filters.value = question, value
    channel = str(query.get("channel") or "").strip()
    if channel:
        if channel not in Channel.values:
            raise ValidationError({"channel": _("Please choose the channel “online” or “paper”.")})
        filters.channel = channel
    return filters


def _answer_matches(question: Question, value: str) -> Exists:
    """Whether a response's answer to ``question`` is (for a multiple choice: contains) ``value``, in SQL."""
    if question.kind in Question.WITH_OPTIONS:
        return Exists(Choice.objects.filter(answer__response=OuterRef("pk"), answer__question=question,
                                            option_id=int(value)))
    answers = Answer.objects.filter(response=OuterRef("pk"), question=question)
    if question.kind == K.YES_NO:
        return Exists(answers.filter(boolean=value == YES))
    return Exists(answers.filter(number=Decimal(value)))


def responses_counted(survey: Survey, filters: ResultFilters | None = None) -> QuerySet[Response]:
    """The submitted responses the results count (drafts never count), filtered."""
    responses = Response.objects.filter(survey=survey, status=Response.Status.SUBMITTED)
    if filters is not None:
        if filters.channel:
            responses = responses.filter(channel=filters.channel)
        if filters.question is not None:
            responses = responses.filter(_answer_matches(filters.question, filters.value))
    return responses


# --- the results

class Median(Aggregate):
    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


@dataclass
class Row:
    label: str
    count: int
    percent: float = 0.0
    value: str = ""  # what the results can be filtered by
    mean_position: float | None = None  # ranking
    firsts: int = 0  # ranking: how often ranked first


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    rows: list[Row] = field(default_factory=list)
    mean: float | None = None
    median: float | None = None
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    earliest: object = None
    latest: object = None
    texts: list[str] = field(default_factory=list)
    texts_published: int = 0
    texts_pending: int = 0
    marks: int = 0

    @property
    def kind(self) -> str:
        return self.question.kind

    def chart(self) -> dict | None:
        """What Chart.js draws for this question (the table shows the same numbers)."""
        if not self.rows or self.kind in Question.TEXTS:
            return None
        if self.kind == K.RANKING:
            ranked = [row for row in self.rows if row.mean_position is not None]
            return {"type": "ranking", "labels": [row.label for row in ranked],
                    "values": [round(row.mean_position, 2) for row in ranked], "label": _("Mean place (1 = first)")}
        return {"type": "bar", "labels": [row.label for row in self.rows], "values": [row.count for row in self.rows],
                "label": _("Marks") if self.kind == K.MAP else _("Answers"),
                "horizontal": self.kind in (K.SINGLE, K.MULTIPLE, K.MAP)}


@dataclass
class SurveyResults:
    structure: Structure
    filters: ResultFilters
    total: int
    by_channel: dict[str, int]
    questions: list[QuestionResult]

    @property
    def online(self) -> int:
        return self.by_channel.get(Channel.ONLINE, 0)

    @property
    def paper(self) -> int:
        return self.by_channel.get(Channel.PAPER, 0)

    def sections(self):
        """The results in the survey's sections, as residents saw the questions."""
        by_question = {result.question.pk: result for result in self.questions}
        return [(section, [by_question[q.pk] for q in section.question_list]) for section in self.structure.sections]

    def charts(self) -> dict:
        return {f"q{result.question.pk}": chart for result in self.questions if (chart := result.chart())}


def _percent(count: int, base: int) -> float:
    return round(100 * count / base, 1) if base else 0.0


def _float(value) -> float | None:
    return None if value is None else float(value)


def _month_label(month) -> str:
    return date_formats.date_format(month, "F Y")


def number_bins(pairs: list[tuple[Decimal, int]]) -> list[tuple[str, int]]:
    """The answers to a number question in rows: each value while there are few, else ten ranges of equal width
    (the last one including its upper end)."""
    if len(pairs) <= 12:
        return [(number_text(value), count) for value, count in sorted(pairs)]
    low, high = min(v for v, _n in pairs), max(v for v, _n in pairs)
    width = (high - low) / NUMBER_BINS
    counts = [0] * NUMBER_BINS
    for value, count in pairs:
        index = min(NUMBER_BINS - 1, int((value - low) / width))
        counts[index] += count
    edges = [low + width * i for i in range(NUMBER_BINS + 1)]
    return [(_("%(low)s to under %(high)s") % {"low": number_text(round(edges[i], 2)), "high": number_text(round(edges[i + 1], 2))}
             if i < NUMBER_BINS - 1 else
             _("%(low)s to %(high)s") % {"low": number_text(round(edges[i], 2)), "high": number_text(round(edges[i + 1], 2))},
             counts[i]) for i in range(NUMBER_BINS)]


def survey_results(structure: Structure, filters: ResultFilters | None = None, *, with_pending: bool = False,
                   texts_shown: int = TEXTS_SHOWN) -> SurveyResults:
    """Counts, percentages and averages per question over the submitted responses (filtered), counted by PostgreSQL
    in one query per kind of value, whatever the number of questions.

    Percentages are of the responses that answered the question (for a multiple choice they add up to more than
    100); a ranking's mean place is over those who ranked the option; free texts are listed once published.
    """
    filters = filters or ResultFilters()
    survey = structure.survey
    responses = responses_counted(survey, filters)
    ids = responses.values("pk")
    by_channel = dict(responses.order_by().values_list("channel").annotate(n=Count("pk")))
    results = {q.pk: QuestionResult(question=q) for q in structure.questions}
    answers = Answer.objects.filter(response__in=ids)
    for question_id, n in answers.order_by().values_list("question_id").annotate(n=Count("id")):
        results[question_id].answered = n

    choices: dict[int, dict[int, dict]] = {}
    for row in (Choice.objects.filter(answer__response__in=ids).order_by()
                .values("answer__question_id", "option_id")
                .annotate(n=Count("id"), mean=Avg("position"), firsts=Count("id", filter=Q(position=1)))):
        choices.setdefault(row["answer__question_id"], {})[row["option_id"]] = row
    stats = {row["question_id"]: row for row in answers.filter(number__isnull=False).order_by().values("question_id")
             .annotate(mean=Avg("number"), median=Median("number"), low=Min("number"), high=Max("number"))}
    numbers: dict[int, list[tuple[Decimal, int]]] = {}
    for question_id, number, n in (answers.filter(number__isnull=False).order_by().values_list("question_id", "number")
                                   .annotate(n=Count("id"))):
        numbers.setdefault(question_id, []).append((number, n))
    booleans: dict[int, dict[bool, int]] = {}
    for question_id, boolean, n in (answers.filter(boolean__isnull=False).order_by()
                                    .values_list("question_id", "boolean").annotate(n=Count("id"))):
        booleans.setdefault(question_id, {})[boolean] = n
    months: dict[int, list] = {}
    for row in (answers.filter(date__isnull=False).order_by().values("question_id", month=TruncMonth("date"))
                .annotate(n=Count("id"), low=Min("date"), high=Max("date")).order_by("question_id", "month")):
        months.setdefault(row["question_id"], []).append(row)
    marks: dict[int, dict[str, int]] = {}
    for question_id, category, n in (Mark.objects.filter(response__in=ids).order_by()
                                     .values_list("question_id", "category").annotate(n=Count("id"))):
        marks.setdefault(question_id, {})[category] = n
    text_questions = [q.pk for q in structure.questions if q.kind in Question.TEXTS]
    if text_questions:
        for question_id, status, n in (answers.filter(question_id__in=text_questions).order_by()
                                       .values_list("question_id", "status").annotate(n=Count("id"))):
            if status == ModerationStatus.APPROVED:
                results[question_id].texts_published = n
            elif status == ModerationStatus.PENDING and with_pending:
                results[question_id].texts_pending = n
        for question_id, text in (answers.filter(question_id__in=text_questions, status=ModerationStatus.APPROVED)
                                  .order_by("question_id", "id").values_list("question_id", "text")):
            if len(results[question_id].texts) < texts_shown:
                results[question_id].texts.append(text)

    for question in structure.questions:
        result = results[question.pk]
        base = result.answered
        if question.kind in (K.SINGLE, K.MULTIPLE):
            counted = choices.get(question.pk, {})
            result.rows = [Row(option.i18n.text, counted.get(option.pk, {}).get("n", 0),
                               _percent(counted.get(option.pk, {}).get("n", 0), base), value=str(option.pk))
                           for option in question.option_list]
        elif question.kind == K.RANKING:
            counted = choices.get(question.pk, {})
            rows = [Row(option.i18n.text, counted.get(option.pk, {}).get("n", 0),
                        _percent(counted.get(option.pk, {}).get("n", 0), base), value=str(option.pk),
                        mean_position=_float(counted.get(option.pk, {}).get("mean")),
                        firsts=counted.get(option.pk, {}).get("firsts", 0)) for option in question.option_list]
            result.rows = sorted(rows, key=lambda row: (row.mean_position is None, row.mean_position or 0))
        elif question.kind == K.SCALE:
            counted = dict(numbers.get(question.pk, []))
            result.rows = [Row(scale_label(question, v), counted.get(Decimal(v), 0), _percent(counted.get(Decimal(v), 0), base),
                               value=str(v)) for v in range(int(question.min_value), int(question.max_value) + 1)]
        elif question.kind == K.NUMBER:
            result.rows = [Row(label, n, _percent(n, base)) for label, n in number_bins(numbers.get(question.pk, []))]
        elif question.kind == K.YES_NO:
            counted = booleans.get(question.pk, {})
            result.rows = [Row(_("yes"), counted.get(True, 0), _percent(counted.get(True, 0), base), value=YES),
                           Row(_("no"), counted.get(False, 0), _percent(counted.get(False, 0), base), value=NO)]
        elif question.kind == K.DATE:
            rows = months.get(question.pk, [])
            result.rows = [Row(_month_label(row["month"]), row["n"], _percent(row["n"], base)) for row in rows]
            if rows:
                result.earliest, result.latest = min(r["low"] for r in rows), max(r["high"] for r in rows)
        elif question.kind == K.MAP:
            counted = marks.get(question.pk, {})
            result.marks = sum(counted.values())
            categories = question.category_list
            if categories:
                result.rows = [Row(category, counted.get(category, 0), _percent(counted.get(category, 0), result.marks))
                               for category in categories]
        if question.pk in stats and question.kind in (K.SCALE, K.NUMBER):
            row = stats[question.pk]
            result.mean, result.median, result.minimum, result.maximum = (
                _float(row["mean"]), _float(row["median"]), row["low"], row["high"])
    return SurveyResults(structure=structure, filters=filters, total=sum(by_channel.values()), by_channel=by_channel,
                         questions=[results[q.pk] for q in structure.questions])


def withheld(results: SurveyResults, *, for_the_team: bool) -> bool:
    """Filtered results of fewer than k responses are not shown to the public: a filter narrowed to one or two
    responses would show everything else those people answered (k is the heatmaps' HEATMAP_MIN_COUNT)."""
    from maps.planning.heatmap import min_count

    return not for_the_team and results.filters.active and 0 < results.total < min_count()


def results_data(results: SurveyResults) -> dict:
    """The results as the API gives them."""
    def question_data(result: QuestionResult) -> dict:
        q = result.question
        data = {"id": q.pk, "number": q.number, "text": q.i18n.text, "kind": q.kind, "answered": result.answered,
                "rows": [{"label": row.label, "value": row.value or None, "count": row.count, "percent": row.percent,
                          **({"mean_position": row.mean_position, "firsts": row.firsts} if q.kind == K.RANKING else {})}
                         for row in result.rows]}
        if q.kind in (K.SCALE, K.NUMBER):
            data.update(mean=result.mean, median=result.median, minimum=_float(result.minimum),
                        maximum=_float(result.maximum))
        if q.kind == K.DATE:
            data.update(earliest=result.earliest, latest=result.latest)
        if q.kind in Question.TEXTS:
            data.update(published=result.texts_published, texts=result.texts)
        if q.kind == K.MAP:
            data["marks"] = result.marks
        return data

    return {"responses": results.total, "online": results.online, "paper": results.paper,
            "filters": results.filters.as_query(), "questions": [question_data(r) for r in results.questions]}


# --- exports (staff and planners): one row per response; map answers as GeoJSON

def _words(question: Question, answer: dict, choices: list[tuple[int, int | None]], marks: int) -> str:
    kind = question.kind
    if kind in (K.SINGLE, K.MULTIPLE):
        return "; ".join(question.options_by_id[o].i18n.text for o, _p in choices if o in question.options_by_id)
    if kind == K.RANKING:
        ordered = sorted(choices, key=lambda pair: pair[1] or 0)
        return "; ".join(f"{p}. {question.options_by_id[o].i18n.text}" for o, p in ordered if o in question.options_by_id)
    if kind in (K.SCALE, K.NUMBER):
        return number_text(answer["number"]) if answer.get("number") is not None else ""
    if kind == K.YES_NO:
        return {True: _("yes"), False: _("no")}.get(answer.get("boolean"), "")
    if kind == K.DATE:
        return answer["date"].isoformat() if answer.get("date") else ""
    if kind in Question.TEXTS:
        # What moderators took out (rejected, hidden) stays out of the export too.
        return answer.get("text", "") if answer.get("status") in (ModerationStatus.APPROVED, ModerationStatus.PENDING) else ""
    if kind == K.MAP:
        return str(marks) if marks else ""
    return ""


def responses_csv(structure: Structure, filters: ResultFilters | None = None) -> str:
    """Every submitted response as a row (its random id, channel, day), one column per question; nobody's name, and
    no cell a spreadsheet would run as a formula. Map answers give their number of marks (the places are in the
    GeoJSON export, under the same response id)."""
    responses = list(responses_counted(structure.survey, filters).order_by("submitted_at", "id")
                     .values_list("id", "channel", "submitted_at"))
    ids = [r[0] for r in responses]
    answers = {(a["response_id"], a["question_id"]): a for a in Answer.objects.filter(response_id__in=ids)
               .values("response_id", "question_id", "number", "date", "boolean", "text", "status")}
    choices: dict[tuple, list] = {}
    for response_id, question_id, option_id, position in (Choice.objects.filter(answer__response_id__in=ids)
                                                          .values_list("answer__response_id", "answer__question_id",
                                                                       "option_id", "position").order_by("id")):
        choices.setdefault((response_id, question_id), []).append((option_id, position))
    marks = {(r, q): n for r, q, n in Mark.objects.filter(response_id__in=ids).order_by()
             .values_list("response_id", "question_id").annotate(n=Count("id"))}
    channels = dict(Channel.choices)
    out, writer = csv_writer()
    writer.writerow([_("Response"), _("Channel"), _("Submitted on"),
                     *[spreadsheet_text(f"{q.number}. {q.i18n.text}") for q in structure.questions]])
    for response_id, channel, submitted_at in responses:
        row = [str(response_id), str(channels.get(channel, channel)), local(submitted_at).date().isoformat()]
        for question in structure.questions:
            key = (response_id, question.pk)
            row.append(spreadsheet_text(_words(question, answers.get(key, {}), choices.get(key, []), marks.get(key, 0))))
        writer.writerow(row)
    return out.getvalue()


def marks_geojson(structure: Structure, filters: ResultFilters | None = None, *, question_id: int | None = None) -> str:
    """The map answers as one FeatureCollection written by PostGIS: each mark with its response's random id, its
    question and category and the channel; no person. ``question_id``: of that question only (none of another)."""
    numbers = Case(*[When(question_id=q.pk, then=Value(q.number)) for q in structure.questions],
                   output_field=IntegerField())
    marks = Mark.objects.filter(response__in=responses_counted(structure.survey, filters).values("pk"))
    if question_id is not None:
        marks = marks.filter(question_id=question_id) if abs(question_id) < 2**63 else marks.filter(NOTHING)
    rows = marks.order_by("id").values("id", "geometry").annotate(properties=JSONBuildObject(
        response=Cast("response_id", TextField()), question=F("question_id"), question_number=numbers,
        category=F("category"), channel=F("response__channel")))
    sql, params = rows.query.sql_with_params()
    return feature_collection(sql, params, members={"survey": structure.module.title})


# --- one's own response

def own_response(survey: Survey, user) -> Response | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Response.objects.filter(survey=survey, respondent=user).first()


def _mark_words(marks: list[tuple[str, str]]) -> str:
    kinds = {"Point": _("point"), "LineString": _("line"), "Polygon": _("area")}
    return "; ".join(f"{kinds.get(kind, kind)}" + (f" ({category})" if category else "") for kind, category in marks)


def response_summary(structure: Structure, response: Response) -> list[tuple[Question, str]]:
    """A submitted response in words, question by question (the thank-you page, "download my data")."""
    answers = {a.question_id: a for a in Answer.objects.filter(response=response)}
    choices: dict[int, list] = {}
    for question_id, option_id, position in (Choice.objects.filter(answer__response=response).order_by("id")
                                             .values_list("answer__question_id", "option_id", "position")):
        choices.setdefault(question_id, []).append((option_id, position))
    marks: dict[int, list] = {}
    for mark in Mark.objects.filter(response=response).order_by("id"):
        marks.setdefault(mark.question_id, []).append((mark.geometry.geom_type, mark.category))
    summary = []
    for question in structure.questions:
        answer = answers.get(question.pk)
        if answer is None:
            continue
        if question.kind == K.MAP:
            n = len(marks.get(question.pk, []))
            words = ngettext("%(n)d mark", "%(n)d marks", n) % {"n": n} + ": " + _mark_words(marks.get(question.pk, []))
        elif question.kind == K.DATE:
            words = date_formats.date_format(answer.date, "DATE_FORMAT")
        elif question.kind == K.SCALE:
            words = scale_label(question, int(answer.number))
        else:
            words = _words(question, {"number": answer.number, "boolean": answer.boolean, "text": answer.text,
                                      "date": answer.date, "status": ModerationStatus.PENDING},
                           choices.get(question.pk, []), 0)
        summary.append((question, words))
    return summary


def response_values(structure: Structure, response: Response) -> dict[str, object]:
    """A submitted response's answers in the API's shapes (what one would send to give them)."""
    answers = {a.question_id: a for a in Answer.objects.filter(response=response)}
    choices: dict[int, list] = {}
    for question_id, option_id, position in (Choice.objects.filter(answer__response=response).order_by("position", "id")
                                             .values_list("answer__question_id", "option_id", "position")):
        choices.setdefault(question_id, []).append(option_id)
    marks: dict[int, list] = {}
    for question_id, category, geojson in (Mark.objects.filter(response=response).order_by("id")
                                           .annotate(json=AsGeoJSON("geometry", precision=6))
                                           .values_list("question_id", "category", "json")):
        marks.setdefault(question_id, []).append({"geometry": json.loads(geojson), "category": category or None})
    values = {}
    for question in structure.questions:
        answer = answers.get(question.pk)
        if answer is None:
            continue
        kind = question.kind
        if kind == K.SINGLE:
            value = (choices.get(question.pk) or [None])[0]
        elif kind in (K.MULTIPLE, K.RANKING):
            value = choices.get(question.pk, [])
        elif kind in (K.SCALE, K.NUMBER):
            value = int(answer.number) if answer.number == answer.number.to_integral() else float(answer.number)
        elif kind == K.YES_NO:
            value = answer.boolean
        elif kind == K.DATE:
            value = answer.date.isoformat()
        elif kind == K.MAP:
            value = marks.get(question.pk, [])
        else:
            value = answer.text
        values[str(question.pk)] = value
    return values


def personal_data(*, user) -> list[dict]:
    """For "download my data": the surveys I answered or started, with my answers (my marks as GeoJSON)."""
    from .structure import survey_structure

    rows = []
    for response in (Response.objects.filter(respondent=user).select_related("survey__module__project")
                     .order_by("started_at")):
        structure = survey_structure(response.survey)
        row = {"survey": response.survey.module.title, "project": response.survey.module.project.title,
               "status": response.status, "started_at": response.started_at.isoformat(),
               "submitted_at": response.submitted_at.isoformat() if response.submitted_at else None}
        if response.is_submitted:
            row["answers"] = [{"question": q.number, "text": q.i18n.text, "answer": words}
                              for q, words in response_summary(structure, response)]
            row["marks"] = [{"question": structure.by_id[m.question_id].number, "category": m.category,
                             "place": json.loads(m.geometry.geojson)}
                            for m in Mark.objects.filter(response=response).order_by("id")]
            texts = Answer.objects.filter(response=response, question__kind__in=Question.TEXTS)
            row["free_texts"] = [{"question": structure.by_id[a.question_id].number, "status": a.status,
                                  "moderation_reason": a.moderation_reason} for a in texts]
        else:
            row["saved_for_later"] = response.draft
        rows.append(row)
    return rows


def surveys_listed() -> QuerySet:
    """The surveys residents find on the survey page: public ones, newest first (closed ones stay for their results)."""
    from geo_participation.projects.models import Module

    return (Module.objects.public().filter(format_key="surveys", survey__isnull=False)
            .select_related("project").defer("project__area").order_by("-start"))

