"""How long deleted items are kept, their purge, and the 410 for a sync that starts before it.

``API_DELETED_ITEMS_RETENTION_DAYS`` unset keeps every deleted item forever. Set, the
``purge_deleted_items`` command deletes those older than that many days, in batches of short
transactions, and records each run (``DeletedItemPurge``). Every purged item was deleted before
the largest recorded cutoff and has an id up to the largest recorded id, so a request whose
lower bounds reach past neither may be missing some of them: it answers 410 (docs/sync.md,
"Deleted items and retention").
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from api.exceptions import FullResyncRequired
from api.pages.fastpath import format_datetime
from api.pages.sort_keys import after
from datawarehouse.tracking.models import DeletedItem, DeletedItemPurge

# Deleted items read and deleted per transaction: a few milliseconds of locks each.
BATCH_SIZE = 1000
# The purge's order, the index (deleted_date, id) it reads.
OLDEST_FIRST = [("deleted_date", False), ("id", False)]


def retention_cutoff() -> datetime.datetime | None:
    """The time before which deleted items are purged; ``None`` when they are kept forever."""
    days = settings.API_DELETED_ITEMS_RETENTION_DAYS
    return None if days is None else timezone.now() - datetime.timedelta(days=days)


def check_kept(bounds: dict) -> None:
    """Raises :class:`FullResyncRequired` when purged deleted items could match ``bounds``.

    ``bounds`` are the request's lower bounds by column (``BaseFilterSet.lower_bounds``). One
    query, and only for a request that has a bound: a full read is served whatever was purged.
    """
    since, first_id = bounds.get("deleted_date"), bounds.get("id")
    if since is None and first_id is None:
        return
    purged = DeletedItemPurge.objects.aggregate(cutoff=Max("cutoff"), largest_id=Max("largest_id"))
    if purged["cutoff"] is None:
        return
    # The bounds are ANDed: either one past what was purged keeps every purged item out.
    if (since is not None and since >= purged["cutoff"]) or (
        first_id is not None and first_id > purged["largest_id"]
    ):
        return
    raise FullResyncRequired(
        f"Deleted items deleted before {format_datetime(purged['cutoff'])} (the purge cutoff; "
        f"ids up to {purged['largest_id']})"
    )


@dataclass
class Purge:
    """What a purge deleted (or, in a dry run, would delete)."""

    cutoff: datetime.datetime
    deleted: int = 0
    largest_id: int | None = None
    batches: int = 0


def purge(cutoff: datetime.datetime, batch_size: int = BATCH_SIZE) -> Purge:
    """Deletes every deleted item older than ``cutoff``, oldest first, ``batch_size`` per transaction.

    Each batch's transaction also writes the run's record, so that a run stopped half-way leaves
    a record of exactly what it deleted. Memory holds one batch of keys.
    """
    doomed = DeletedItem.objects.filter(deleted_date__lt=cutoff).order_by("deleted_date", "id")
    record, position, batches = DeletedItemPurge(cutoff=cutoff, largest_id=0), None, 0
    while True:
        batch = doomed if position is None else doomed.filter(after(OLDEST_FIRST, position))
        keys = list(batch.values_list("deleted_date", "id")[:batch_size])
        if not keys:
            break
        ids = [pk for _, pk in keys]
        with transaction.atomic():
            deleted, _ = DeletedItem.objects.filter(pk__in=ids).delete()
            record.largest_id = max(record.largest_id, *ids)
            record.deleted += deleted
            record.save()
        batches += 1
        position = keys[-1]
    return Purge(cutoff, record.deleted, record.largest_id or None, batches)


def planned_purge(cutoff: datetime.datetime) -> Purge:
    """What :func:`purge` would delete now, deleting nothing."""
    planned = DeletedItem.objects.filter(deleted_date__lt=cutoff).aggregate(
        deleted=Count("id"), largest_id=Max("id")
    )
    return Purge(cutoff, **planned)
