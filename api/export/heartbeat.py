"""Tells gunicorn's arbiter that a worker streaming a long export is alive.

A sync worker reports to the arbiter only between requests; one silent for
``GUNICORN_TIMEOUT`` seconds is killed. An export can take longer than that, so
each chunk it sends counts as a sign of life (``config/gunicorn.conf.py`` hands
the worker's ``notify`` over at start-up). A stream that stops making progress
(a stalled client, a query that hangs) still gets no heartbeat and is killed.
"""

beat = None  # the worker's notify(), under gunicorn


def beating(steps):
    """``steps``, reporting the worker alive at each one."""
    for step in steps:
        if beat is not None:
            beat()
        yield step
