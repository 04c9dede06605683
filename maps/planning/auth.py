"""API tokens for the REST API (DRF): ``Authorization: Bearer mw_…``, for reads only."""

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
