"""What lets a reporting client follow changes: content types, redirects, deleted items, revision channels and
audit events (sections 38, 39, 44, 47-49).

Content types, redirects, revisions and versions are the tables of the libraries the documentation
mirrors (``django.contrib.contenttypes``, ``django.contrib.redirects``, django-reversion); the models
here only add what those tables lack: a change time, a channel. Deleted items and audit events are
logs written by this app (signals.py, admin.py), never edited.
"""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.contrib.redirects.models import Redirect
from django.db import models
from django.utils import timezone
from reversion.models import Revision

from sales_channels.models import Channel, ChannelOwned


class TrackedContentType(ContentType):
    """A content type with the change time Django does not keep (section 38).

    Django's own table holds the content type and assigns its id; this child row (multi-table
    inheritance, so ``id`` is the content type's id) adds when it was created and last renamed.
    signals.py gives every content type one, whoever creates it (``migrate``, ``get_for_model``,
    ``loaddata``).
    """

    created_date = models.DateTimeField(default=timezone.now, db_index=True, editable=False)
    modified_date = models.DateTimeField(default=timezone.now, editable=False)

    # Not ContentTypeManager: its get_for_model() would create children, not content types.
    objects = models.Manager()

    class Meta:
        indexes = [models.Index(fields=["modified_date", "contenttype_ptr"])]


class ChannelRedirect(ChannelOwned, Redirect):
    """A redirect of one channel's storefront (section 39).

    ``django.contrib.redirects`` keeps the redirect (id, site, old and new path) in its own table;
    this child row (multi-table inheritance) adds the channel and timestamps. ``site`` stays the
    storefront's Django site, as the library has it: channels that share a site share its
    ``old_path`` namespace (the library's unique ``(site, old_path)``).
    """

    class Meta(ChannelOwned.Meta):
        # The channel indexes of ChannelOwned, on this table's key (``id`` lives in the parent table).
        indexes = [
            models.Index(fields=["channel", "redirect_ptr"]),
            models.Index(fields=["channel", "modified_date", "redirect_ptr"]),
        ]

    def __str__(self):
        return f"{self.old_path} ---> {self.new_path}"


class DeletedItem(models.Model):
    """A channel-owned record that was deleted (section 44), written by signals.py in the deleting
    transaction.

    A log of channel-owned records rather than one itself: its only time is ``deleted_date``, and
    deleting old rows of it is not recorded.
    """

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="+", db_index=False)
    object_id = models.CharField(max_length=191)
    deleted_date = models.DateTimeField(default=timezone.now)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")

    class Meta:
        indexes = [
            models.Index(fields=["channel", "id"]),
            models.Index(fields=["channel", "deleted_date", "id"]),
            # purge_deleted_items reads the oldest first, every channel's: each batch costs its rows.
            models.Index(fields=["deleted_date", "id"]),
        ]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id}"


class DeletedItemPurge(models.Model):
    """One run of ``purge_deleted_items``: it deleted the deleted items older than ``cutoff``, of
    ids up to ``largest_id`` (retention.py).

    Written in the transaction of the run's first deletion and updated in each one after, so that
    it always covers every row deleted: a sync whose lower bound lies before it answers 410.
    """

    purged_at = models.DateTimeField(default=timezone.now)
    cutoff = models.DateTimeField()
    largest_id = models.BigIntegerField()
    deleted = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"{self.deleted} deleted items older than {self.cutoff:%Y-%m-%d %H:%M:%S}"


class RevisionChannel(models.Model):
    """The channel a django-reversion revision belongs to: that of the objects it holds.

    Stored beside the revision (reversion's own table has no room for it) when the revision is
    saved (signals.py). A revision without one holds no channel-owned object: it is served under
    every channel, like the reference data it records.
    """

    revision = models.OneToOneField(
        Revision, on_delete=models.CASCADE, primary_key=True, related_name="channel_link"
    )
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="+")

    def __str__(self):
        return f"revision {self.revision_id} (channel {self.channel_id})"


def new_uuid() -> str:
    return str(uuid.uuid4())


class AuditEvent(models.Model):
    """One write made through the admin (section 49), recorded from ``api.admin.base.admin_write``
    (signals.py).

    ``user`` is a snapshot of who made it (pk, email, first_name, last_name), so that the event
    keeps saying who did it after that account changes or goes. An event without a channel is a
    write to a record no channel owns: it is served under every channel.
    """

    # Text, not a UUIDField: the documented example's value is not a valid UUID, and is served as is.
    uuid = models.CharField(max_length=64, unique=True, default=new_uuid, editable=False)
    user = models.JSONField(null=True, blank=True, help_text="pk, email, first_name and last_name.")
    timestamp = models.DateTimeField(default=timezone.now)
    remote_addr = models.GenericIPAddressField(null=True, blank=True)
    url = models.URLField(max_length=2048)
    query_params = models.JSONField(default=dict, blank=True)
    post_data = models.JSONField(default=dict, blank=True, help_text="Secrets masked.")
    headers = models.JSONField(default=dict, blank=True, help_text="Credentials and cookies masked.")
    object_id = models.BigIntegerField(null=True, blank=True)
    content = models.JSONField(default=dict, blank=True)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    channel = models.ForeignKey(
        Channel, on_delete=models.CASCADE, null=True, blank=True, related_name="+", db_index=False
    )

    class Meta:
        indexes = [
            models.Index(fields=["channel", "id"]),
            models.Index(fields=["channel", "timestamp", "id"]),
            models.Index(fields=["timestamp", "id"]),
        ]

    def __str__(self):
        return f"{self.content.get('action', 'write')} {self.url}"
