"""The poll API: the poll, one's own vote (cast, change, look up), the merged result. Never who chose what."""

from django.http import Http404
from django.utils.functional import cached_property
from drf_spectacular.utils import extend_schema, extend_schema_serializer, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from geo_participation.core.api import RulesPermission
from geo_participation.projects.views import ModuleMixin

from .models import Poll
from .selectors import my_participation, poll_by_module_slug, poll_result
from .services import ballot_cast, ballot_change


class PollApiMixin(ModuleMixin):
    format_key = "polls"
    permission_classes = [RulesPermission]

    @cached_property
    def poll(self) -> Poll:
        poll = poll_by_module_slug(slug=self.kwargs["module_slug"], format_key=self.format_key)
        if poll is None:
            raise Http404
        return poll

    @cached_property
    def module(self):
        return self.poll.module


class OptionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    image = serializers.SerializerMethodField()
    image_alt = serializers.CharField()

    def get_image(self, option) -> str | None:
        return self.context["request"].build_absolute_uri(option.image.url) if option.image else None


class PollDetailApi(PollApiMixin, APIView):
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


class VoteApi(PollApiMixin, APIView):
    """Your own vote: GET whether (and, while you may change it, what) you voted; POST casts it; PUT changes it."""

    permission_required = {"POST": "polls.add_ballot", "PUT": "polls.change_ballot", "GET": "polls.add_ballot"}

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


class ResultApi(PollApiMixin, APIView):
    """The result: online votes and counted postcards merged, ranked, with the breakdown by channel and box."""

    permission_required = "polls.view_result"

    @extend_schema(responses=inline_serializer("PollResult", {"total": serializers.IntegerField()}))
    def get(self, request, **kwargs):
        return Response(result_data(poll_result(poll=self.poll)))
