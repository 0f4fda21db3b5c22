"""Delete the deleted items older than ``API_DELETED_ITEMS_RETENTION_DAYS``; meant for cron."""

from django.core.management.base import BaseCommand, CommandError

from api.pages.fastpath import format_datetime
from datawarehouse.tracking.retention import BATCH_SIZE, planned_purge, purge, retention_cutoff


class Command(BaseCommand):
    help = (
        "Delete the deleted items older than API_DELETED_ITEMS_RETENTION_DAYS, in batches, and record "
        "the cutoff so that a sync from before it is told to resync in full (410)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would be deleted; delete nothing."
        )
        parser.add_argument(
            "--batch-size", type=int, default=BATCH_SIZE, help="Deleted items deleted per transaction."
        )

    def handle(self, *args, dry_run, batch_size, **options):
        cutoff = retention_cutoff()
        if cutoff is None:
            raise CommandError(
                "API_DELETED_ITEMS_RETENTION_DAYS is not set: deleted items are kept forever, and "
                "nothing is purged. Set it to the number of days to keep them."
            )
        if batch_size < 1:
            raise CommandError(f"--batch-size must be 1 or more, not {batch_size}.")
        done = planned_purge(cutoff) if dry_run else purge(cutoff, batch_size)
        verb = "Would delete" if dry_run else "Deleted"
        largest = f" (ids up to {done.largest_id})" if done.largest_id else ""
        batches = "" if dry_run else f" in {done.batches} batches"
        self.stdout.write(
            f"{verb} {done.deleted} deleted items older than {format_datetime(cutoff)}{largest}{batches}."
        )
