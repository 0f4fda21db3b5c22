"""Social account factory: the account lives in its user's channel."""

import factory

from datawarehouse.social.models import SocialAccount
from tests.datawarehouse.accounts.factories import CustomerFactory
from tests.factories import ChannelChildFactory


class SocialAccountFactory(ChannelChildFactory):
    _parent = "user"

    class Meta:
        model = SocialAccount

    user = factory.SubFactory(CustomerFactory)
    channel = factory.SelfAttribute("user.channel")
    provider = "facebook"
    uid = factory.Sequence(lambda n: f"{1384644591011311 + n}")
    extra_data = factory.LazyAttribute(lambda account: {"email": account.user.email})
