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


urlpatterns = [
    path("bench/bare/", bare),
    path("bench/authenticated/", authenticated),
    path("", include("geo_participation.urls")),
]
