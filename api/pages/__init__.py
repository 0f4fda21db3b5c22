"""A list's pages: what a page holds, what it costs and the formats it is rendered in.

Pagination (``pagination``, its two modes ``page_mode`` and ``keyset``, the sort keys both
seek by in ``sort_keys``, the ``cursor`` token, a walk's statement compiled once in
``statements``, prepared once per PostgreSQL session in ``prepared``, its links made once in
``links``), exact counts (``counts``), the fast path that renders pages from plain rows
(``fastpath``), the JSON/CSV/Excel renderers (``renderers``) and gzip (``compression``).

May import: api.values, api.ops, api.sync.
"""
