"""Factories for the change-tracking records; each accepts ``channel=<Channel>``."""

import json

import factory
from django.contrib.contenttypes.models import ContentType
from django.contrib.sites.models import Site
from django.utils import timezone
from reversion.models import Revision, Version

from datawarehouse.tracking.models import (
    AuditEvent,
    ChannelRedirect,
    DeletedItem,
    DeletedItemPurge,
    RevisionChannel,
    TrackedContentType,
)
from sales_channels.models import Channel
from tests.factories import ChannelFactory


def channel_content_type():
    return ContentType.objects.get_for_model(Channel)


class TrackedContentTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrackedContentType

    app_label = factory.Sequence(lambda n: f"app{n}")
    model = factory.Sequence(lambda n: f"model{n}")


class ChannelRedirectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChannelRedirect

    channel = factory.SubFactory(ChannelFactory)
    site = factory.LazyFunction(Site.objects.get_current)
    old_path = factory.Sequence(lambda n: f"/old-{n}/")
    new_path = factory.Sequence(lambda n: f"/new-{n}/")


class DeletedItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeletedItem

    channel = factory.SubFactory(ChannelFactory)
    object_id = factory.Sequence(str)
    content_type = factory.LazyFunction(channel_content_type)


class DeletedItemPurgeFactory(factory.django.DjangoModelFactory):
    """A purge record, as ``purge_deleted_items`` writes it (pass ``cutoff`` and ``largest_id``)."""

    class Meta:
        model = DeletedItemPurge

    cutoff = factory.LazyFunction(timezone.now)
    largest_id = 0
    deleted = 1


class RevisionChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RevisionChannel

    channel = factory.SubFactory(ChannelFactory)


class RevisionFactory(factory.django.DjangoModelFactory):
    """A revision of ``channel`` (``channel=None``: of records no channel owns)."""

    class Meta:
        model = Revision
        skip_postgeneration_save = True

    class Params:
        channel = factory.SubFactory(ChannelFactory)

    date_created = factory.LazyFunction(timezone.now)
    comment = "Changed name."
    channel_link = factory.Maybe(
        "channel",
        yes_declaration=factory.RelatedFactory(
            RevisionChannelFactory,
            factory_related_name="revision",
            channel=factory.SelfAttribute("..channel"),
        ),
    )


class VersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Version

    class Params:
        channel = factory.SubFactory(ChannelFactory)

    revision = factory.SubFactory(RevisionFactory, channel=factory.SelfAttribute("..channel"))
    object_id = factory.Sequence(str)
    content_type = factory.LazyFunction(channel_content_type)
    db = "default"
    format = "json"
    object_repr = factory.Sequence(lambda n: f"Channel {n}")
    serialized_data = factory.LazyAttribute(
        lambda version: json.dumps(
            [{"model": "sales_channels.channel", "pk": int(version.object_id), "fields": {"name": "Web"}}]
        )
    )


class AuditEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditEvent

    channel = factory.SubFactory(ChannelFactory)
    user = factory.Sequence(
        lambda n: {"pk": n, "email": f"staff{n}@example.com", "first_name": "A", "last_name": "B"}
    )
    remote_addr = "127.0.0.1"
    url = factory.Sequence(lambda n: f"http://testserver/admin/sales_channels/channel/{n}/change/")
    object_id = factory.Sequence(int)
    content = factory.LazyFunction(lambda: {"request_method": "POST", "action": "change"})
    content_type = factory.LazyFunction(channel_content_type)
