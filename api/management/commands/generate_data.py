"""``manage.py generate_data --scale N [--seed S]``: fill every large table with about N rows."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from api.generation import Volume, generators
from api.stamping import chosen_timestamps


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
        self.stdout.write(self.style.SUCCESS(f"Generated volume data at scale {scale} (seed {seed})."))
