"""Operations: the service's dependencies, what it costs, and the limits that protect it.

Read replicas (``replica``), the circuit breaker (``breaker``), the fail-soft cache (``cache``),
the PostgreSQL backend (``postgresql``), health checks (``health``), Prometheus metrics
(``metrics``), the outermost middleware (``middleware``), request ids and the request log
(``request_log``), concurrency limits (``concurrency``), rate limits (``throttling``) and
arithmetic on WAL positions (``wal``, which imports nothing of Django).

May import: api.exceptions, api.sync.
"""
