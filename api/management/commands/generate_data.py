"""``manage.py generate_data --scale N [--seed S]``: fill every large table with about N rows."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from api.sync.stamping import chosen_timestamps
from api.volume_data.generation import Volume, generators


class Command(BaseCommand):
    help = (
        "Fill the database with about SCALE realistic, mutually consistent rows per large table "
        "(small reference tables stay small); the same --seed gives the same rows."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, required=True, help="rows per large table (at least 1)")
        parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")

    def handle(self, *args, scale, seed, **options):
        if scale < 1:
            raise CommandError("--scale must be a whole number of at least 1.")
        volume = Volume(scale=scale, seed=seed, stream=self.stderr)
        for label, generate in generators():
            # Generated history keeps its spread of dates (the stamping trigger stands aside).
            with transaction.atomic(), chosen_timestamps():
                generate(volume)
            self.stdout.write(f"{label}: done")
        self.stdout.write(f"statistics: {update_statistics()}")
        self.stdout.write(self.style.SUCCESS(f"Generated volume data at scale {scale} (seed {seed})."))


def update_statistics() -> str:
    """Give the planner what was just written: the statement run.

    Without statistics PostgreSQL planned every channel-scoped page at 100k rows as a bitmap
    scan and a sort of the whole channel (autovacuum may be off, and is minutes behind a bulk
    load where on), and without the visibility map that VACUUM sets, a deep page's seek reads
    the table instead of scanning the index alone. VACUUM cannot run inside a transaction (a
    caller's, such as a test's): there the statistics alone are updated.
    """
    statement = "ANALYZE"
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        statement = "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        cursor.execute(statement)
    return statement
