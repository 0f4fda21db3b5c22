"""Signing in the way Akinon's platform clients do.

``POST auth/login/`` trades a username and password for a new sign-in key
(``{"key": ...}``: only its digest is stored, so a key is shown once and each
sign-in issues another), ``POST auth/logout/`` revokes the key it is called
with, and ``GET active_user/`` tells a client whether the key it holds still works.
"""

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.utils.decorators import method_decorator
from django.views.decorators.debug import sensitive_post_parameters
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.metadata import SimpleMetadata
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from api.pages.renderers import ORJSONRenderer
from authentication.issuing import TooManySignInKeys, revoke, sign_in_key
from authentication.serializers import ActiveUserSerializer, KeySerializer, LoginSerializer
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
    description=(
        "Wrong credentials or an inactive user, or the user holds the most live sign-in keys allowed "
        "(`non_field_errors`); or a missing field (named)."
    ),
)
UNAUTHORIZED = OpenApiResponse(DETAIL, description="No token, or one that is not valid (any more).")
THROTTLED = OpenApiResponse(
    DETAIL, description="Too many attempts from this address or at this username; see `Retry-After`."
)


@method_decorator(sensitive_post_parameters("password"), name="dispatch")
class LoginView(generics.GenericAPIView):
    """Sign in: a new key, which expires after ``API_SIGN_IN_TOKEN_TTL_HOURS``."""

    serializer_class = LoginSerializer
    # No authentication: a client holding a revoked key must still be able to sign in again.
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [LoginAddressThrottle, LoginUsernameThrottle]
    renderer_classes = JSON_ONLY
    metadata_class = SimpleMetadata

    @extend_schema(
        operation_id="auth_login",
        summary="Sign in",
        auth=[],
        responses={200: KeySerializer, 400: VALIDATION_ERRORS, 429: THROTTLED},
    )
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        try:
            key = sign_in_key(user)
        except TooManySignInKeys as refused:
            raise ValidationError({"non_field_errors": [str(refused)]}) from None
        # Django's session login would send this (and so set last_login); token sign-in must too.
        user_logged_in.send(sender=type(user), request=request._request, user=user)
        return Response({"key": key})


class LogoutView(APIView):
    """Sign out: the key the request carries is revoked, so it answers 401 everywhere."""

    permission_classes = [IsAuthenticated]
    # Signing out changes state: GET is a 405.
    http_method_names = ["post", "options"]
    renderer_classes = JSON_ONLY
    metadata_class = SimpleMetadata

    @extend_schema(
        operation_id="auth_logout",
        summary="Sign out",
        request=None,
        responses={200: DETAIL, 401: UNAUTHORIZED},
    )
    def post(self, request, *args, **kwargs):
        revoke([request.auth], via="POST auth/logout/", actor=request.user)
        user_logged_out.send(sender=type(request.user), request=request._request, user=request.user)
        return Response({"detail": "Successfully logged out."})


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
