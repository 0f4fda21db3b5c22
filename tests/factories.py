"""Factories for the records every test needs: users, tokens and channels."""

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from authentication.models import DISPLAY_LENGTH, APIToken, digest, new_key
from sales_channels.models import Channel


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password("secret-pass-123")


class TokenFactory(factory.django.DjangoModelFactory):
    """A named API token; its key (``token.key``) is on the instance only, as the database keeps a digest.

    Made in use (``last_used`` now), so that a page's query count does not include the write of
    ``last_used`` a token's first request in a minute makes (the tests of that write set it to None).
    """

    class Meta:
        model = APIToken

    key = factory.LazyFunction(new_key)
    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"job {n}")
    digest = factory.LazyAttribute(lambda token: digest(token.key))
    prefix = factory.LazyAttribute(lambda token: token.key[:DISPLAY_LENGTH])
    last_used = factory.LazyFunction(timezone.now)

    @classmethod
    def _create(cls, model_class, *args, key, **kwargs):
        token = super()._create(model_class, *args, **kwargs)
        token.key = key
        return token


class ChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Channel

    name = factory.Sequence(lambda n: f"Channel {n}")


class ChannelChildFactory(factory.django.DjangoModelFactory):
    """Base of a factory for a channel-owned record whose ``channel`` is its parent's.

    Subclasses declare ``channel = factory.SelfAttribute("<parent>.channel")`` and name the
    parent in ``_parent``. Called with ``channel=`` and no parent (as the contract tests
    do), the parent is built in that channel too, so the whole tree stays in one channel.
    """

    _parent = ""

    class Meta:
        abstract = True

    @classmethod
    def _generate(cls, strategy, params):
        if "channel" in params and cls._parent not in params:
            params = {f"{cls._root_path()}__channel": params["channel"], **params}
        return super()._generate(strategy, params)

    @classmethod
    def _root_path(cls) -> str:
        """``discount_item__order``-style path to the first ancestor that owns its channel."""
        parent = cls._meta.declarations[cls._parent].get_factory()
        if issubclass(parent, ChannelChildFactory):
            return f"{cls._parent}__{parent._root_path()}"
        return cls._parent
