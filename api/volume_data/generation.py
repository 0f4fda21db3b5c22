"""Volume data: the machinery behind ``manage.py generate_data``.

Every app with tables worth measuring provides a ``volume`` module with a
``generate(volume)`` function; the command runs them in INSTALLED_APPS order,
except that a module runs after the apps its ``AFTER`` tuple names (so
references exist before what points at them). :class:`Volume` gives each a
seeded random generator, realistic timestamps and a bulk inserter with a
progress bar, so that the same ``--scale`` and ``--seed`` give the same rows.
The value helpers at the end (people, e-mail addresses, money) are shared by
the apps' generators.
"""

import contextlib
import datetime
import random
import uuid
import zlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal
from importlib import import_module

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
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

    def rng(self, name: str, start: int = 0) -> random.Random:
        """A generator seeded by ``--seed`` and ``name``: one table's rows do not shift another's.

        ``start``, the table's row count before this run, gives a second run on
        the same database other values (and other UUIDs) than the first.
        """
        return random.Random(self.seed * 1_000_003 + zlib.crc32(f"{name}:{start}".encode()))

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

    @staticmethod
    def by_channel(model, *fields, **filters) -> dict[int, list]:
        """A channel-owned table's rows per channel id, in one query: ids, or tuples of ``fields``."""
        rows = defaultdict(list)
        for channel_id, *values in (
            model.objects.filter(**filters).order_by("pk").values_list("channel_id", "pk", *fields)
        ):
            rows[channel_id].append(tuple(values) if fields else values[0])
        return dict(rows)


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
    """``(app label, generate)`` for every installed app with a ``volume`` module.

    In INSTALLED_APPS order, except that each waits for the apps its module's
    ``AFTER`` names (those that have a volume module of their own).
    """
    modules = {
        config.label: import_module(f"{config.name}.volume")
        for config in apps.get_app_configs()
        if module_has_submodule(config.module, "volume")
    }
    pending = list(modules)
    while pending:
        ready = next(
            (
                label
                for label in pending
                if not any(after in pending for after in getattr(modules[label], "AFTER", ()))
            ),
            None,
        )
        if ready is None:
            raise ImproperlyConfigured(f"Volume generators wait for each other: {', '.join(pending)}.")
        pending.remove(ready)
        yield ready, modules[ready].generate


# Shared values: the people, addresses and amounts the apps' rows are made of.

# fmt: off
FIRST_NAMES = [
    "Ahmet", "Mehmet", "Mustafa", "Ali", "Hüseyin", "Emre", "Burak", "Can", "Murat", "Oğuz", "Kerem",
    "Ayşe", "Fatma", "Zeynep", "Elif", "Emine", "Merve", "Selin", "Deniz", "Ebru", "Gül", "Şule",
    "John", "James", "Oliver", "Harry", "Emma", "Olivia", "Sophie", "Ana", "Ioana", "Andrei", "Mihai",
]
LAST_NAMES = [
    "Kaya", "Demir", "Şahin", "Çelik", "Öztürk", "Özdemir", "Arslan", "Doğan", "Aslan", "Çetin", "Kara",
    "Koç", "Kurt", "Özkan", "Şimşek", "Polat", "Erdoğan", "Tekin", "Keskin", "Ünal", "Bulut", "Aksoy",
    "Güler", "Smith", "Jones", "Taylor", "Brown", "Wilson", "Popescu", "Ionescu", "Doe",
]
# fmt: on
EMAIL_DOMAINS = ["gmail.com", "hotmail.com", "yahoo.com", "outlook.com", "icloud.com", "akinon.com"]
ASCII = str.maketrans("\u0131İğĞüÜşŞöÖçÇ", "iIgGuUsSoOcC")
LANGUAGES = ("tr-tr", "tr-tr", "tr-tr", "en-us", "en-us", "ro-ro")
CURRENCIES = ("try", "try", "try", "try", "eur", "usd")
TAX_RATES = (Decimal("1.00"), Decimal("8.00"), Decimal("10.00"), Decimal("18.00"), Decimal("20.00"))
CENTS = Decimal("0.01")


def person(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)


def email(rng: random.Random, first: str, last: str, number: int) -> str:
    """A lower-case ASCII address made unique by ``number`` (a row's number in its table)."""
    local = f"{first}.{last}".translate(ASCII).lower()
    return f"{local}{number}@{rng.choice(EMAIL_DOMAINS)}"


def phone(rng: random.Random) -> str:
    return f"05{rng.randrange(10**9):09d}"


def money(rng: random.Random, low: float, high: float) -> Decimal:
    """A price between ``low`` and ``high``, ending in .99, .90, .50 or .00 as shop prices do."""
    whole = rng.randrange(int(low), int(high) + 1)
    return Decimal(whole) + rng.choice((Decimal("0.99"), Decimal("0.90"), Decimal("0.50"), Decimal("0.00")))


def ip_address(rng: random.Random) -> str:
    return f"{rng.randrange(1, 224)}.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"


def uuid4(rng: random.Random) -> uuid.UUID:
    """A version-4 UUID drawn from ``rng``, so that the same seed gives the same UUIDs."""
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def spread(rng: random.Random, parents: list, total: int) -> list:
    """``total`` parents for as many children: each parent once while they last, the rest at random.

    In the parents' order, so that a parent's children are inserted together, as they are made.
    """
    if not parents:
        return []
    picks = list(range(min(total, len(parents)))) + [
        rng.randrange(len(parents)) for _ in range(total - len(parents))
    ]
    return [parents[i] for i in sorted(picks)]
