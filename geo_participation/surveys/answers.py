"""Checking answers: every rule a response must keep, in one place for the form, the paper entry and the API.

Answers come as ``{question id: value}`` in the API's shapes (strings as a form sends them are read too):

==========================  ============================================================================
single choice               an option id
multiple choice             a list of option ids
ranking                     a list of option ids, the first ranked first
scale, number               a number (a string with a decimal comma is read as well)
yes/no                      true or false ("yes"/"no" too)
date                        "YYYY-MM-DD" (or "DD.MM.YYYY")
short and long text         a string
map                         a list of marks: ``{"geometry": <GeoJSON Point, LineString or Polygon>,
                            "category": "<one of the question's categories>"}``
==========================  ============================================================================

No value, ``null``, ``""`` and ``[]`` mean "not answered". Every problem names the question by its number and text,
in the person's language; all problems of a response are found at once, so that a person fixes them in one go.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.contrib.gis.geos import GEOSException, GEOSGeometry, LinearRing, LineString, Point, Polygon
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from geo_participation.core.input import json_loads
from maps.geo.parsing import GeoJSONError, geometry_object, position

from .models import GeometryKind, Question
from .structure import NO, YES, Structure, number_text, question_label

SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 4000
MAX_VERTICES = 500  # per mark: a drawn line or area needs a few dozen points
NUMBER_LIMIT = Decimal(10) ** 12
GEOMETRY_TYPES = {GeometryKind.POINT: "Point", GeometryKind.LINE: "LineString", GeometryKind.POLYGON: "Polygon"}
GERMAN_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


def field_name(question) -> str:
    """The key naming a question in errors (400 answers, forms): ``q<id>``."""
    return f"q{question.pk}"


@dataclass
class Clean:
    """A checked answer, ready to store."""

    question: Question
    option_ids: list[int] = field(default_factory=list)  # chosen; for a ranking in order
    number: Decimal | None = None
    date: dt.date | None = None
    boolean: bool | None = None
    text: str = ""
    marks: list[tuple[GEOSGeometry, str]] = field(default_factory=list)

    def matches(self, value: str) -> bool:
        """Whether this answer is (or, for a multiple choice, contains) ``value``: a condition's or a filter's."""
        kind = self.question.kind
        if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE, Question.Kind.RANKING):
            return str(value).isdigit() and int(value) in self.option_ids
        if kind == Question.Kind.YES_NO:
            return self.boolean is (value == YES) and value in (YES, NO)
        if kind == Question.Kind.SCALE:
            try:
                return self.number == Decimal(str(value))
            except InvalidOperation:
                return False
        return False


class AnswersInvalid(ValidationError):
    """The problems of a response: ``problems`` maps each question's id to its problem (without the question's
    name, for the form, which shows it under the question); the messages name the question (API, summaries)."""

    def __init__(self, problems: dict, structure: Structure, other: dict | None = None):
        self.problems = problems
        messages = {field_name(structure.by_id[qid]): f"{question_label(structure.by_id[qid])}: {problem}"
                    for qid, problem in problems.items()}
        super().__init__({**messages, **(other or {})})


class Problem(Exception):
    """One question's problem, in words for the person."""


def is_empty(value) -> bool:
    return value is None or value == "" or value == [] or value == {} or (isinstance(value, str) and not value.strip())


def answers_clean(structure: Structure, values: dict) -> dict[int, Clean]:
    """The answers checked against the survey: every question's rules, in order, and the conditions between them.

    ``values`` maps question ids (int or str) to values. Raises ``AnswersInvalid`` naming every question with a
    problem (and ``answers`` for ids that are no question of this survey).
    """
    given, unknown = {}, []
    for key, value in values.items():
        try:
            question = structure.by_id[int(key)]
        except (KeyError, ValueError, TypeError):
            unknown.append(str(key)[:20])
            continue
        given[question.pk] = value
    problems: dict[int, str] = {}
    clean: dict[int, Clean] = {}
    undecided: set[int] = set()  # questions whose visibility depends on an answer with a problem
    for question in structure.questions:
        value = given.get(question.pk)
        condition = question.condition
        if condition is not None:
            if condition.pk in undecided or condition.pk in problems:
                undecided.add(question.pk)
                continue
            earlier = clean.get(condition.pk)
            if earlier is None or not earlier.matches(question.condition_value):
                if not is_empty(value):
                    problems[question.pk] = _("This question is asked only in another case (%(condition)s) and "
                                              "must stay empty here.") % {"condition": question.condition_text.rstrip(".")}
                continue
        if is_empty(value):
            if question.required:
                problems[question.pk] = _("Please answer this question; it is required.")
            continue
        try:
            clean[question.pk] = _clean_value(structure, question, value)
        except Problem as problem:
            problems[question.pk] = str(problem)
    other = {}
    if unknown:
        other["answers"] = ngettext("There is no question %(ids)s in this survey.",
                                    "There are no questions %(ids)s in this survey.", len(unknown)) % {"ids": ", ".join(unknown)}
    if problems or other:
        raise AnswersInvalid(problems, structure, other)
    return clean


def _clean_value(structure: Structure, question: Question, value) -> Clean:
    kind = question.kind
    K = Question.Kind
    if kind == K.SINGLE:
        if isinstance(value, list):
            if len(value) != 1:
                raise Problem(_("Please choose exactly one answer."))
            value = value[0]
        return Clean(question, option_ids=[_option_id(question, value)])
    if kind in (K.MULTIPLE, K.RANKING):
        return Clean(question, option_ids=_option_list(question, value))
    if kind == K.SCALE:
        number = _number(value)
        low, high = int(question.min_value), int(question.max_value)
        if number != number.to_integral() or not low <= number <= high:
            raise Problem(_("Please choose a whole number from %(low)d to %(high)d.") % {"low": low, "high": high})
        return Clean(question, number=number.quantize(Decimal(1)))
    if kind == K.NUMBER:
        number = _number(value)
        low, high = question.min_value, question.max_value
        if (low is not None and number < low) or (high is not None and number > high):
            raise Problem(_number_range(low, high))
        return Clean(question, number=number)
    if kind == K.YES_NO:
        return Clean(question, boolean=_boolean(value))
    if kind == K.DATE:
        return Clean(question, date=_date(value))
    if kind in (K.SHORT_TEXT, K.LONG_TEXT):
        if not isinstance(value, str):
            raise Problem(_("Please answer in words (a text)."))
        text = value.strip()
        limit = SHORT_TEXT_MAX if kind == K.SHORT_TEXT else LONG_TEXT_MAX
        if len(text) > limit:
            raise Problem(_("Please write at most %(max)d characters (you wrote %(n)d).") % {"max": limit, "n": len(text)})
        if "\x00" in text:
            raise Problem(_("The text contains a character that is not allowed."))
        return Clean(question, text=text)
    if kind == K.MAP:
        return Clean(question, marks=_marks(structure, question, value))
    raise Problem(_("This question cannot be answered."))


def _option_id(question: Question, value) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).strip().isdigit():
        raise Problem(_("“%(value)s” is not one of this question's answers.") % {"value": str(value)[:40]})
    option_id = int(str(value).strip())
    if option_id not in question.options_by_id:
        raise Problem(_("“%(value)s” is not one of this question's answers.") % {"value": option_id})
    return option_id


def _option_list(question: Question, value) -> list[int]:
    if not isinstance(value, list):
        value = [value]
    ids = [_option_id(question, item) for item in value]
    if len(set(ids)) != len(ids):
        raise Problem(_("Each answer may be chosen only once.") if question.kind == Question.Kind.MULTIPLE
                      else _("Each answer may be ranked only once."))
    available = len(question.option_list)
    if question.kind == Question.Kind.MULTIPLE:
        low, high = question.min_choices or 1, question.max_choices or available
        few = ngettext("Please choose at least %(n)d answer.", "Please choose at least %(n)d answers.", low)
        many = ngettext("Please choose at most %(n)d answer.", "Please choose at most %(n)d answers.", high)
    else:
        low = question.min_choices or (available if question.max_choices is None else 1)
        high = question.max_choices or available
        few = (_("Please rank all %(n)d answers.") if low == available
               else ngettext("Please rank at least %(n)d answer.", "Please rank at least %(n)d answers.", low))
        many = ngettext("Please rank at most %(n)d answer.", "Please rank at most %(n)d answers.", high)
    if len(ids) < low:
        raise Problem(few % {"n": low})
    if len(ids) > high:
        raise Problem(many % {"n": high})
    return ids


def parse_number(value) -> Decimal:
    """A number from JSON or from a form: a decimal comma (1,5) and thousands dots (1.234,5) are read as Germans
    write them."""
    if isinstance(value, bool) or value is None:
        raise ValueError
    if isinstance(value, (int, float)):
        text = repr(value) if isinstance(value, float) else str(value)
    elif isinstance(value, str):
        text = value.strip().replace(" ", "").replace("\u202f", "").replace("\u00a0", "")
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
    else:
        raise ValueError
    number = Decimal(text)  # raises InvalidOperation (an ArithmeticError) for anything else
    if not number.is_finite():
        raise ValueError
    return number


def _number(value) -> Decimal:
    try:
        number = parse_number(value)
    except (ValueError, ArithmeticError):
        raise Problem(_("“%(value)s” is not a number. Please write a number, e.g. 12 or 3,5.")
                      % {"value": str(value)[:40]}) from None
    if abs(number) >= NUMBER_LIMIT:
        raise Problem(_("This number is too large."))
    return number.quantize(Decimal("0.0001")) if number.as_tuple().exponent < -4 else number


def _number_range(low, high) -> str:
    if low is not None and high is not None:
        return _("Please give a number from %(low)s to %(high)s.") % {"low": number_text(low), "high": number_text(high)}
    if low is not None:
        return _("Please give a number of at least %(low)s.") % {"low": number_text(low)}
    return _("Please give a number of at most %(high)s.") % {"high": number_text(high)}


def _boolean(value) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in (YES, "ja", "true"):
        return True
    if text in (NO, "nein", "false"):
        return False
    raise Problem(_("Please answer yes or no."))


def _date(value) -> dt.date:
    text = value.strip() if isinstance(value, str) else ""
    german = GERMAN_DATE.fullmatch(text)
    try:
        if german:
            day, month, year = (int(part) for part in german.groups())
            return dt.date(year, month, day)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return dt.date.fromisoformat(text)
    except ValueError:
        pass
    raise Problem(_("“%(value)s” is not a valid date. Please write it as DD.MM.YYYY (e.g. 24.12.2025) or "
                    "YYYY-MM-DD.") % {"value": str(value)[:40]})


# --- map answers

def _marks(structure: Structure, question: Question, value) -> list[tuple[GEOSGeometry, str]]:
    if isinstance(value, str):
        try:
            value = json_loads(value)
        except ValueError:  # also InputRefused: nested too deep, control characters
            raise Problem(_("The marks could not be read. Please set them again.")) from None
    if isinstance(value, dict):
        value = [value]  # one mark on its own
    if not isinstance(value, list) or not all(isinstance(mark, dict) for mark in value):
        raise Problem(_("Please send the marks as a list of objects with “geometry” and “category”."))
    low, high = question.min_choices or 1, question.max_choices or 1
    kind_words = GeometryKind(question.geometry_kind).label
    if len(value) < low:
        raise Problem(ngettext("Please set at least %(n)d mark (%(kind)s).", "Please set at least %(n)d marks (%(kind)s).",
                               low) % {"n": low, "kind": kind_words})
    if len(value) > high:
        raise Problem(ngettext("Please set at most %(n)d mark.", "Please set at most %(n)d marks.", high) % {"n": high})
    categories = question.category_list
    marks = []
    for index, mark in enumerate(value, start=1):
        try:
            geometry = _geometry(mark.get("geometry"), question.geometry_kind)
        except Problem as problem:
            raise Problem(_("Mark %(n)d: %(problem)s") % {"n": index, "problem": problem}) from None
        if not structure.area.covers(geometry):
            if geometry.geom_type == "Point" and structure.area.covers(Point(geometry.y, geometry.x, srid=4326)):
                raise Problem(_("Mark %(n)d lies outside the area of this survey. Did you swap latitude and longitude? "
                                "In GeoJSON the longitude comes first.") % {"n": index})
            raise Problem(_("Mark %(n)d lies outside the area of this survey. Please set it inside the area shown "
                            "on the map.") % {"n": index})
        category = mark.get("category")
        category = category.strip() if isinstance(category, str) else category
        if categories:
            if category in (None, ""):
                raise Problem(_("Please choose a category for mark %(n)d.") % {"n": index})
            if category not in categories:
                raise Problem(_("Mark %(n)d: “%(category)s” is not a category of this question (%(categories)s).")
                              % {"n": index, "category": str(category)[:40], "categories": ", ".join(categories)})
        elif category not in (None, ""):
            raise Problem(_("Mark %(n)d: this question has no categories; please leave the category out.") % {"n": index})
        marks.append((geometry, category or ""))
    return marks


def _positions(value, minimum: int, counter: list) -> list[tuple[float, float]]:
    if not isinstance(value, list) or not value:
        raise Problem(_("The geometry has no coordinates."))
    positions = []
    for item in value:
        try:
            positions.append(position(item))
        except GeoJSONError as error:
            raise Problem(str(error)) from None
        counter[0] += 1
        if counter[0] > MAX_VERTICES:
            raise Problem(_("Too many points: at most %(max)d are allowed.") % {"max": MAX_VERTICES})
    if len(set(positions)) < minimum:
        raise Problem(_("A line needs at least two different points.") if minimum == 2
                      else _("An area needs at least three different corners."))
    return positions


def _geometry(value, kind: str) -> GEOSGeometry:
    """A GEOS geometry of the question's kind from a GeoJSON geometry, valid, in WGS 84."""
    try:
        value = geometry_object(value)
    except GeoJSONError as error:
        raise Problem(str(error)) from None
    wanted = GEOMETRY_TYPES[kind]
    if value["type"] != wanted:
        given = {"Point": _("This is a point"), "LineString": _("This is a line"), "Polygon": _("This is an area")}
        if value["type"] not in given:
            raise Problem(_("Unknown geometry type “%(type)s”: please send a %(wanted)s.")
                          % {"type": str(value["type"])[:30], "wanted": wanted})
        raise Problem(_("%(given)s; please set %(kind)s here.") % {"given": given[value["type"]],
                                                                  "kind": GeometryKind(kind).label})
    coordinates, counter = value.get("coordinates"), [0]
    try:
        if wanted == "Point":
            if not isinstance(coordinates, list) or not coordinates:
                raise Problem(_("The geometry has no coordinates."))
            try:
                geometry = Point(*position(coordinates), srid=4326)
            except GeoJSONError as error:
                raise Problem(str(error)) from None
        elif wanted == "LineString":
            geometry = LineString(_positions(coordinates, 2, counter), srid=4326)
        else:
            if not isinstance(coordinates, list) or not coordinates:
                raise Problem(_("The geometry has no coordinates."))
            rings = []
            for ring in coordinates:
                positions = _positions(ring, 3, counter)
                if len(positions) < 4 or positions[0] != positions[-1]:
                    raise Problem(_("An area's outline must be closed: at least four positions, the last equal to the "
                                    "first."))
                rings.append(LinearRing(positions))
            geometry = Polygon(*rings, srid=4326)
    except (GEOSException, ValueError, TypeError):
        raise Problem(_("The geometry could not be read.")) from None
    if not geometry.valid:
        raise Problem(_("The area's outline crosses itself. Please draw it again without crossings.")
                      if wanted == "Polygon" else _("The geometry is not valid: %(reason)s") % {"reason": geometry.valid_reason})
    return geometry
