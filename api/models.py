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


class AttributedModel(models.Model):
    """A record carrying Akinon's attribute store, as the documented records show it.

    ``attributes`` holds the values, ``attributes_kwargs`` how each is described
    (data type, label, translations), and the ``localized_`` pair the same per
    language. Products, users, loyalty cards and CMS pages all carry the four.
    """

    attributes = models.JSONField(default=dict, blank=True)
    attributes_kwargs = models.JSONField(default=dict, blank=True)
    localized_attributes = models.JSONField(default=dict, blank=True)
    localized_attributes_kwargs = models.JSONField(default=dict, blank=True)

    class Meta:
        abstract = True
