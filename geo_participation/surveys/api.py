"""The survey API: a survey's questions, one's own response (send it, save it for later, read it back), the results
for those who may see them, and for planners and staff the exports (CSV of every response, GeoJSON of the map
answers); the heatmap of the map answers for whoever sees the results. The same checks as the pages (answers.py),
the same rules (rules.py).
"""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field,
                                   extend_schema_serializer, inline_serializer)
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import Throttled
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from geo_participation.core.api import LenientJSONParser, StrictInput
from geo_participation.core.limits import rate_exceeded
from geo_participation.projects.door import ModuleApiView
from maps.geo.layers import RowQuery
from maps.planning import heatmap
from maps.planning.api import AnyAccept
from maps.planning.auth import ApiTokenAuthentication

from .layers import MarkFilters, layers_of
from .models import Question
from .selectors import (filters_from_query, marks_geojson, own_response, response_values, responses_counted,
                        responses_csv, results_data, survey_of, survey_results, withheld)
from .services import response_save_draft, response_submit
from .structure import survey_structure

GEOJSON = "application/geo+json"
BODY_LIMIT = 512 * 1024  # a long questionnaire with drawn areas is far smaller
TOO_MANY = gettext_lazy("Too many requests in a short time. Please wait a little and try again.")


class GeoJSONRenderer(JSONRenderer):
    media_type = GEOJSON
    format = "geojson"


class SurveyApi(ModuleApiView):
    """The survey format's door (projects.door): its module, with the survey's settings."""

    format_key = "surveys"
    parser_classes = [LenientJSONParser]
    body_limit = BODY_LIMIT
    rate: str | None = None  # core.limits: how often one client may ask

    @property
    def throttled_methods(self):  # for the OpenAPI schema: 429
        return ("GET",) if self.rate else ()

    def load_module(self, slug):
        module = super().load_module(slug)
        if module is not None and survey_of(module) is None:
            return None  # a survey whose questions staff have not set up is not found
        return module

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if self.rate and (wait := rate_exceeded(request, self.rate)):
            raise Throttled(wait=wait, detail=str(TOO_MANY))

    @property
    def survey(self):
        return self.module.survey

    @cached_property
    def structure(self):
        return survey_structure(self.survey)

    def result_filters(self):
        return filters_from_query(self.request.query_params, self.structure)


FILTERS = [
    OpenApiParameter("answer", OpenApiTypes.STR, pattern=r"^(\d+:[-\w]+)?$",
                     description="Only responses whose answer to a question is (multiple choice: contains) a value: "
                                 "<question id>:<value>, the value an option id, yes/no, or a scale's number; e.g. 12:34."),
    OpenApiParameter("channel", OpenApiTypes.STR, enum=["online", "paper"], description="Only responses of one channel."),
]
MAP_QUESTION = OpenApiParameter("question", OpenApiTypes.INT, description="Only the marks of this map question (its "
                                                                         "id); another id matches nothing.")


def question_asked(request) -> int | None:
    """``?question=``: a whole number (an id that is not one of the survey's map questions matches nothing)."""
    value = request.query_params.get("question")
    if value in (None, ""):
        return None
    try:
        return int(value)
    except ValueError:
        raise ApiValidationError({"question": [_("Please give the id of one of this survey's map questions.")]}) from None


# --- the questions

@extend_schema_serializer(component_name="SurveyOption")
class OptionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField(source="i18n.text", help_text="In the reader's language where staff gave it.")


@extend_schema_field(inline_serializer("SurveyCondition", {
    "question": serializers.IntegerField(help_text="The earlier question's id."),
    "value": serializers.CharField(help_text="An option id, yes or no, or a scale's number."),
}))
class ConditionField(serializers.Field):
    def to_representation(self, question):
        return {"question": question.condition_question_id, "value": question.condition_value} if question.condition else None


@extend_schema_serializer(component_name="SurveyQuestion")
class QuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField(help_text="1, 2, 3 … across the sections, as residents see them.")
    kind = serializers.ChoiceField(choices=Question.Kind.choices)
    text = serializers.CharField(source="i18n.text")
    help_text = serializers.CharField(source="i18n.help_text")
    required = serializers.BooleanField()
    min_value = serializers.FloatField(allow_null=True, help_text="Scale: its lowest value; number: the smallest allowed.")
    max_value = serializers.FloatField(allow_null=True, help_text="Scale: its highest value; number: the largest allowed.")
    min_label = serializers.CharField(source="i18n.min_label", help_text="Scale: the words for its lowest value.")
    max_label = serializers.CharField(source="i18n.max_label", help_text="Scale: the words for its highest value.")
    min_choices = serializers.IntegerField(allow_null=True, help_text="Multiple choice, ranking, map: at least this many "
                                                                      "(empty: 1; ranking: all options).")
    max_choices = serializers.IntegerField(allow_null=True, help_text="Multiple choice, ranking: at most this many (empty: "
                                                                      "all); map: marks (empty: 1).")
    geometry_kind = serializers.CharField(help_text="Map: point, line or polygon; empty otherwise.")
    categories = serializers.ListField(child=serializers.CharField(), source="category_list",
                                       help_text="Map: each mark's category is one of these; none: no category.")
    condition = ConditionField(source="*", allow_null=True,
                               help_text="Asked only if the earlier question's answer is (multiple choice: contains) "
                                         "the value; null: always asked.")
    options = OptionSerializer(many=True, source="option_list")


@extend_schema_serializer(component_name="SurveySection")
class SectionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField(source="i18n.title")
    description = serializers.CharField(source="i18n.description")
    questions = QuestionSerializer(many=True, source="question_list")


class SurveyDetailApi(SurveyApi):
    """A survey: its period, its settings and its questions in sections, with their rules."""

    @extend_schema_serializer(component_name="Survey")
    class OutputSerializer(serializers.Serializer):
        title = serializers.CharField(source="module.i18n.title")
        state = serializers.CharField(source="module.state")
        start = serializers.DateTimeField(source="module.start")
        end = serializers.DateTimeField(source="module.end")
        results_published_at = serializers.DateTimeField(source="module.results_published_at", allow_null=True)
        intro = serializers.CharField()
        allow_anonymous = serializers.BooleanField(help_text="Answers without an account (on the page only).")
        sections = SectionSerializer(many=True)

    @extend_schema(responses=OutputSerializer)
    def get(self, request, **kwargs):
        structure = self.structure
        return Response(self.OutputSerializer({"module": self.module, "intro": self.survey.i18n.intro,
                                               "allow_anonymous": self.survey.allow_anonymous,
                                               "sections": structure.sections}).data)


# --- one's own response

ANSWER_VALUE_HELP = ("single choice: an option id; multiple choice: a list of option ids; ranking: a list of option "
                     "ids, first ranked first; scale, number: a number; yes/no: true or false; date: YYYY-MM-DD; "
                     "texts: a string; map: a list of marks {\"geometry\": <GeoJSON Point, LineString or Polygon in "
                     "WGS 84>, \"category\": <one of the question's categories, or null>}. null or [] leaves it "
                     "unanswered.")


@extend_schema_serializer(component_name="SurveyAnswer")
class AnswerSerializer(serializers.Serializer):
    question = serializers.IntegerField(help_text="The question's id.")
    value = serializers.JSONField(allow_null=True, help_text=ANSWER_VALUE_HELP)


@extend_schema_serializer(component_name="SurveyAnswerInput")
class AnswerInput(StrictInput, AnswerSerializer):
    """One answer as sent: these two fields, nothing else."""


@extend_schema_serializer(component_name="SurveyAnswersInput")
class AnswersInput(StrictInput, serializers.Serializer):
    answers = AnswerInput(many=True, max_length=1000,
                               help_text="Each question of the survey (its structure lists them) at most once; sending "
                                         "needs every required question that its conditions show answered. Another "
                                         "question id, a repeated one or a missing required answer is a 400.")


@extend_schema_serializer(component_name="MySurveyResponse")
class MyResponseSerializer(serializers.Serializer):
    status = serializers.CharField(help_text="none: not answered yet; draft: saved for later; submitted: sent.")
    started_at = serializers.DateTimeField(allow_null=True)
    saved_at = serializers.DateTimeField(allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)
    answers = AnswerSerializer(many=True, help_text="Your answers (a draft's as you saved them).")


def _described(structure, response) -> dict:
    if response is None:
        return {"status": "none", "started_at": None, "saved_at": None, "submitted_at": None, "answers": []}
    values = response_values(structure, response) if response.is_submitted else response.draft
    return {"status": response.status, "started_at": response.started_at, "saved_at": response.updated_at,
            "submitted_at": response.submitted_at,
            "answers": [{"question": int(question), "value": value} for question, value in values.items()]}


class ResponseApi(SurveyApi):
    """Your own response: GET it; POST sends it (once; every answer is checked, problems name the question);
    PUT saves it as a draft to send later (checked only when sent). For confirmed residents; answers without an
    account are given on the survey's page, which protects them against spam."""

    permission_required = {"GET": "surveys.view_own_response", "POST": "surveys.answer_as_resident",
                           "PUT": "surveys.answer_as_resident"}
    login_required = True  # for the OpenAPI schema: one's own response, never anyone else's
    # POST/PUT may refuse with a Conflict (400, its own code): already_answered
    http_method_names = ["get", "post", "put", "head", "options"]

    def answers(self) -> dict:
        data = AnswersInput(data=self.request.data)
        data.is_valid(raise_exception=True)
        values = {}
        for item in data.validated_data["answers"]:
            if item["question"] in values:
                raise ApiValidationError({"answers": [_("Question %(id)d is answered twice.") % {"id": item["question"]}]})
            values[item["question"]] = item["value"]
        return values

    @extend_schema(responses=MyResponseSerializer)
    def get(self, request, **kwargs):
        return Response(MyResponseSerializer(_described(self.structure, own_response(self.survey, request.user))).data)

    @extend_schema(request=AnswersInput, responses={201: MyResponseSerializer})
    def post(self, request, **kwargs):
        response = response_submit(survey=self.survey, values=self.answers(), respondent=request.user,
                                   structure=self.structure)
        return Response(MyResponseSerializer(_described(self.structure, response)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AnswersInput, responses=MyResponseSerializer)
    def put(self, request, **kwargs):
        response = response_save_draft(survey=self.survey, values=self.answers(), respondent=request.user,
                                       structure=self.structure)
        return Response(MyResponseSerializer(_described(self.structure, response)).data)


# --- results and exports

class ResultsApi(SurveyApi):
    """The results: per question the responses that answered it, counts and shares per answer, means, medians and
    extremes of scales and numbers, a ranking's mean places, published free texts, the number of marks; filtered."""

    permission_required = "surveys.view_results"
    may_refuse_reading = True  # for the OpenAPI schema: results are public once published, before that 403
    rate = "read"

    @extend_schema(parameters=FILTERS, responses=inline_serializer("SurveyResults", {
        "responses": serializers.IntegerField(), "online": serializers.IntegerField(), "paper": serializers.IntegerField(),
        "filters": serializers.DictField(), "questions": serializers.ListField(child=serializers.DictField()),
        "withheld": serializers.BooleanField(help_text="True when a filter left fewer than k responses: then the "
                                                       "questions are withheld from the public (planners see them).")}))
    def get(self, request, **kwargs):
        team = request.user.has_perm("surveys.export_responses", self.module)
        results = survey_results(self.structure, self.result_filters(), with_pending=team)
        data = results_data(results)
        data["withheld"] = withheld(results, for_the_team=team)
        if data["withheld"]:
            data["questions"] = []
        return Response(data)


class HeatmapApi(SurveyApi):
    """The map answers as hexagons with the number of marks in each (the planners' heatmap): cells with fewer than
    k marks are left out, so that nobody can be located; the rule is in the file's metadata."""

    permission_required = "surveys.view_results"
    may_refuse_reading = True
    renderer_classes = [GeoJSONRenderer, JSONRenderer]
    content_negotiation_class = AnyAccept
    rate = "read"

    @extend_schema(parameters=[*FILTERS, MAP_QUESTION, OpenApiParameter(
        "cell", OpenApiTypes.INT, enum=list(heatmap.CELL_SIZES), description="Edge length of the hexagons in metres.")],
        responses={(200, GEOJSON): OpenApiResponse(OpenApiTypes.OBJECT, description="FeatureCollection of hexagons")})
    def get(self, request, **kwargs):
        layers = layers_of(self.module)
        if not layers:
            raise ApiValidationError({"question": [_("This survey has no map question.")]})
        layer = layers[0]
        filters = self.result_filters()
        marks = MarkFilters()
        if (question := question_asked(request)) is not None:
            marks.questions, marks.matches_nothing = [question], abs(question) >= 2**63
        if filters.active:
            marks.responses = responses_counted(self.survey, filters).values("pk")
        size = heatmap.parse_cell_size(request.query_params.get("cell") or 100)
        body = heatmap.heatmap_geojson(layer, RowQuery(filters=marks), size=size, filters=filters.as_query())
        return HttpResponse(body, content_type=GEOJSON)


class ExportApi(SurveyApi):
    """Planners and staff, by session or personal API token (Authorization: Bearer mw_…)."""

    permission_required = "surveys.export_responses"
    # The session first: a visitor without one is refused with 403 and a code, as everywhere in the API.
    authentication_classes = [SessionAuthentication, ApiTokenAuthentication]
    content_negotiation_class = AnyAccept
    login_required = True
    rate = "download"

    def attach(self, response, name: str):
        response["Content-Disposition"] = f'attachment; filename="umfrage-{self.module.slug}-{name}"'
        response["Cache-Control"] = "private, no-store"
        return response


class ExportCsvApi(ExportApi):
    """Every submitted response as one row (its random id, channel, day), one column per question; semicolons,
    UTF-8; no name, no cell a spreadsheet would run as a formula. Map answers give their number of marks."""

    @extend_schema(parameters=FILTERS, responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY)})
    def get(self, request, **kwargs):
        csv = responses_csv(self.structure, self.result_filters())
        return self.attach(HttpResponse(csv, content_type="text/csv; charset=utf-8"), "antworten.csv")


class MarksApi(ExportApi):
    """The map answers as GeoJSON (RFC 7946, WGS 84): each mark with its response's random id, its question (id
    and number), category and channel; no person."""

    renderer_classes = [GeoJSONRenderer, JSONRenderer]

    @extend_schema(parameters=[*FILTERS, MAP_QUESTION],
                   responses={(200, GEOJSON): OpenApiResponse(OpenApiTypes.OBJECT, description="FeatureCollection")})
    def get(self, request, **kwargs):
        body = marks_geojson(self.structure, self.result_filters(), question_id=question_asked(request))
        return self.attach(HttpResponse(body, content_type=GEOJSON), "kartenantworten.geojson")
