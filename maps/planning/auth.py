"""API tokens for the REST API (DRF): ``Authorization: Bearer mw_…``, for reads only."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from .tokens import SCHEME, TokenRefused, token_from_header, user_for_token


class ApiTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        token = token_from_header(request.META.get("HTTP_AUTHORIZATION", ""))
        if token is None:
            return None
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            raise exceptions.AuthenticationFailed()
        try:
            return user_for_token(token), None
        except TokenRefused as refusal:
            raise exceptions.AuthenticationFailed(str(refusal)) from None

    def authenticate_header(self, request):
        return f'{SCHEME} realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """The token in the OpenAPI schema: HTTP bearer authentication."""

    target_class = "maps.planning.auth.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer",
                "description": "A planner's personal API token (made and revoked on the profile page), for reads. "
                               "Clients that offer only a user name and password send it as the password of HTTP "
                               "Basic authentication (any user name)."}
