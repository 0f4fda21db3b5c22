"""Incremental sync's guarantees: change times stamped by the database, and the visibility horizon.

Change stamping and the marker that publishes it (``stamping``); the horizon every list serves
rows before (``horizon``).

May import: api.models.
"""
