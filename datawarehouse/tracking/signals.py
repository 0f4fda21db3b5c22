"""The receivers that keep change tracking automatic: connected in apps.py, whoever makes the change.

- Every deletion of a channel-owned record leaves a deleted item, in the deleting transaction.
- Every content type gets its change time (``TrackedContentType``).
- Every django-reversion revision is linked to the channel of the objects it holds.
"""

from django.apps import apps as global_apps
from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.utils import timezone

from datawarehouse.tracking.models import DeletedItem, RevisionChannel, TrackedContentType
from sales_channels.models import Channel, ChannelOwned


def channel_owned_models():
    """Every concrete model whose rows belong to a channel (proxies included: they send their own signals)."""
    return [
        model
        for model in global_apps.get_models()
        if issubclass(model, ChannelOwned) and not model._meta.abstract
    ]


def owner_channel_id(obj) -> int | None:
    """The channel a record belongs to: its own for channel-owned records, itself for a channel."""
    if isinstance(obj, ChannelOwned):
        return obj.channel_id
    if isinstance(obj, Channel):
        return obj.pk
    return None


# Deleted items -----------------------------------------------------------------------------------


def deletes_a_channel(origin) -> bool:
    if isinstance(origin, models.QuerySet):
        return origin.model is Channel
    return isinstance(origin, Channel)


def record_deletion(sender, instance, using, origin=None, **kwargs):
    """post_delete of a channel-owned record: one deleted item, in the same transaction.

    Connected per channel-owned model, which also keeps Django from fast-deleting them (a fast
    delete sends no signals): queryset deletes and cascades reach here object by object. When a
    whole channel is deleted its rows go with it, and so do its deleted items: nothing to record.
    """
    if deletes_a_channel(origin):
        return
    DeletedItem.objects.using(using).create(
        channel_id=instance.channel_id,
        object_id=str(instance.pk),
        content_type=ContentType.objects.db_manager(using).get_for_model(sender),
    )


# Content type change times -----------------------------------------------------------------------


def track_content_type(sender, instance, created, raw, using, **kwargs):
    """post_save of any model, acting on content types only.

    Connected without a sender because migrations rename content types through their historical
    ContentType class; the global one is saved by get_for_model() and loaddata.
    """
    if sender._meta.label_lower != "contenttypes.contenttype":
        return
    if sender is not ContentType and TrackedContentType._meta.db_table not in table_names(using):
        return  # A migration ahead of this app's own.
    now = timezone.now()
    tracked = TrackedContentType.objects.using(using).filter(pk=instance.pk)
    if created or not tracked.update(modified_date=now):
        add_change_time(TrackedContentType, instance.pk, now, using)


def table_names(using):
    return connections[using].introspection.table_names()


def backfill_content_types(using=DEFAULT_DB_ALIAS, apps=global_apps, **kwargs):
    """post_migrate: ``migrate`` creates content types in bulk, without signals; give each its change time."""
    try:
        content_type_model = apps.get_model("contenttypes", "ContentType")
        tracked_model = apps.get_model("dw_tracking", "TrackedContentType")
    except LookupError:
        return
    missing = content_type_model.objects.using(using).filter(trackedcontenttype__isnull=True)
    now = timezone.now()
    for pk in missing.values_list("pk", flat=True):
        add_change_time(tracked_model, pk, now, using)


def add_change_time(tracked_model, pk, now, using):
    # A raw save inserts the child row alone, under the existing content type.
    row = tracked_model(contenttype_ptr_id=pk, created_date=now, modified_date=now)
    row.save_base(raw=True, force_insert=True, using=using)


# Revision channels -------------------------------------------------------------------------------


def link_revision_to_channel(sender, revision, versions, **kwargs):
    """post_revision_commit: store the channel of the first channel-owned object the revision holds."""
    for version in versions:
        model = version.content_type.model_class()
        if model is Channel:
            channel_id = int(version.object_id)
        elif model is not None and issubclass(model, ChannelOwned):
            channel_id = version.field_dict["channel_id"]
        else:
            continue
        RevisionChannel.objects.using(revision._state.db).create(revision=revision, channel_id=channel_id)
        return
