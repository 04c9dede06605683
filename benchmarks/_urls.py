"""The platform's URLs plus two reference views: the least a request through our middleware costs, and the least an
authenticated request costs (session and user read, CSRF checked on POST). Only the benchmarks mount them."""

from django.http import HttpResponse, JsonResponse
from django.urls import include, path


def bare(request):
    """Every middleware, no database: Django's ceiling on this machine."""
    return HttpResponse(b'{"ok":true}', content_type="application/json")


def authenticated(request):
    """Session and user read from the database, CSRF checked by the middleware on POST: what every vote pays first."""
    return JsonResponse({"user": request.user.pk}, status=200 if request.user.is_authenticated else 403)


class DrfGisViewport:
    """The typical GeoDjango app: a djangorestframework-gis GeoFeatureModelSerializer over model instances, filtered
    by a bounding box (benchmarks.planner_data's baseline for the viewport)."""

    @staticmethod
    def view():
        from rest_framework import generics
        from rest_framework_gis.filters import InBBoxFilter
        from rest_framework_gis.serializers import GeoFeatureModelSerializer

        from geo_participation.core.moderation import ModerationStatus
        from maps.mapping.models import Contribution

        class ContributionSerializer(GeoFeatureModelSerializer):
            class Meta:
                model = Contribution
                geo_field = "geometry"
                fields = ("id", "title", "category")

        class Viewport(generics.ListAPIView):
            serializer_class = ContributionSerializer
            filter_backends = [InBBoxFilter]
            bbox_filter_field = "geometry"
            pagination_class = None

            def get_queryset(self):
                return Contribution.objects.filter(module__slug=self.kwargs["slug"], status=ModerationStatus.APPROVED)

        return Viewport.as_view()


urlpatterns = [
    path("bench/bare/", bare),
    path("bench/authenticated/", authenticated),
    path("bench/drf-gis/<slug:slug>/", DrfGisViewport.view()),
    path("", include("geo_participation.urls")),
]
