"""The poll API: the poll, one's own vote (cast, change, look up), the merged result (never who chose what); and
for staff the postcard tallies: the log of a poll, entering, confirming and correcting."""

from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from geo_participation.core.api import GeoJSONRenderer, JSONParser, RulesPermission, StrictInput
from geo_participation.core.openapi import FeatureCollectionType, FeatureType, PointSchema
from geo_participation.core.refusals import NOT_FOUND
from geo_participation.projects.door import ModuleApiView
from maps.ballot_boxes.models import BallotBox
from maps.ballot_boxes.selectors import boxes_geojson

from .models import Poll, PostcardTally
from .selectors import my_participation, poll_by_module_slug, poll_result, tally_log
from .services import ballot_cast, ballot_change, tally_confirm, tally_correct, tally_create


class PollApi(ModuleApiView):
    """The polls format's door (projects.door): the module comes with its poll, in one prepared query."""

    format_key = "polls"

    def load_module(self, slug):
        poll = poll_by_module_slug(slug=slug, format_key=self.format_key)
        return poll.module if poll is not None else None  # a format whose poll staff have not set up is not found

    @property
    def poll(self) -> Poll:
        return self.module.poll


class OptionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    image = serializers.SerializerMethodField()
    image_alt = serializers.CharField()

    def get_image(self, option) -> str | None:
        return self.context["request"].build_absolute_uri(option.image.url) if option.image else None


class PollDetailApi(PollApi):
    """A poll: its settings, period and options."""

    @extend_schema_serializer(component_name="Poll")
    class OutputSerializer(serializers.Serializer):
        title = serializers.CharField(source="module.i18n.title")
        state = serializers.CharField(source="module.state")
        start = serializers.DateTimeField(source="module.start")
        end = serializers.DateTimeField(source="module.end")
        kind = serializers.CharField()
        max_choices = serializers.IntegerField()
        allow_vote_change = serializers.BooleanField()
        results_visibility = serializers.CharField()
        results_published_at = serializers.DateTimeField(source="module.results_published_at", allow_null=True,
                                                         help_text="When staff published the final result; null before.")
        realised_count = serializers.IntegerField(allow_null=True)
        options = OptionSerializer(many=True, source="options.all")

    @extend_schema(responses=OutputSerializer)
    def get(self, request, **kwargs):
        return Response(self.OutputSerializer(self.poll, context={"request": request}).data)


class VoteApi(PollApi):
    """Your own vote: GET whether (and, while you may change it, what) you voted; POST casts it; PUT changes it."""

    permission_required = {"POST": "polls.add_ballot", "PUT": "polls.change_ballot", "GET": "polls.view_own_vote"}
    login_required = True  # for the OpenAPI schema: one's own vote, so no anonymous access
    # POST/PUT may refuse with a Conflict (400, its own code): already_voted; not_voted, vote_sealed, vote_change_not_allowed

    @extend_schema_serializer(component_name="VoteInput")
    class InputSerializer(StrictInput, serializers.Serializer):
        options = serializers.ListField(
            child=serializers.IntegerField(min_value=1, max_value=2**63 - 1), allow_empty=False, max_length=100,
            help_text="The ids of the chosen options (the poll lists them), each once, at most the poll's max_choices; "
                      "an id of another poll, a repeated one or more than max_choices is a 400 naming options.")

    @extend_schema_serializer(component_name="MyVote")
    class OutputSerializer(serializers.Serializer):
        voted = serializers.BooleanField()
        voted_at = serializers.DateTimeField(allow_null=True)
        changed_at = serializers.DateTimeField(allow_null=True)
        options = serializers.ListField(child=serializers.IntegerField(), allow_null=True,
                                        help_text="Your choice while you may still change it; null once sealed.")

    @staticmethod
    def _described(participation, chosen=None) -> dict:
        if participation is None:
            return {"voted": False, "voted_at": None, "changed_at": None, "options": None}
        return {"voted": True, "voted_at": participation.voted_at, "changed_at": participation.changed_at,
                "options": sorted(chosen if chosen is not None else participation.option_ids)
                if participation.ballot_id else None}

    @extend_schema(responses=OutputSerializer)
    def get(self, request, **kwargs):
        return Response(self.OutputSerializer(self._described(my_participation(poll=self.poll, user=request.user))).data)

    @extend_schema(request=InputSerializer, responses={201: OutputSerializer})
    def post(self, request, **kwargs):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        chosen = data.validated_data["options"]
        participation = ballot_cast(poll=self.poll, voter=request.user, option_ids=chosen)
        return Response(self.OutputSerializer(self._described(participation, chosen)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=InputSerializer, responses=OutputSerializer)
    def put(self, request, **kwargs):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        chosen = data.validated_data["options"]
        participation = ballot_change(poll=self.poll, voter=request.user, option_ids=chosen)
        return Response(self.OutputSerializer(self._described(participation, chosen)).data)


def result_data(result) -> dict:
    return {
        "total": result.total,
        "online": {"votes": result.online_total, "voters": result.online_voters},
        "postcards": {"valid": result.postcards_total, "invalid": result.invalid_postcards,
                      "tallies_waiting_for_confirmation": result.pending_tallies},
        "realised_count": result.realised_count,
        "tie_at_realisation_cut": result.tie_at_realisation_cut,
        "options": [{"id": o.option.pk, "title": o.option.title, "rank": o.rank, "tied": o.tied,
                     "realised": o.realised, "online": o.online, "postcards": o.postcards, "total": o.total}
                    for o in result.options],
        "boxes": [{"code": b.box.code, "name": b.box.name, "emptyings": b.emptyings,
                   "last_emptied_on": b.last_emptied_on, "invalid": b.invalid, "valid": b.valid,
                   "per_option": {str(k): v for k, v in b.counts.items()}} for b in result.boxes],
    }


class OptionResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    rank = serializers.IntegerField(help_text="1 for the most votes; options with equal totals share a rank.")
    tied = serializers.BooleanField()
    realised = serializers.BooleanField(help_text="Among the options the city will realise (realised_count).")
    online = serializers.IntegerField()
    postcards = serializers.IntegerField()
    total = serializers.IntegerField()


class BoxResultSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    emptyings = serializers.IntegerField()
    last_emptied_on = serializers.DateField(allow_null=True)
    invalid = serializers.IntegerField()
    valid = serializers.IntegerField()
    per_option = serializers.DictField(child=serializers.IntegerField(), help_text="Postcards per option id.")


@extend_schema_serializer(component_name="PollResult")
class PollResultSerializer(serializers.Serializer):
    """Online votes and confirmed postcards merged; never who chose what."""

    total = serializers.IntegerField()
    online = inline_serializer("PollResultOnline", {"votes": serializers.IntegerField(),
                                                    "voters": serializers.IntegerField()})
    postcards = inline_serializer("PollResultPostcards", {
        "valid": serializers.IntegerField(), "invalid": serializers.IntegerField(),
        "tallies_waiting_for_confirmation": serializers.IntegerField()})
    realised_count = serializers.IntegerField(allow_null=True)
    tie_at_realisation_cut = serializers.BooleanField()
    options = OptionResultSerializer(many=True)
    boxes = BoxResultSerializer(many=True)


class ResultApi(PollApi):
    """The result: online votes and counted postcards merged, ranked, with the breakdown by channel and box."""

    permission_required = "polls.view_result"

    @extend_schema(responses=PollResultSerializer)
    def get(self, request, **kwargs):
        return Response(result_data(poll_result(poll=self.poll)))


COUNTS_HELP = "Postcards per option: {\"<option id>\": <whole number>, ...}, one entry for every option of the poll."


class TallySerializer(serializers.Serializer):
    """One entry of the log, as staff see it (usernames of staff only; residents never appear here)."""

    id = serializers.IntegerField()
    poll = serializers.CharField(source="poll.module.slug")
    box = serializers.CharField(source="box.code")
    emptied_on = serializers.DateField()
    counts = serializers.SerializerMethodField()
    invalid_count = serializers.IntegerField()
    note = serializers.CharField()
    supersedes = serializers.IntegerField(source="supersedes_id", allow_null=True)
    correction_reason = serializers.CharField()
    entered_by = serializers.CharField(source="entered_by.username", allow_null=True, default=None)
    entered_at = serializers.DateTimeField()
    needs_confirmation = serializers.BooleanField()
    confirmed_by = serializers.CharField(source="confirmed_by.username", allow_null=True, default=None)
    confirmed_at = serializers.DateTimeField(allow_null=True)
    status = serializers.CharField(required=False)

    def get_counts(self, tally) -> dict[str, int]:
        return {str(c.option_id): c.count for c in tally.counts.all()}


class CountsInput(StrictInput, serializers.Serializer):
    counts = serializers.DictField(child=serializers.IntegerField(min_value=0), allow_empty=False, help_text=COUNTS_HELP)
    invalid_count = serializers.IntegerField(min_value=0)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


@extend_schema_serializer(component_name="BallotBoxProperties")
class BallotBoxPropertiesSchema(serializers.Serializer):
    code = serializers.CharField(help_text="The box's short code, e.g. bb-01.")
    name = serializers.CharField()
    address = serializers.CharField()
    location_hint = serializers.CharField(help_text="Where the box stands inside (e.g. next to the entrance).")
    opening_hours = serializers.CharField()
    active_from = serializers.DateField()
    active_until = serializers.DateField(allow_null=True)
    active = serializers.BooleanField(help_text="Set up today.")


@extend_schema_serializer(component_name="BallotBoxCollection")
class BallotBoxCollectionSchema(serializers.Serializer):
    type = FeatureCollectionType()
    features = inline_serializer("BallotBox", {"type": FeatureType(), "id": serializers.IntegerField(),
                                               "geometry": PointSchema(), "properties": BallotBoxPropertiesSchema()},
                                 many=True)


class BallotBoxesApi(APIView):
    """The ballot boxes as GeoJSON (all, or those collecting postcards for one poll): address, where inside, opening
    hours, and whether each is set up today. Their places are public anyway."""

    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer, GeoJSONRenderer]

    class InputSerializer(serializers.Serializer):
        abstimmung = serializers.SlugField(required=False, max_length=100,
                                           help_text="The poll's short name (its module slug): only its boxes. An "
                                                     "unknown one is a 404.")

    @extend_schema(operation_id="ballot_boxes", parameters=[InputSerializer],
                   responses={(200, "application/geo+json"): BallotBoxCollectionSchema})
    def get(self, request):
        params = self.InputSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        poll = None
        if slug := params.validated_data.get("abstimmung"):
            poll = poll_by_module_slug(slug=slug)
            if poll is None or not request.user.has_perm("projects.view_module", poll.module):
                raise NOT_FOUND.api_exception()
        response = HttpResponse(boxes_geojson(boxes=poll.ballot_boxes.all() if poll else None),
                                content_type="application/geo+json")
        patch_cache_control(response, public=True, max_age=300)
        return response


class TallyListCreateApi(APIView):
    """GET the full log of a poll (``?abstimmung=<slug>``); POST a new tally of one box's emptying."""

    permission_classes = [RulesPermission]
    parser_classes = [JSONParser]  # counts are an object, which a form cannot carry
    permission_required = {"GET": "polls.view_postcardtally", "POST": "polls.add_postcardtally"}
    login_required = True  # for the OpenAPI schema: staff and planners only
    # POST may refuse with a Conflict (400, its own code): already_entered, result_final

    @extend_schema_serializer(component_name="TallyInput")
    class InputSerializer(CountsInput):
        poll = serializers.SlugField(help_text="The poll's short name (its module slug).")
        box = serializers.SlugField(help_text="The box's short code, e.g. bb-01.")
        emptied_on = serializers.DateField()

    @extend_schema(parameters=[OpenApiParameter("abstimmung", str, required=True)], responses=TallySerializer(many=True))
    def get(self, request):
        poll = poll_by_module_slug(slug=request.query_params.get("abstimmung", ""))
        if poll is None or not request.user.has_perm("projects.view_module", poll.module):
            raise NOT_FOUND.api_exception()
        return Response(TallySerializer(tally_log(poll=poll), many=True).data)

    @extend_schema(request=InputSerializer, responses={201: TallySerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        poll = poll_by_module_slug(slug=values["poll"])
        if poll is None or not request.user.has_perm("projects.view_module", poll.module):
            raise ApiValidationError({"poll": [_("There is no poll with this short name.")]})
        box = BallotBox.objects.filter(code=values["box"]).first()
        if box is None:
            raise ApiValidationError({"box": [_("There is no ballot box with this code.")]})
        tally = tally_create(poll=poll, box=box, emptied_on=values["emptied_on"], counts=values["counts"],
                             invalid_count=values["invalid_count"], entered_by=request.user, note=values["note"])
        return Response(TallySerializer(tally).data, status=status.HTTP_201_CREATED)


class TallyApiMixin:
    permission_classes = [RulesPermission]
    parser_classes = [JSONParser]

    @cached_property
    def tally(self) -> PostcardTally:
        tally = PostcardTally.objects.select_related("poll__module__project", "box").filter(pk=self.kwargs["pk"]).first()
        if tally is None or not self.request.user.has_perm("projects.view_module", tally.poll.module):
            raise NOT_FOUND.api_exception()
        return tally

    def get_permission_object(self):
        return self.tally


class TallyConfirmApi(TallyApiMixin, APIView):
    """A second person confirms an entry; from then on it counts."""

    permission_required = "polls.confirm_postcardtally"
    # POST may refuse with a Conflict (400, its own code): already_confirmed, superseded, result_final

    @extend_schema(request=None, responses=TallySerializer)
    def post(self, request, pk):
        return Response(TallySerializer(tally_confirm(tally=self.tally, confirmed_by=request.user)).data)


class TallyCorrectApi(TallyApiMixin, APIView):
    """Correct the latest entry of an emptying: a new entry with a reason; the old one stays in the log."""

    permission_required = "polls.add_postcardtally"
    # POST may refuse with a Conflict (400, its own code): superseded, result_final

    @extend_schema_serializer(component_name="TallyCorrectionInput")
    class InputSerializer(CountsInput):
        reason = serializers.CharField(max_length=1000)

    @extend_schema(request=InputSerializer, responses={201: TallySerializer})
    def post(self, request, pk):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        correction = tally_correct(tally=self.tally, counts=values["counts"], invalid_count=values["invalid_count"],
                                   reason=values["reason"], entered_by=request.user, note=values["note"])
        return Response(TallySerializer(correction).data, status=status.HTTP_201_CREATED)
