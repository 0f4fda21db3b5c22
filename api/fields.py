"""Model field shorthands for the value kinds the documentation repeats."""

from django.db import models


def money(**kwargs):
    """An amount with the two decimal places the documentation shows ("179.50", "-1468.29")."""
    return models.DecimalField(max_digits=12, decimal_places=2, **kwargs)


def rate(**kwargs):
    """A percentage with two decimal places ("8.00")."""
    return models.DecimalField(max_digits=5, decimal_places=2, **kwargs)


def unserved_id(record: str):
    """The id of a related record that no endpoint serves, kept as a plain nullable integer."""
    return models.PositiveIntegerField(null=True, blank=True, help_text=f"Id of a {record}, not served here.")
