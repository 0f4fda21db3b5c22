"""The sales channel model."""

from django.conf import settings
from django.db import models

from api.models import TimeStampedModel


class Channel(TimeStampedModel):
    """A sales channel (web shop, app, marketplace) whose data the data warehouse serves.

    ``users`` are the accounts granted read access to it; staff read every channel.
    """

    class ChannelType(models.TextChoices):
        WEB = "web", "Web"
        MOBILE = "mobile", "Mobile"
        MARKETPLACE = "marketplace", "Marketplace"

    name = models.CharField(max_length=255)
    channel_type = models.CharField(max_length=32, choices=ChannelType.choices, default=ChannelType.WEB)
    is_active = models.BooleanField(default=True)
    users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="channels", help_text="Granted read access."
    )

    class Meta(TimeStampedModel.Meta):
        ordering = ["id"]

    def __str__(self):
        return self.name

    @classmethod
    def ids_readable_by(cls, user) -> frozenset[int] | None:
        """The ids of the channels ``user`` is granted (one query on the grants table); ``None`` for staff,
        who read every channel."""
        if user.is_staff:
            return None
        grants = cls.users.through.objects.filter(user_id=user.pk)
        return frozenset(grants.values_list("channel_id", flat=True))


class ChannelOwned(TimeStampedModel):
    """A data-warehouse record that belongs to one sales channel.

    Every channel-owned table carries its own ``channel`` (children copy their
    parent's), so that scoping a page is one indexed predicate, never a join.
    The indexes lead with the channel and serve the extraction filters and
    keyset order within it.
    """

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="+", db_index=False)

    class Meta:
        abstract = True
        indexes = [
            models.Index(fields=["channel", "id"]),
            models.Index(fields=["channel", "modified_date", "id"]),
        ]
