"""What signing in reads and answers: credentials, a new key, and the signed-in user."""

from django.contrib.auth import authenticate, get_user_model
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers import ModelSerializer
from authentication.models import KEY_LENGTH
from sales_channels.models import Channel


class LoginSerializer(serializers.Serializer):
    """The credentials: ``username`` and ``password``, both required, a missing one named.

    An inactive user cannot authenticate (Django's ModelBackend), so it gets the
    wrong-password answer, which does not tell which accounts exist.
    """

    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)

    def validate(self, attrs):
        user = authenticate(self.context["request"], username=attrs["username"], password=attrs["password"])
        if user is None:
            raise serializers.ValidationError("Unable to log in with provided credentials.")
        return {"user": user}


class KeySerializer(serializers.Serializer):
    """A new key, shown this once: only its digest is kept."""

    key = serializers.CharField(min_length=KEY_LENGTH, max_length=KEY_LENGTH)


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
