"""The questionnaire as an HTML form: it reads what a browser sends into the values the services check (the API's
shapes), and shows the services' problems under each question. It checks nothing about the answers itself,
so the page, the paper entry and the API refuse alike; only what exists in a browser is read here: the places of
the ranking's selects, a place found by address or coordinates without the map, and (without an account) the spam
protection.
"""

from __future__ import annotations

import json
import time

from django.conf import settings
from django.core import signing
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from geo_participation.core.input import json_loads
from maps.geo.selectors import gazetteer_search

from .answers import AnswersInvalid, parse_number
from .models import Question
from .structure import NO, YES, Structure, number_text, question_label, scale_label

K = Question.Kind
HONEYPOT = "website"  # a field people do not see and leave empty; form-filling robots fill it
STARTED = "started"  # when the form was shown, signed: people need more than a few seconds for a questionnaire
STARTED_SALT = "surveys.started"


def started_token(survey) -> str:
    return signing.dumps({"s": survey.pk, "t": int(time.time())}, salt=STARTED_SALT)


def _minimum_seconds() -> int:
    return int(getattr(settings, "SURVEYS_MIN_SECONDS", 5))


class QuestionField:
    """One question on the form: its current value (as entered, or saved earlier) and its problem."""

    def __init__(self, question: Question, value, problem: str = ""):
        self.question, self.value, self.problem = question, value, problem
        self.name = f"q{question.pk}"
        self.id = f"id_q{question.pk}"

    @property
    def kind(self):
        return self.question.kind

    @property
    def first_input_id(self) -> str:
        """Where an error summary's link leads: the question's first input (the map for a map question)."""
        if self.kind in (K.SINGLE, K.MULTIPLE, K.SCALE, K.YES_NO):
            return f"{self.id}_0"
        if self.kind == K.RANKING:
            options = self.question.option_list
            return f"{self.id}_{options[0].pk}" if options else self.id
        if self.kind == K.MAP:
            return f"q{self.question.pk}-map"
        return self.id

    @property
    def rules(self) -> str:
        """How to answer, in words: how many to choose or rank or mark, which numbers, how to write a date."""
        question, kind = self.question, self.kind
        available = len(question.option_list)
        if kind == K.MULTIPLE:
            low, high = question.min_choices or 1, question.max_choices or available
            if low == high:
                return ngettext("Choose %(n)d answer.", "Choose %(n)d answers.", low) % {"n": low}
            if low <= 1:
                return ngettext("Choose up to %(n)d answer.", "Choose up to %(n)d answers.", high) % {"n": high}
            return _("Choose %(low)d to %(high)d answers.") % {"low": low, "high": high}
        if kind == K.RANKING:
            low = question.min_choices or (available if question.max_choices is None else 1)
            high = question.max_choices or available
            start = _("Give each answer you rank a place: place 1 matters most to you.")
            if low == high == available:
                return f"{start} " + _("Rank all %(n)d answers.") % {"n": available}
            if low == high:
                return f"{start} " + ngettext("Rank %(n)d answer.", "Rank %(n)d answers.", low) % {"n": low}
            return f"{start} " + _("Rank %(low)d to %(high)d answers.") % {"low": low, "high": high}
        if kind == K.NUMBER:
            low, high = question.min_value, question.max_value
            if low is not None and high is not None:
                return _("A number from %(low)s to %(high)s.") % {"low": number_text(low), "high": number_text(high)}
            if low is not None:
                return _("A number of at least %(low)s.") % {"low": number_text(low)}
            if high is not None:
                return _("A number of at most %(high)s.") % {"high": number_text(high)}
            return _("A number, e.g. 12 or 3,5.")
        if kind == K.DATE:
            return _("For example 24.12.2025.")
        if kind == K.MAP:
            low, high = question.min_choices or 1, question.max_choices or 1
            what = {"point": _("points"), "line": _("lines"), "polygon": _("areas")}[question.geometry_kind]
            if low == high:
                count = ngettext("Set %(n)d mark", "Set %(n)d marks", low) % {"n": low}
            else:
                count = _("Set %(low)d to %(high)d marks") % {"low": low, "high": high}
            text = _("%(count)s (%(what)s) inside the area outlined on the map.") % {"count": count, "what": what}
            if question.category_list:
                text += " " + _("Choose a category for each mark.")
            return text
        return ""

    @property
    def describedby(self) -> str:
        ids = []
        if self.question.help_text or self.rules:
            ids.append(f"{self.id}_help")
        if self.question.condition_text:
            ids.append(f"{self.id}_condition")
        if self.problem:
            ids.append(f"{self.id}_error")
        return " ".join(ids)

    def choices(self) -> list[dict]:
        """Radio buttons or checkboxes: value, label, checked, id."""
        question = self.question
        if question.kind in (K.SINGLE, K.MULTIPLE):
            pairs = [(str(o.pk), o.i18n.text) for o in question.option_list]
        elif question.kind == K.SCALE:
            pairs = [(str(v), scale_label(question, v)) for v in range(int(question.min_value), int(question.max_value) + 1)]
        elif question.kind == K.YES_NO:
            pairs = [(YES, _("yes")), (NO, _("no"))]
        else:
            return []
        chosen = {str(v) for v in self.value} if isinstance(self.value, list) else {str(self.value)}
        return [{"value": value, "label": label, "checked": value in chosen, "id": f"{self.id}_{index}"}
                for index, (value, label) in enumerate(pairs)]

    def rank_rows(self) -> list[dict]:
        """A ranking: per option a select of its place (or none)."""
        places = self.value if isinstance(self.value, dict) else {}
        count = len(self.question.option_list)
        return [{"option": option, "name": f"{self.name}_{option.pk}", "id": f"{self.id}_{option.pk}",
                 "selected": str(places.get(str(option.pk), "")), "places": [str(n) for n in range(1, count + 1)]}
                for option in self.question.option_list]

    @property
    def text_value(self) -> str:
        return "" if self.value in (None, [], {}) else str(self.value)

    @property
    def marks_json(self) -> str:
        return json.dumps(self.value) if isinstance(self.value, list) else ""


def _shown_value(question: Question, value):
    """A saved value (a draft from the form or from the API) in the form's shape."""
    if value is None:
        return None
    kind = question.kind
    if kind == K.MULTIPLE:
        return [str(v) for v in value] if isinstance(value, list) else [str(value)]
    if kind == K.RANKING:
        if isinstance(value, dict):
            return {str(k): str(v) for k, v in value.items()}
        return {str(option): str(place) for place, option in enumerate(value if isinstance(value, list) else [], start=1)}
    if kind == K.YES_NO and isinstance(value, bool):
        return YES if value else NO
    if kind == K.MAP:
        if isinstance(value, str):
            try:
                value = json_loads(value)
            except ValueError:
                return None
        return value if isinstance(value, list) else None
    return value


class SurveyForm:
    """The questionnaire of ``structure``: from a browser's ``data``, or showing ``initial`` values (a draft)."""

    def __init__(self, structure: Structure, data=None, *, initial: dict | None = None, anonymous: bool = False):
        self.structure, self.data, self.anonymous = structure, data, anonymous
        self.problems: dict[int, str] = {}
        self.errors: list[str] = []  # about the whole questionnaire
        self._values = self._read(data) if data is not None else None
        shown = self._values if self._values is not None else {str(k): v for k, v in (initial or {}).items()}
        self.fields = {q.pk: QuestionField(q, _shown_value(q, shown.get(str(q.pk)))) for q in structure.questions}
        if data is not None and anonymous:
            self._check_spam(data)

    @property
    def is_bound(self) -> bool:
        return self.data is not None

    def values(self) -> dict:
        """What was sent, question by question, in the shapes the services read."""
        return dict(self._values or {})

    # --- reading a browser's form
    def _read(self, data) -> dict:
        values = {}
        for question in self.structure.questions:
            name, kind = f"q{question.pk}", question.kind
            if kind == K.MULTIPLE:
                value = data.getlist(name)
            elif kind == K.RANKING:
                value = self._ranking(question, data)
            elif kind == K.MAP:
                value = self._marks(question, data)
            else:
                value = data.get(name)
            if value not in (None, "", []):
                values[str(question.pk)] = value
        return values

    def _ranking(self, question: Question, data):
        places = {}
        for option in question.option_list:
            place = (data.get(f"q{question.pk}_{option.pk}") or "").strip()
            if place:
                if not place.isdigit():
                    self.problems[question.pk] = _("Please choose a place from the list for each answer you rank.")
                    return None
                places[option.pk] = int(place)
        if len(set(places.values())) != len(places):
            self.problems[question.pk] = _("Each place may be given only once: please give each ranked answer a "
                                           "place of its own.")
            return None
        return [option for option, _place in sorted(places.items(), key=lambda pair: pair[1])]

    def _marks(self, question: Question, data):
        name = f"q{question.pk}"
        sent = (data.get(name) or "").strip()
        if sent:
            try:
                return json_loads(sent)
            except ValueError:
                return sent  # the services say it could not be read
        # Without the map (no JavaScript): one point, found by address or given by coordinates.
        latitude, longitude = (data.get(f"{name}_lat") or "").strip(), (data.get(f"{name}_lon") or "").strip()
        place = (data.get(f"{name}_place") or "").strip()
        category = (data.get(f"{name}_category") or "").strip() or None
        if latitude or longitude:
            try:
                lat, lon = float(parse_number(latitude)), float(parse_number(longitude))
            except (ValueError, ArithmeticError):
                self.problems[question.pk] = _("Please give both latitude and longitude as numbers, e.g. 49,4447 "
                                               "and 7,7690.")
                return None
            return [{"geometry": {"type": "Point", "coordinates": [lon, lat]}, "category": category}]
        if place:
            found = gazetteer_search(place, limit=1)
            if not found:
                self.problems[question.pk] = _("We found no street or place called “%(place)s”. Please try another "
                                               "spelling.") % {"place": place[:60]}
                return None
            return [{"geometry": {"type": "Point", "coordinates": [found[0]["lon"], found[0]["lat"]]}, "category": category}]
        return None

    def _check_spam(self, data) -> None:
        if (data.get(HONEYPOT) or "").strip():
            self.errors.append(_("Your answers could not be accepted. Please leave the field “Website” empty."))
        try:
            started = signing.loads(data.get(STARTED) or "", salt=STARTED_SALT, max_age=2 * 24 * 3600)
            elapsed = time.time() - started["t"]
            if started["s"] != self.structure.survey.pk:
                raise signing.BadSignature
        except (signing.BadSignature, KeyError, TypeError):
            self.errors.append(_("The form has expired. Please send your answers once more."))
            return
        if elapsed < _minimum_seconds():
            self.errors.append(_("That was very quick. Please take a moment to check your answers, then send them "
                                 "again."))

    # --- problems
    def add_error(self, error) -> None:
        """Show a service's ValidationError: each question's problem under it, the rest above the form."""
        if isinstance(error, AnswersInvalid):
            for question_id, problem in error.problems.items():
                self.problems.setdefault(question_id, problem)
        for name, messages in error.message_dict.items():
            if not (name.startswith("q") and name[1:].isdigit()):
                self.errors += messages

    @property
    def has_problems(self) -> bool:
        return bool(self.problems or self.errors)

    def summary(self) -> list[tuple[str, str]]:
        """The error summary: links to each question with a problem, in the questionnaire's order."""
        rows = []
        for question in self.structure.questions:
            if question.pk in self.problems:
                field = self.fields[question.pk]
                field.problem = self.problems[question.pk]
                rows.append((f"#{field.first_input_id}", f"{question_label(question)}: {field.problem}"))
        return rows

    def sections(self):
        for question_id, problem in self.problems.items():
            self.fields[question_id].problem = problem
        return [(section, [self.fields[q.pk] for q in section.question_list]) for section in self.structure.sections]
