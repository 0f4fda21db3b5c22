"""gunicorn settings for production: ``gunicorn -c config/gunicorn.conf.py config.wsgi``.

Pre-forked sync workers: a reporting page is CPU work (rows to JSON) between two
database round trips, so processes, not threads or an event loop, use the cores.
"""

import multiprocessing
import os

bind = os.environ.get("BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
# Only for a worker kind that keeps connections (a --worker-class override): sync workers close
# each one, and keep-alive is the proxy's job in front (docs/production.md). gthread was measured
# and not adopted (docs/performance.md, "Keep-alive between a walk's pages").
keepalive = 5
# Recycle workers now and then so that a slow leak never becomes an outage.
max_requests = 20000
max_requests_jitter = 2000

# One line per request with status and duration. Only the request line is logged: the token
# travels in the Authorization header, which this format never includes. With LOG_FORMAT=json
# the application writes that line itself, as JSON (api/ops/request_log.py), so gunicorn does not.
accesslog = None if os.environ.get("LOG_FORMAT") == "json" else "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()


def on_starting(server):
    """Start metrics from zero: with PROMETHEUS_MULTIPROC_DIR each worker writes its counters there.

    Files of workers that exited stay until the next start, so that counters never go
    backwards when max_requests recycles a worker (api/ops/metrics.py).
    """
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        os.makedirs(directory, exist_ok=True)
        for name in os.listdir(directory):
            if name.endswith(".db"):
                os.remove(os.path.join(directory, name))


def post_worker_init(worker):
    """A streamed export reports this worker alive at every chunk (api/export/heartbeat.py)."""
    from api.export import heartbeat

    heartbeat.beat = worker.notify
