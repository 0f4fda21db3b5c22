"""Signing in the way Akinon's platform clients do.

``POST auth/login/`` trades a username and password for the user's token
(``{"key": ...}``, dj-rest-auth's answer), ``POST auth/logout/`` deletes it,
and ``GET active_user/`` tells a client whether the key it holds still works.
Login and logout are dj-rest-auth's views, configured for tokens only
(``REST_AUTH["SESSION_LOGIN"] = False``).
"""

from dj_rest_auth import views as rest_auth
from dj_rest_auth.serializers import TokenSerializer
from django.contrib.auth.signals import user_logged_in, user_logged_out
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.metadata import SimpleMetadata
from rest_framework.permissions import IsAuthenticated

from api.renderers import ORJSONRenderer
from authentication.serializers import ActiveUserSerializer, LoginSerializer
from authentication.throttling import LoginAddressThrottle, LoginUsernameThrottle

# One record, not a page: the CSV and Excel exports of the list endpoints do not apply.
JSON_ONLY = [ORJSONRenderer]

DETAIL = inline_serializer("AuthDetail", {"detail": serializers.CharField()})
VALIDATION_ERRORS = OpenApiResponse(
    inline_serializer(
        "LoginError",
        {
            "non_field_errors": serializers.ListField(child=serializers.CharField(), required=False),
            "username": serializers.ListField(child=serializers.CharField(), required=False),
            "password": serializers.ListField(child=serializers.CharField(), required=False),
        },
    ),
    description="Wrong credentials or an inactive user (`non_field_errors`), or a missing field (named).",
)
UNAUTHORIZED = OpenApiResponse(DETAIL, description="No token, or one that is not valid (any more).")
THROTTLED = OpenApiResponse(
    DETAIL, description="Too many attempts from this address or at this username; see `Retry-After`."
)


class LoginView(rest_auth.LoginView):
    """Sign in: the user's token, created on first sign-in, the same one afterwards."""

    serializer_class = LoginSerializer
    # No authentication: a client holding a revoked key must still be able to sign in again.
    authentication_classes = []
    throttle_classes = [LoginAddressThrottle, LoginUsernameThrottle]
    renderer_classes = JSON_ONLY
    metadata_class = SimpleMetadata

    def login(self):
        super().login()
        # Django's session login would send this (and so set last_login); token sign-in must too.
        user_logged_in.send(sender=type(self.user), request=self.request._request, user=self.user)

    @extend_schema(
        operation_id="auth_login",
        summary="Sign in",
        auth=[],
        responses={200: TokenSerializer, 400: VALIDATION_ERRORS, 429: THROTTLED},
    )
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)


class LogoutView(rest_auth.LogoutView):
    """Sign out: the token is deleted, so the same key answers 401 everywhere."""

    permission_classes = [IsAuthenticated]
    # Signing out changes state: GET is a 405 (dj-rest-auth's ACCOUNT_LOGOUT_ON_GET stays off).
    http_method_names = ["post", "options"]
    renderer_classes = JSON_ONLY
    metadata_class = SimpleMetadata

    def logout(self, request):
        user = request.user
        response = super().logout(request)
        user_logged_out.send(sender=type(user), request=request._request, user=user)
        return response

    @extend_schema(
        operation_id="auth_logout",
        summary="Sign out",
        request=None,
        responses={200: DETAIL, 401: UNAUTHORIZED},
    )
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)


class ActiveUserView(generics.RetrieveAPIView):
    """The user the request's token belongs to; a 200 means the key is valid."""

    serializer_class = ActiveUserSerializer
    renderer_classes = JSON_ONLY
    metadata_class = SimpleMetadata

    def get_object(self):
        return self.request.user

    @extend_schema(
        operation_id="active_user",
        summary="The signed-in user",
        responses={200: ActiveUserSerializer, 401: UNAUTHORIZED},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
