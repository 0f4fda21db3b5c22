"""Settings, read from the environment (see README, "Configuration").

Nothing secret lives here: SECRET_KEY and database credentials come from the
environment.
"""

from pathlib import Path

import dj_database_url
from django.core.management.utils import get_random_secret_key

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

# A process-local key keeps development keyless; production sets SECRET_KEY
# (tokens live in the database, so only admin sessions depend on it).
SECRET_KEY = env_str("SECRET_KEY") or get_random_secret_key()
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
USE_X_FORWARDED_HOST = env_bool("USE_X_FORWARDED_HOST", True)
if env_bool("TRUST_X_FORWARDED_PROTO", True):
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
    "django.contrib.admin",
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
    "rest_framework.authtoken",
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
    "django.middleware.security.SecurityMiddleware",
    # Admin, Swagger UI and ReDoc assets served by the app itself, with DEBUG off.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.gzip.GZipMiddleware",
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

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
# An optional read replica: API list and detail reads go there (api/replica.py),
# everything else (writes, the admin, authentication) stays on the primary.
if env_str("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        env_str("DATABASE_REPLICA_URL"), conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60)
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
API_READ_DATABASE = "replica" if "replica" in DATABASES else "default"
DATABASE_ROUTERS = ["api.replica.ReplicaRouter"]

# Throttle counters and other shared state: Redis in production (CACHE_URL=redis://host:6379/0),
# local memory (per process) by default.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env_str("CACHE_URL")}
        if env_str("CACHE_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
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

API_DEFAULT_PAGE_SIZE = env_int("API_DEFAULT_PAGE_SIZE", 10)
API_MAX_PAGE_SIZE = env_int("API_MAX_PAGE_SIZE", 1000)
# Off renders every list through its serializer: a switch for benchmarks and diagnosis.
API_FAST_PATH = env_bool("API_FAST_PATH", True)
# Seconds one writing transaction may hold back every newer row from lists (api/horizon.py);
# 0: no limit, so that no committed row is ever missed.
API_SYNC_MAX_HOLD = env_int("API_SYNC_MAX_HOLD", 0)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # The documented "renders": JSON, then CSV and Excel exports of the same pages.
    "DEFAULT_RENDERER_CLASSES": [
        "api.renderers.ORJSONRenderer",
        "api.renderers.CSVRenderer",
        "api.renderers.ExcelRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_METADATA_CLASS": "api.metadata.ListMetadata",
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
    "DATETIME_FORMAT": "%Y-%m-%dT%H:%M:%S.%fZ",
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle", "api.throttling.AddressRateThrottle"],
    # Sign-in attempts (authentication/throttling.py), counted per client address and per username.
    "DEFAULT_THROTTLE_RATES": {
        "token": env_str("API_RATE_PER_TOKEN", "1200/min"),
        "anonymous": env_str("API_RATE_ANONYMOUS", "60/min"),
        "login_address": env_str("LOGIN_RATE_PER_ADDRESS", "10/min"),
        "login_username": env_str("LOGIN_RATE_PER_USERNAME", "10/min"),
    },
    # How many proxies sit in front of the service. 0 (direct clients): an address is the
    # socket's peer, never a spoofable X-Forwarded-For entry; behind one proxy set 1, so that
    # the address the proxy saw is used.
    "NUM_PROXIES": env_int("NUM_PROXIES", 0),
}

# dj-rest-auth (authentication/views.py): tokens only, no session cookie on sign-in.
REST_AUTH = {"SESSION_LOGIN": False}

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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
