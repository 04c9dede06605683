"""The poll API: the poll, one's own vote (cast, change, look up), the merged result (never who chose what); and
for staff the postcard tallies: the log of a poll, entering, confirming and correcting."""

from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from geo_participation.core.api import RulesPermission
from geo_participation.core.refusals import NOT_FOUND
from geo_participation.projects.door import ModuleApiView
from maps.ballot_boxes.models import BallotBox

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
        results_published_at = serializers.DateTimeField(source="module.results_published_at")
        realised_count = serializers.IntegerField(allow_null=True)
        options = OptionSerializer(many=True, source="options.all")

    @extend_schema(responses=OutputSerializer)
    def get(self, request, **kwargs):
        return Response(self.OutputSerializer(self.poll, context={"request": request}).data)


class VoteApi(PollApi):
    """Your own vote: GET whether (and, while you may change it, what) you voted; POST casts it; PUT changes it."""

    permission_required = {"POST": "polls.add_ballot", "PUT": "polls.change_ballot", "GET": "polls.view_own_vote"}
    login_required = True  # for the OpenAPI schema: one's own vote, so no anonymous access

    @extend_schema_serializer(component_name="VoteInput")
    class InputSerializer(serializers.Serializer):
        options = serializers.ListField(child=serializers.IntegerField(), allow_empty=False, max_length=100)

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


class ResultApi(PollApi):
    """The result: online votes and counted postcards merged, ranked, with the breakdown by channel and box."""

    permission_required = "polls.view_result"

    @extend_schema(responses=inline_serializer("PollResult", {"total": serializers.IntegerField()}))
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


class CountsInput(serializers.Serializer):
    counts = serializers.DictField(child=serializers.IntegerField(min_value=0), allow_empty=False, help_text=COUNTS_HELP)
    invalid_count = serializers.IntegerField(min_value=0)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class TallyListCreateApi(APIView):
    """GET the full log of a poll (``?abstimmung=<slug>``); POST a new tally of one box's emptying."""

    permission_classes = [RulesPermission]
    permission_required = {"GET": "polls.view_postcardtally", "POST": "polls.add_postcardtally"}

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

    @extend_schema(request=None, responses=TallySerializer)
    def post(self, request, pk):
        return Response(TallySerializer(tally_confirm(tally=self.tally, confirmed_by=request.user)).data)


class TallyCorrectApi(TallyApiMixin, APIView):
    """Correct the latest entry of an emptying: a new entry with a reason; the old one stays in the log."""

    permission_required = "polls.add_postcardtally"

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
