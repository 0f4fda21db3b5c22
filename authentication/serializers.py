"""What signing in reads and answers: credentials, and the signed-in user."""

from dj_rest_auth import serializers as rest_auth
from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers import ModelSerializer
from sales_channels.models import Channel


class LoginSerializer(rest_auth.LoginSerializer):
    """The credentials: ``username`` and ``password``, both required."""

    # dj-rest-auth's own serializer also takes ``email`` and makes ``username``
    # optional, which turns a missing username into "Unable to log in": here a
    # missing field is reported under its name. An inactive user cannot
    # authenticate (Django's ModelBackend), so it gets the wrong-password answer.
    username = serializers.CharField()
    email = None
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)


class ActiveUserSerializer(ModelSerializer):
    """The user a token belongs to, with the ids of the sales channels it may read."""

    channels = serializers.SerializerMethodField()

    class Meta:
        model = get_user_model()
        fields = [
            "id",
            "username",
            "email",
            "first_name",
            "last_name",
            "is_active",
            "is_staff",
            "is_superuser",
            "date_joined",
            "last_login",
            "channels",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_channels(self, user) -> list[int]:
        """Staff read every channel; others the channels they are granted (``Channel.users``)."""
        channels = Channel.objects.all() if user.is_staff else user.channels.all()
        return list(channels.order_by("id").values_list("id", flat=True))
