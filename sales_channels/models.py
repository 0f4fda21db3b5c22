"""The sales channel model."""

from functools import cache

from django.conf import settings
from django.db import connections, models, router

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
        with connections[router.db_for_read(cls.users.through)].cursor() as cursor:
            cursor.execute(cls.grants_sql(), [user.pk])
            return frozenset(channel for (channel,) in cursor.fetchall())

    @classmethod
    @cache
    def grants_sql(cls) -> str:
        """The grants query of one user, compiled once: the ORM built and compiled it for every
        page, a fifth of a 1-row data-warehouse page's time."""
        grants = cls.users.through.objects.filter(user_id=0).values_list("channel_id", flat=True)
        sql, params = grants.query.sql_with_params()
        assert list(params) == [0], sql
        return sql


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
