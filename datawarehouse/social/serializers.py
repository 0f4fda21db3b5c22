"""Social accounts as the data warehouse documents them: fields in the example JSON's order."""

from api.serializers import ModelSerializer
from datawarehouse.social.models import SocialAccount


class SocialAccountSerializer(ModelSerializer):
    class Meta:
        model = SocialAccount
        fields = ["id", "provider", "uid", "last_login", "date_joined", "extra_data", "user"]
