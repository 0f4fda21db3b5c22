"""Admin search that large tables can answer from their indexes.

Django's admin compiles ``=field`` to ``iexact`` (``UPPER(id::text) = UPPER('42')``
for a number) and a related field to a join under an ``OR``: neither can use an
index, so a search read whole tables. Here an exact field (``=field``) matches
exactly, a number only when the term is one; a related exact field
(``=product__sku``) first finds the related rows' ids by their own index,
then matches the foreign key (``product_id IN (…)``); other fields keep
``icontains``, which the trigram indexes serve on PostgreSQL
(``api/admin/search_indexes.py``). A term of fewer than four characters (``an``,
``n.s``) matches those fields as a prefix instead: it holds at most one whole
trigram, and a substring that short is in many rows, so no index can narrow
it (a two-letter search read the whole table, 1.5 s on 300k districts; the
one trigram of ``n.s`` is in 176,000 of a million order e-mail addresses,
whose newest 50 matches took 360 ms to sort), where a prefix is a range of
the prefix index. Each ``OR`` branch is then an index condition on the
searched table itself.
"""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.text import smart_split, unescape_string_literal

# At most this many related rows match an exact related search: identifiers are (nearly) unique.
RELATED_MATCHES = 1000
# Terms shorter than this match text fields as a prefix: they hold at most one whole trigram.
SUBSTRING_LENGTH = 4


def search(model, queryset, search_fields, search_term):
    """``queryset`` narrowed to rows matching every word of ``search_term`` in one of ``search_fields``."""
    for bit in smart_split(search_term):
        if bit.startswith(('"', "'")) and bit[0] == bit[-1]:
            bit = unescape_string_literal(bit)
        conditions = [condition(model, field, bit) for field in search_fields]
        conditions = [c for c in conditions if c is not None]
        if not conditions:
            return queryset.none()
        either = Q()
        for c in conditions:
            either |= c
        queryset = queryset.filter(either)
    return queryset


def condition(model, field: str, term: str):
    """The ``Q`` that matches ``term`` in one search field, or ``None`` if it cannot match."""
    if not field.startswith("="):
        lookup = "istartswith" if field.startswith("^") or len(term) < SUBSTRING_LENGTH else "icontains"
        return Q(**{f"{field.lstrip('^@')}__{lookup}": term})
    path = field[1:]
    relation, _, rest = path.partition("__")
    if rest:
        related = model._meta.get_field(relation).related_model
        inner = condition(related, f"={rest}", term)
        if inner is None:
            return None
        ids = list(related._default_manager.filter(inner).values_list("pk", flat=True)[:RELATED_MATCHES])
        return Q(**{f"{relation}__in": ids})
    value = exact_value(model._meta.get_field(path), term)
    return None if value is None else Q(**{path: value})


def exact_value(field, term: str):
    """``term`` as a value of ``field``, or ``None`` if it is not one (``abc`` for an id)."""
    if isinstance(field, (models.CharField, models.TextField)):
        return term
    if isinstance(field, models.UUIDField):
        try:
            return uuid.UUID(term)
        except ValueError:
            return None
    try:
        return field.to_python(term)
    except (ValidationError, ValueError, TypeError):
        return None
