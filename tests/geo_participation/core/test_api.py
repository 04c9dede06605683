"""What every API view shares: service errors as 400 naming the field, and permissions that say why not."""

import pytest
import rules
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import translation
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory, force_authenticate
from rest_framework.views import APIView

from geo_participation.accounts.rules import is_confirmed_resident
from geo_participation.core.api import RulesPermission

pytestmark = pytest.mark.django_db

rules.set_perm("tests.take_part", is_confirmed_resident)


class TakePartApi(APIView):
    permission_classes = [RulesPermission]
    permission_required = "tests.take_part"

    def post(self, request):
        if not request.data.get("text"):
            raise ValidationError({"text": "Bitte schreib etwas."})
        return Response({"ok": True}, status=201)


def call(user, data):
    request = APIRequestFactory().post("/api/tests/", data, format="json")
    if user is not None:
        force_authenticate(request, user=user)
    else:
        request.user = AnonymousUser()
    return TakePartApi.as_view()(request)


def test_a_confirmed_resident_takes_part(resident):
    assert call(resident, {"text": "Hallo"}).status_code == 201


def test_an_unconfirmed_account_is_told_to_confirm_its_address_first(unconfirmed):
    response = call(unconfirmed, {"text": "Hallo"})
    assert response.status_code == 403
    assert response.data == {"detail": "Bitte bestätige zuerst deine E-Mail-Adresse: Wir haben dir einen Link "
                                       "geschickt. Danach kannst du mitmachen.", "code": "email_not_confirmed"}


def test_a_visitor_is_refused(db):
    """Asked to log in, in the informal German of the site (DRF's own words say "Sie"), with the stable code."""
    response = call(None, {"text": "Hallo"})
    assert response.status_code == 403
    assert response.data == {"detail": "Bitte melde dich an, um mitzumachen.", "code": "not_authenticated"}


def test_a_broken_rule_is_a_400_naming_the_field(resident):
    response = call(resident, {"text": ""})
    assert response.status_code == 400
    assert response.data["errors"] == {"text": ["Bitte schreib etwas."]}


def test_a_missing_object_is_a_404_in_the_users_language():
    """get_object_or_404 says "No Contribution matches the given query." in English, whatever the language."""
    class MissingApi(APIView):
        def get(self, request):
            raise Http404("No Contribution matches the given query.")

    request = APIRequestFactory().get("/api/tests/", HTTP_ACCEPT_LANGUAGE="de")
    with translation.override("de"):
        response = MissingApi.as_view()(request)
    assert response.status_code == 404
    assert response.data == {"detail": "Nicht gefunden: Unter dieser Adresse gibt es nichts, oder es ist nicht öffentlich.",
                             "code": "not_found"}
