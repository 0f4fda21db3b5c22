"""Rate limits per API user and per anonymous address; counters live in the shared cache.

With ``CACHE_URL`` pointing at Redis every worker process counts in one place;
the default local-memory cache counts per process (fine for one process, as
`make run` serves). A counter's key holds a SHA-256 digest of what it counts
(a user, an address, a username), never the value: anyone who can list the
cache's keys must not learn an address or a username from them.

Each limit is a fixed-window counter: ``rate`` requests per window (a second, minute, hour or
day) from the window's first request, one cache round trip per request (api/ops/cache.py's
``count``), where DRF's sliding log read and wrote a pickled list of every request time in the
window. A 429's ``Retry-After`` is the time left in the window, after which the counter starts
again: honest, since nothing counted before then can refuse a request after it. The price of a
fixed window: a client may spend one window's budget at its end and the next one's at the start
of the next, so at most twice the rate within one window's length, never more on average.

A user's rate is counted ahead, in the round trip that takes its concurrency slots
(api/ops/concurrency.py), for a view whose throttle classes include :class:`TokenRateThrottle`
(:func:`rate_counters`): the middleware leaves each count on the request, and the throttle takes it
there instead of counting again. A count no throttle took (the request was refused before the
throttles ran: an unknown format, a 406, a permission a view checks first) is taken back with the
slots, after the response. Reached without the middleware, the throttle counts in a round trip of
its own.
"""

from rest_framework.throttling import SimpleRateThrottle

from api.ops.cache import Count, Counter, count, digest

# Where the middleware leaves the counts it made ahead, on the HttpRequest: {counter key: Count}.
COUNTED_AHEAD = "_rates_counted_ahead"


class HashedKeyThrottle(SimpleRateThrottle):
    """A fixed-window throttle whose cache key names what it counts by digest only."""

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        counter = self.counter(key)
        counted = counts_ahead(request).pop(counter.key, None) or count(counter.key, counter.timeout)
        self.expires_in = counted.expires_in
        return counted.value <= self.num_requests

    def counter(self, key: str) -> Counter:
        # Not DRF's key: a worker of an older release, sharing the cache during a deploy, would
        # read this counter as its list of request times (and answer 500).
        return Counter(f"{key}:window", self.duration)

    def wait(self):
        """Seconds until the window ends and the counter starts again (never 0: no header)."""
        return max(self.expires_in, 0.001)

    def key_for(self, ident: str | None) -> str:
        return self.cache_format % {
            "scope": self.scope,
            "ident": digest(str(ident)),
        }


class TokenRateThrottle(HashedKeyThrottle):
    """Requests per token-authenticated user: all of a user's tokens share one budget, so that
    issuing more tokens does not raise a job's rate."""

    scope = "token"

    def get_cache_key(self, request, view):
        if request.auth is None or not request.user.is_authenticated:
            return None
        return self.key_for(f"user:{request.user.pk}")

    def counter_for(self, caller: str) -> Counter | None:
        """The counter a request of ``caller`` counts on (the concurrency limit's caller, ``user:<pk>``,
        is this throttle's ident), or ``None`` without a rate."""
        return None if self.rate is None else self.counter(self.key_for(caller))


class AddressRateThrottle(HashedKeyThrottle):
    """Requests per client address from callers without a valid token.

    Requests whose token is refused are charged to the same budget during
    authentication (``RejectedTokenThrottle``): they never reach the view's throttles.
    """

    scope = "anonymous"

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return None
        return self.address_key(request)

    def address_key(self, request) -> str:
        return self.key_for(self.get_ident(request))


class RejectedTokenThrottle(AddressRateThrottle):
    """The anonymous budget of an address, charged by a request whose token was refused.

    Asked while ``request.user`` is still being worked out, so it counts by address alone.
    """

    def get_cache_key(self, request, view):
        return self.address_key(request)


def rate_counters(view, caller: str) -> list[Counter]:
    """The counters the throttles of ``view`` (a view function, as URL resolution gives it) would count
    a request of ``caller`` on, to count them ahead: those of its :class:`TokenRateThrottle` classes,
    none for a view that is not DRF's. (A view whose ``get_throttles`` answers other classes than
    its ``throttle_classes`` is still right: a count its throttles do not take is taken back, and a
    throttle finds no count made ahead counts itself.)"""
    view_class = getattr(view, "cls", None)
    if view_class is None:
        return []
    # DRF's as_view() keeps the throttles a route gives (a viewset's @action(throttle_classes=...)).
    classes = view.initkwargs.get("throttle_classes", view_class.throttle_classes)
    throttles = [throttle() for throttle in classes if issubclass(throttle, TokenRateThrottle)]
    return [counter for throttle in throttles if (counter := throttle.counter_for(caller)) is not None]


def counted_ahead(request, counters: list[Counter], counts: list[Count]) -> None:
    """Leave on ``request`` (an HttpRequest) the counts of ``counters``, made ahead, for the throttles."""
    ahead = zip(counters, counts, strict=True)
    request.__dict__[COUNTED_AHEAD] = {counter.key: counted for counter, counted in ahead}


def counts_ahead(request) -> dict[str, Count]:
    """The counts made ahead for ``request`` (DRF's or Django's) that no throttle has taken yet."""
    return getattr(request, "_request", request).__dict__.get(COUNTED_AHEAD, {})


def not_taken(request) -> list[str]:
    """The keys of the counts made ahead for ``request`` (an HttpRequest) that no throttle took, forgotten
    by the request from now on."""
    return list(request.__dict__.pop(COUNTED_AHEAD, {}))
