"""The tally API for staff: the log of a poll, entering, confirming and correcting. Bad input is a 400."""

from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from geo_participation.core.api import RulesPermission
from geo_participation.polls.models import Poll

from .models import BallotBox, PostcardTally
from .selectors import tally_log
from .services import tally_confirm, tally_correct, tally_create

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
    permission_required = {"GET": "ballot_boxes.view_postcardtally", "POST": "ballot_boxes.add_postcardtally"}

    @extend_schema_serializer(component_name="TallyInput")
    class InputSerializer(CountsInput):
        poll = serializers.SlugField(help_text="The poll's short name (its module slug).")
        box = serializers.SlugField(help_text="The box's short code, e.g. bb-01.")
        emptied_on = serializers.DateField()

    @extend_schema(parameters=[OpenApiParameter("abstimmung", str, required=True)], responses=TallySerializer(many=True))
    def get(self, request):
        poll = get_object_or_404(Poll, module__slug=request.query_params.get("abstimmung", ""))
        return Response(TallySerializer(tally_log(poll=poll), many=True).data)

    @extend_schema(request=InputSerializer, responses={201: TallySerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        poll = Poll.objects.filter(module__slug=values["poll"]).select_related("module").first()
        if poll is None:
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
        return get_object_or_404(PostcardTally.objects.select_related("poll__module", "box"), pk=self.kwargs["pk"])

    def get_permission_object(self):
        return self.tally


class TallyConfirmApi(TallyApiMixin, APIView):
    """A second person confirms an entry; from then on it counts."""

    permission_required = "ballot_boxes.confirm_postcardtally"

    @extend_schema(request=None, responses=TallySerializer)
    def post(self, request, pk):
        return Response(TallySerializer(tally_confirm(tally=self.tally, confirmed_by=request.user)).data)


class TallyCorrectApi(TallyApiMixin, APIView):
    """Correct the latest entry of an emptying: a new entry with a reason; the old one stays in the log."""

    permission_required = "ballot_boxes.add_postcardtally"

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
