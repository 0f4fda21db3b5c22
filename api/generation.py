"""Volume data: the machinery behind ``manage.py generate_data``.

Every app with tables worth measuring provides a ``volume`` module with a
``generate(volume)`` function; the command runs them in INSTALLED_APPS order
(so references exist before what points at them). :class:`Volume` gives each a
seeded random generator, realistic timestamps and a bulk inserter with a
progress bar, so that the same ``--scale`` and ``--seed`` give the same rows.
"""

import contextlib
import datetime
import random
import zlib
from collections.abc import Iterable, Iterator
from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule
from tqdm import tqdm

BATCH_SIZE = 5000
EPOCH = datetime.datetime(2021, 1, 1, tzinfo=datetime.UTC)
SPAN_SECONDS = 4 * 365 * 24 * 3600


class Volume:
    def __init__(self, scale: int, seed: int, stream=None):
        self.scale = scale
        self.seed = seed
        self.stream = stream

    def rng(self, name: str) -> random.Random:
        """A generator seeded by ``--seed`` and ``name``: one table's rows do not shift another's."""
        return random.Random(self.seed * 1_000_003 + zlib.crc32(name.encode()))

    @staticmethod
    def timestamps(rng: random.Random) -> tuple[datetime.datetime, datetime.datetime]:
        """A creation time within four years from 2021 and a modification at or after it."""
        created = EPOCH + datetime.timedelta(
            seconds=rng.randrange(SPAN_SECONDS), microseconds=rng.randrange(10**6)
        )
        modified = created + datetime.timedelta(seconds=rng.choice((0, 0, rng.randrange(90 * 24 * 3600))))
        return created, modified

    def insert(self, model, rows: Iterable, total: int) -> None:
        """Bulk-insert model instances in batches, keeping the timestamps they were given."""
        label = model._meta.verbose_name_plural
        with (
            keep_timestamps(model),
            tqdm(total=total, desc=f"{label:>24}", unit=" rows", file=self.stream) as bar,
        ):
            for batch in batched(rows, BATCH_SIZE):
                model.objects.bulk_create(batch)
                bar.update(len(batch))

    @staticmethod
    def ids(model, **filters) -> list[int]:
        return list(model.objects.filter(**filters).order_by("pk").values_list("pk", flat=True))


def batched(rows: Iterable, size: int) -> Iterator[list]:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


@contextlib.contextmanager
def keep_timestamps(model):
    """Suspend auto_now/auto_now_add so that generated history keeps its spread of dates."""
    fields = [
        f
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for field in fields:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def generators():
    """``(app label, generate)`` for every installed app with a ``volume`` module, in INSTALLED_APPS order."""
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, "volume"):
            yield config.label, import_module(f"{config.name}.volume").generate
