"""Settings, read from the environment (see docs/configuration.md).

Nothing secret lives here: SECRET_KEY and database credentials come from the
environment.
"""

import ipaddress
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_seconds, env_str
from config.logs import logging_config
from config.secret_key import secret_key

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG")
# Production sets SECRET_KEY (admin sessions are signed with it); development without it
# uses a key kept beside the embedded database (config/secret_key.py).
SECRET_KEY = secret_key(
    env_str("SECRET_KEY"),
    development=DEBUG or not env_str("DATABASE_URL"),
    key_file=BASE_DIR / ".secret_key",
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
# How many proxies sit in front of the service. Only behind one (or more) are the forwarded
# headers believed: X-Forwarded-Host and -Proto for next/previous links and https, and the
# address the nearest proxy saw for throttling. With 0 (direct clients) a client could forge
# them: links and addresses come from the request and the socket's peer.
NUM_PROXIES = env_int("NUM_PROXIES", 0)
USE_X_FORWARDED_HOST = NUM_PROXIES > 0
if NUM_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# HTTPS=1 when clients reach the service over TLS (directly or through a TLS-terminating
# proxy that sets X-Forwarded-Proto): secure cookies, HSTS and the redirect to https.
HTTPS = env_bool("HTTPS")
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = HTTPS and env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

INSTALLED_APPS = [
    # The admin, with its sign-in throttled like the API's (authentication/admin_site.py).
    "authentication.admin_site.ThrottledAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Redirects (section 39) and the site they belong to; revisions and versions (47-48).
    "django.contrib.sites",
    "django.contrib.redirects",
    "reversion",
    "rest_framework",
    "django_filters",
    "treebeard",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
    "authentication",
    "sales_channels",
    "geography",
    "oms.customers",
    "oms.orders",
    "datawarehouse.accounts",
    "datawarehouse.orders",
    "datawarehouse.products",
    "datawarehouse.campaigns",
    "datawarehouse.cms",
    "datawarehouse.loyalty",
    "datawarehouse.social",
    "datawarehouse.payments",
    "datawarehouse.shippings",
    "datawarehouse.baskets",
    "datawarehouse.catalogs",
    "datawarehouse.tracking",
]

MIDDLEWARE = [
    # /healthz and /readyz, answered before host checks, redirects, sessions and authentication.
    "api.ops.health.HealthCheckMiddleware",
    # Serves /metrics, and measures (and logs) every request with all that follows.
    "api.ops.middleware.ObservabilityMiddleware",
    # An unreachable database: 503 with Retry-After from every view, never a 500.
    "api.exceptions.DatabaseUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Admin, Swagger UI and ReDoc assets served by the app itself, with DEBUG off.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "api.ops.concurrency.ConcurrencyLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # ISA-L's gzip at GZIP_LEVEL: Django's (zlib, level 6) cost a third of a 1000-row page's time.
    "api.pages.compression.GZipMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
# Paths answer with and without their trailing slash themselves; no redirects.
APPEND_SLASH = False

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def replica_urls(listed: str, single: str, primary: dict) -> list[str]:
    """The replicas' URLs: each parsable, none twice, none the primary's (a clear error if not)."""
    if listed and single:
        raise ImproperlyConfigured("Set DATABASE_REPLICA_URLS or DATABASE_REPLICA_URL, not both.")
    urls = [url.strip() for url in (listed or single).split(",") if url.strip()]
    if listed and len(urls) != len(listed.split(",")):
        raise ImproperlyConfigured("DATABASE_REPLICA_URLS has an empty entry: list URLs separated by commas.")
    seen = {(primary.get("HOST"), str(primary.get("PORT") or ""), primary["NAME"]): "the primary's URL"}
    for number, url in enumerate(urls, 1):
        try:
            config = dj_database_url.parse(url)
        except (ValueError, KeyError) as error:
            raise ImproperlyConfigured(f"Replica URL {number} cannot be parsed: {error}") from None
        if not config.get("ENGINE") or not config.get("NAME"):
            raise ImproperlyConfigured(f"Replica URL {number} names no database engine and database.")
        server = (config.get("HOST"), str(config.get("PORT") or ""), config["NAME"])
        if server in seen:
            raise ImproperlyConfigured(f"Replica URL {number} names the same database as {seen[server]}.")
        seen[server] = f"replica URL {number}"
    return urls


def database(url: str, connect_timeout: int) -> dict:
    """A database from its URL; a persistent connection that broke is dropped, not reused."""
    config = dj_database_url.parse(
        url, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60), conn_health_checks=True
    )
    if config["ENGINE"] == "django.db.backends.postgresql":
        # Django's, with a health check that asks the socket before the server (api/ops/postgresql).
        config["ENGINE"] = "api.ops.postgresql"
        # Without it libpq waits on an unanswering host for as long as TCP retries (minutes).
        config["OPTIONS"] = {"connect_timeout": connect_timeout, **config.get("OPTIONS", {})}
    return config


# Seconds to wait for a connection to the primary (PostgreSQL; libpq would wait forever with 0).
DATABASE_CONNECT_TIMEOUT = env_int("DATABASE_CONNECT_TIMEOUT", 5)
DATABASES = {
    "default": database(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}", DATABASE_CONNECT_TIMEOUT
    )
}
# Optional read replicas: API list and detail reads go to one that has caught up (api/ops/replica.py),
# everything else (writes, the admin, authentication) stays on the primary. Reads fall back to
# another replica or the primary while one is unreachable, so their connect timeout is short.
# DATABASE_REPLICA_URLS lists them (comma-separated); DATABASE_REPLICA_URL names a single one.
API_READ_DATABASES = []
# Seconds to wait for a replica connection (libpq would wait forever with 0, and counts 1 as 2).
DATABASE_REPLICA_CONNECT_TIMEOUT = env_int("DATABASE_REPLICA_CONNECT_TIMEOUT", 2)
for _number, _url in enumerate(
    replica_urls(env_str("DATABASE_REPLICA_URLS"), env_str("DATABASE_REPLICA_URL"), DATABASES["default"])
):
    _alias = "replica" if _number == 0 else f"replica{_number + 1}"
    DATABASES[_alias] = database(_url, DATABASE_REPLICA_CONNECT_TIMEOUT)
    DATABASES[_alias]["TEST"] = {"MIRROR": "default"}
    API_READ_DATABASES.append(_alias)
# Seconds a read waits for a replica to replay what it must see before it goes to the primary.
API_REPLICA_MAX_WAIT = env_seconds("API_REPLICA_MAX_WAIT", 0.5)
# Seconds before a replica refused for reads (another cluster's server, or promoted) has its
# identity checked again, so that one an operator fixed serves again without a restart.
API_REPLICA_RECHECK_SECONDS = env_seconds("API_REPLICA_RECHECK_SECONDS", 30)
# Reads that fall back to the primary (every replica gone, refused or behind) at once, across
# processes; past it they answer 503 with Retry-After, so that a replica outage cannot take the
# primary down too.
API_PRIMARY_FALLBACK_READS = env_int("API_PRIMARY_FALLBACK_READS", 8)
# Exports among them (each holds its slot until its stream ends).
API_PRIMARY_FALLBACK_EXPORTS = env_int("API_PRIMARY_FALLBACK_EXPORTS", 2)
# DATABASE_POOLING=transaction: PgBouncer in transaction-pooling mode in front of PostgreSQL.
# Each transaction may then run on another server connection, so nothing may outlive one:
# no server-side cursors (docs/production.md, "PgBouncer").
DATABASE_POOLING = env_str("DATABASE_POOLING")
if DATABASE_POOLING not in ("", "transaction"):
    raise ImproperlyConfigured(f"DATABASE_POOLING must be empty or 'transaction', not {DATABASE_POOLING!r}.")
for _database in DATABASES.values():
    _database["DISABLE_SERVER_SIDE_CURSORS"] = DATABASE_POOLING == "transaction"
DATABASE_ROUTERS = ["api.ops.replica.ReplicaRouter"]

# Throttle counters and other shared state: Redis in production (CACHE_URL=redis://host:6379/0),
# local memory (per process) by default. Redis fails soft (api/ops/cache.py): while it is
# unreachable, counters are kept per process.
CACHES = {
    "default": (
        {"BACKEND": "api.ops.cache.FailSoftRedisCache", "LOCATION": env_str("CACHE_URL")}
        if env_str("CACHE_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# How often an unreachable replica or cache is tried again (api/ops/breaker.py).
DEPENDENCY_RETRY_SECONDS = env_int("DEPENDENCY_RETRY_SECONDS", 1)
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
# The storefront site django.contrib.redirects relates redirects to (datawarehouse/tracking).
SITE_ID = 1

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Serve from the apps' static folders too, so `make run` needs no collectstatic.
WHITENOISE_USE_FINDERS = True
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# The sales channel model the shared layer scopes pages by (api/viewsets.py), named as Django
# names AUTH_USER_MODEL: api/ imports no domain app. It answers ``ids_readable_by(user)``.
API_CHANNEL_MODEL = "sales_channels.Channel"
API_DEFAULT_PAGE_SIZE = env_int("API_DEFAULT_PAGE_SIZE", 10)
API_MAX_PAGE_SIZE = env_int("API_MAX_PAGE_SIZE", 1000)
# Off renders every list through its serializer: a switch for benchmarks and diagnosis.
API_FAST_PATH = env_bool("API_FAST_PATH", True)
# Requests one token may have in flight (api/ops/concurrency.py): all of them, and heavy ones
# (CSV, Excel, pages over API_LIGHT_PAGE_SIZE rows). 429 with Retry-After beyond.
API_CONCURRENT_REQUESTS_PER_TOKEN = env_int("API_CONCURRENT_REQUESTS_PER_TOKEN", 8)
API_CONCURRENT_HEAVY_PER_TOKEN = env_int("API_CONCURRENT_HEAVY_PER_TOKEN", 2)
API_LIGHT_PAGE_SIZE = env_int("API_LIGHT_PAGE_SIZE", 100)
# Rows a whole-table export (api/export/streams.py) reads from the database at a time.
API_EXPORT_CHUNK_ROWS = 2000
API_CONCURRENCY_RETRY_AFTER = 1
API_CONCURRENCY_SLOT_TIMEOUT = 300  # seconds: longer than any request (GUNICORN_TIMEOUT)
# Seconds one writing transaction may hold back every newer row from lists (api/sync/horizon.py);
# 0: no limit, so that no committed row is ever missed.
API_SYNC_MAX_HOLD = env_int("API_SYNC_MAX_HOLD", 0)
# API tokens (authentication/): how long a worker process remembers an accepted one (0: never);
# the days a new named token lives unless given its own expiry (0: never); the hours a sign-in
# key lives; the live sign-in keys a user may hold (POST auth/login/ refuses more).
API_TOKEN_CACHE_SECONDS = env_int("API_TOKEN_CACHE_SECONDS", 1)
API_TOKEN_TTL_DAYS = env_int("API_TOKEN_TTL_DAYS", 365)
API_SIGN_IN_TOKEN_TTL_HOURS = env_int("API_SIGN_IN_TOKEN_TTL_HOURS", 24)
API_SIGN_IN_TOKENS_PER_USER = env_int("API_SIGN_IN_TOKENS_PER_USER", 10)
for _name, _least in [
    ("DATABASE_CONNECT_TIMEOUT", 1),
    ("DATABASE_REPLICA_CONNECT_TIMEOUT", 1),
    ("API_PRIMARY_FALLBACK_READS", 0),
    ("API_PRIMARY_FALLBACK_EXPORTS", 0),
    ("API_TOKEN_CACHE_SECONDS", 0),
    ("API_TOKEN_TTL_DAYS", 0),
    ("API_SIGN_IN_TOKEN_TTL_HOURS", 1),
    ("API_SIGN_IN_TOKENS_PER_USER", 1),
]:
    if globals()[_name] < _least:
        raise ImproperlyConfigured(f"{_name} must be {_least} or more, not {globals()[_name]}.")
# Who a request's token belongs to, for the concurrency limit (api/ops/concurrency.py), per user.
API_CONCURRENCY_CALLER = "authentication.tokens.caller_of"
# Days a deleted item is kept before purge_deleted_items removes it (datawarehouse/tracking/
# retention.py); unset: kept forever. A sync from before what was purged answers 410 Gone.
API_DELETED_ITEMS_RETENTION_DAYS = env_int("API_DELETED_ITEMS_RETENTION_DAYS", None)
if API_DELETED_ITEMS_RETENTION_DAYS is not None and API_DELETED_ITEMS_RETENTION_DAYS < 1:
    raise ImproperlyConfigured(
        "API_DELETED_ITEMS_RETENTION_DAYS must be a whole number of days, 1 or more (unset: kept "
        f"forever), not {API_DELETED_ITEMS_RETENTION_DAYS}."
    )
# ISA-L's gzip level (1-3) of responses to clients that accept it (api/pages/compression.py); 0: none.
GZIP_LEVEL = env_int("GZIP_LEVEL", 1)
if not 0 <= GZIP_LEVEL <= 3:
    raise ImproperlyConfigured(f"GZIP_LEVEL must be 0 (no compression) to 3, not {GZIP_LEVEL}.")

REST_FRAMEWORK = {
    # Tokens only (authentication/tokens.py): a browser signed in to the admin gets no access to the API.
    "DEFAULT_AUTHENTICATION_CLASSES": ["authentication.tokens.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # The documented "renders": JSON, then CSV and Excel exports of the same pages.
    "DEFAULT_RENDERER_CLASSES": [
        "api.pages.renderers.ORJSONRenderer",
        "api.pages.renderers.CSVRenderer",
        "api.pages.renderers.ExcelRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "api.pages.pagination.Pagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_METADATA_CLASS": "api.metadata.ListMetadata",
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
    "DATETIME_FORMAT": "%Y-%m-%dT%H:%M:%S.%fZ",
    "DEFAULT_THROTTLE_CLASSES": [
        "api.ops.throttling.TokenRateThrottle",
        "api.ops.throttling.AddressRateThrottle",
    ],
    # Sign-in attempts (authentication/throttling.py), counted per client address and per username.
    "DEFAULT_THROTTLE_RATES": {
        "token": env_str("API_RATE_PER_TOKEN", "1200/min"),
        "anonymous": env_str("API_RATE_ANONYMOUS", "60/min"),
        "login_address": env_str("LOGIN_RATE_PER_ADDRESS", "10/min"),
        "login_username": env_str("LOGIN_RATE_PER_USERNAME", "10/min"),
    },
    # Addresses for throttling: the socket's peer, or behind NUM_PROXIES the one the proxy saw.
    "NUM_PROXIES": NUM_PROXIES,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Akinon OMS and Commerce data-warehouse reporting API",
    "DESCRIPTION": (
        "Read-only reporting endpoints. Authenticate with `Authorization: Token <key>`. "
        "Lists page by `page` (and `page_size` or `limit`), or by keyset with `cursor`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several records have a "status" with different choices: name each set after its owner.
    "ENUM_NAME_OVERRIDES": {
        "BasketStatusEnum": "datawarehouse.baskets.models.Basket.Status",
        "OfferStatusEnum": "datawarehouse.campaigns.models.OfferStatus",
        "OrderStatusEnum": "datawarehouse.orders.models.OrderStatus",
        "ProductImageStatusEnum": "datawarehouse.products.models.ProductImage.Status",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_error_responses",
    ],
}

# /metrics (api/ops/metrics.py) answers a socket peer in these networks (addresses or CIDR
# ranges) or a request with "Authorization: Bearer <METRICS_TOKEN>"; with neither set, 404.
METRICS_ALLOWED_NETWORKS = [
    ipaddress.ip_network(address, strict=False) for address in env_list("METRICS_ALLOWED_ADDRESSES")
]
METRICS_TOKEN = env_str("METRICS_TOKEN")

# LOG_FORMAT=json: one JSON object per line, and one line per request (config/logs.py).
LOG_FORMAT = env_str("LOG_FORMAT", "text")
LOGGING = logging_config(LOG_FORMAT, env_str("LOG_LEVEL", "INFO"))
