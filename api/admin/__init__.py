"""The admin's shared pieces: the base admin every reporting table is registered with.

The base admin and its write signal (``base``), search that large tables answer from their
indexes (``search``, and the migration operations that build those indexes in
``search_indexes``), facet counts (``facets``), a filter whose values an index lists (``filters``,
by the loose index scan of ``index_scan``, which the date hierarchy's tag uses too) and the
changelist paginator (``paginator``).

May import: api.pages.
"""
