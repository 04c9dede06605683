"""Test objects of surveys (plain functions, like tests/factories/__init__.py): a survey from a short description of
its questions, and the values one would answer with."""

from django.contrib.gis.geos import MultiPolygon, Polygon

from geo_participation.surveys.models import Option, Question, Section, Survey
from geo_participation.surveys.structure import YES, survey_structure

from . import make_module, make_project

K = Question.Kind
# Around the Stiftsplatz: small enough that a place in the next street lies outside.
FORECOURT = MultiPolygon(Polygon.from_bbox((7.7660, 49.4425, 7.7740, 49.4465)), srid=4326)
INSIDE = (7.7700, 49.4445)
OUTSIDE = (7.7800, 49.4445)

EVERY_KIND = [
    {"key": "often", "kind": K.SINGLE, "text": "Wie oft bist du auf dem Platz?", "required": True,
     "options": ["täglich", "wöchentlich", "selten"]},
    {"key": "uses", "kind": K.MULTIPLE, "text": "Wofür nutzt du ihn?", "min_choices": 1, "max_choices": 2,
     "options": ["Durchgang", "Pause", "Treffen"]},
    {"key": "name", "kind": K.SHORT_TEXT, "text": "Wie würdest du den Platz nennen?"},
    {"key": "words", "kind": K.LONG_TEXT, "text": "Was fehlt dir dort?"},
    {"key": "comfort", "kind": K.SCALE, "text": "Wie wohl fühlst du dich?", "min_value": 1, "max_value": 5,
     "min_label": "gar nicht", "max_label": "sehr"},
    {"key": "wishes", "kind": K.RANKING, "text": "Was ist dir am wichtigsten?", "min_choices": 1, "max_choices": 2,
     "options": ["Bäume", "Bänke", "Wasser"]},
    {"key": "theatre", "kind": K.YES_NO, "text": "Gehst du ins Theater?", "required": True},
    {"key": "age", "kind": K.NUMBER, "text": "Wie alt bist du?", "min_value": 0, "max_value": 120},
    {"key": "when", "kind": K.DATE, "text": "Wann warst du zuletzt dort?"},
    {"key": "where", "kind": K.MAP, "text": "Wo wünschst du dir was?", "geometry_kind": "point", "min_choices": 1,
     "max_choices": 2, "categories": "Bänke\nBäume"},
    {"key": "play", "kind": K.SINGLE, "text": "Welches Stück zuletzt?", "options": ["Faust", "Carmen"],
     "condition": ("theatre", YES)},
]


def make_survey(*, questions=EVERY_KIND, state: str = "open", allow_anonymous: bool = False, area=FORECOURT,
                sections: int = 1, **module_fields) -> Survey:
    """A survey with ``questions`` (dicts as in EVERY_KIND; ``condition``: (key, value or option text)), spread over
    ``sections`` sections; ``survey.q[key]`` is the question, ``survey.o[key][text]`` an option's id."""
    project = make_project(area=area) if area is not None else make_project()
    module = make_module(format_key="surveys", state=state, project=project, **module_fields)
    survey = Survey.objects.create(module=module, allow_anonymous=allow_anonymous, intro="Danke fürs Mitmachen.")
    parts = [Section.objects.create(survey=survey, title=f"Teil {n + 1}", weight=n) for n in range(sections)]
    survey.q, survey.o = {}, {}
    for index, spec in enumerate(questions):
        spec = dict(spec)
        key, options, condition = spec.pop("key"), spec.pop("options", []), spec.pop("condition", None)
        question = Question(survey=survey, section=parts[index * sections // len(questions)], weight=index, **spec)
        if condition:
            other, value = condition
            question.condition_question = survey.q[other]
            question.condition_value = str(survey.o[other].get(value, value))
        question.full_clean()
        question.save()
        survey.o[key] = {o.text: o.pk for o in Option.objects.bulk_create(
            [Option(question=question, text=text, weight=i) for i, text in enumerate(options)])}
        survey.q[key] = question
    return survey


def point(lon_lat=INSIDE) -> dict:
    return {"type": "Point", "coordinates": list(lon_lat)}


def good_values(survey) -> dict:
    """A complete, valid response to the EVERY_KIND survey, keyed by question id."""
    q, o = survey.q, survey.o
    return {
        q["often"].pk: o["often"]["täglich"], q["uses"].pk: [o["uses"]["Pause"], o["uses"]["Treffen"]],
        q["name"].pk: "Theaterplatz", q["words"].pk: "Schatten und Bänke", q["comfort"].pk: 4,
        q["wishes"].pk: [o["wishes"]["Wasser"], o["wishes"]["Bäume"]], q["theatre"].pk: True, q["age"].pk: 42,
        q["when"].pk: "2025-05-01", q["where"].pk: [{"geometry": point(), "category": "Bänke"}],
        q["play"].pk: o["play"]["Faust"],
    }


def structure_of(survey):
    return survey_structure(survey)
