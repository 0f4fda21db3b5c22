"""Whole-table exports: every row a list's filters match, in one streamed response.

The stream itself (``streams``), Parquet files (``parquet``), the NDJSON and Parquet
renderers (``renderers``) and the heartbeat that keeps a streaming worker alive
(``heartbeat``).

May import: api.exceptions, api.optional_fields, api.pages, api.ops, api.sync.
"""
