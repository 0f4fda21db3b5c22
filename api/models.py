"""Abstract base models shared by every reporting table."""

from django.db import models


class TimeStampedModel(models.Model):
    """A record with the two timestamps incremental extraction pages by.

    ``created_date`` is set on insert and ``modified_date`` on every save. The
    composite indexes serve the extraction filters and keyset pages
    (``WHERE modified_date > … ORDER BY modified_date, id``). Subclasses that
    declare their own ``Meta`` must inherit ``TimeStampedModel.Meta`` to keep them.
    """

    created_date = models.DateTimeField(auto_now_add=True, db_index=True)
    modified_date = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        indexes = [models.Index(fields=["modified_date", "id"])]
