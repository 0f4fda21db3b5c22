"""The shared API layer: everything the OMS and data-warehouse endpoints have in common.

At the top, what an endpoint is declared with: ``models``, ``fields``, ``serializers``,
``filters``, ``values``, ``viewsets``, ``routers``, ``metadata``, ``schema``, ``exceptions``,
``optional_fields``. Below it, one package per concern:

- ``api.pages``: a list's pages (pagination, counts, the fast path, renderers, compression)
- ``api.export``: whole-table exports (streams, Parquet, their renderers, heartbeat)
- ``api.sync``: incremental sync's guarantees (change stamping, the visibility horizon)
- ``api.ops``: operations (replicas, breaker, cache, health, metrics, limits, request log)
- ``api.admin.base``: the admin's shared pieces (base admin, search, facets, paginator)
- ``api.volume_data``: volume data for ``manage.py generate_data``

Each package's docstring lists what it may import of this layer (``api.<module>`` names a
module at the top); tests/api/test_layering.py enforces the lists, and that nothing here
imports an app of the project.

Besides each other, the modules at the top use the packages below:

May import: api.export, api.ops, api.pages, api.sync.
"""
