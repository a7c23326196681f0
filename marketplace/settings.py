"""Settings: every deployment choice is an environment variable.

With nothing set, the project runs on embedded defaults (SQLite, a filesystem Celery broker,
DEBUG on). `MARKETPLACE_ENV=production` asks for production settings: DEBUG off, a real secret
key required, and the security settings that `manage.py check --deploy` looks for.
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

from marketplace.ops.log_config import log_config
from regions.core.pack_discovery import BUILTIN_REGION_PACKS as DEFAULT_BUILTIN_PACKS
from regions.core.pack_discovery import entry_point_packs, region_pack_apps
from regions.core.pack_languages import declared_languages, with_pack_languages

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()


def _whole_seconds(name: str, default: int) -> int:
    """A number of seconds from the environment; text that is not one stops the start with the
    variable's name (the range is ops.E001's, so values set in Python are checked too)."""
    raw = env.str(name, default=str(default))
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number of seconds, not {raw!r}.") \
            from None


environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

MARKETPLACE_ENV = env.str("MARKETPLACE_ENV", default="development")
PRODUCTION = MARKETPLACE_ENV == "production"

DATA_DIR = Path(env.str("MARKETPLACE_DATA_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DEBUG", default=not PRODUCTION)
if PRODUCTION:
    # No fallback: a production deployment with a guessable key must not start.
    SECRET_KEY = env.str("SECRET_KEY")
else:
    SECRET_KEY = env.str("SECRET_KEY", default="django-insecure-development-only-key")
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=[] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# --- Region packs (regions.core.pack_discovery) ----------------------------------------
# Installed: the built-in packs, then REGION_PACKS (app modules added to them, not replacing
# them), then the packs that pip-installed distributions announce in the entry-point group
# "marketplace_regions.packs". BUILTIN_REGION_PACKS narrows the built-ins (empty: none).
BUILTIN_REGION_PACKS = env.list("BUILTIN_REGION_PACKS", default=list(DEFAULT_BUILTIN_PACKS))
REGION_PACKS = env.list("REGION_PACKS", default=[])
REGION_PACK_ENTRY_POINTS = env.bool("REGION_PACK_ENTRY_POINTS", default=True)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    # API clients authenticate with a token (Authorization: Token <key>): one indexed lookup,
    # where Basic authentication runs PBKDF2 (about 250 ms) on every request.
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_countries",
    "simple_history",
    # The region framework: one app per concern, each pointing at Region/Country.
    "regions.core",
    "regions.languages",
    "regions.payments",
    "regions.compliance",
    "regions.warehouses",
    "regions.taxes",
    # The commerce apps.
    "marketplace.rates",
    "marketplace.ai",
    "marketplace.catalog",
    "marketplace.compliance",
    "marketplace.translation",
    "marketplace.compliance_review",
    "marketplace.preview",
    "marketplace.checkout",
    "marketplace.portal",
    "marketplace.workspace",
    # Region packs: each contributes one market's data and code (see REGION_PACKS below).
    *region_pack_apps(BUILTIN_REGION_PACKS, REGION_PACKS,
                      entry_point_packs() if REGION_PACK_ENTRY_POINTS else ()),
]

MIDDLEWARE = [
    # First: every log line of the request carries its id (marketplace.ops).
    "marketplace.ops.middleware.RequestIdMiddleware",
    # Before the host check and the HTTPS redirect: probes come by IP over plain HTTP.
    "marketplace.ops.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files with DEBUG off, from the WSGI app itself (no separate web server needed).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "marketplace.query_text.QueryTextMiddleware",  # after LocaleMiddleware: its 400 is translated
    # Before CSRF reads the form: an upload Django cannot read is a 400 naming the field.
    "marketplace.uploads.UploadErrorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Admin times in the operator's region time zone (after authentication: it reads the user).
    "regions.core.middleware.OperatorTimeZoneMiddleware",
    # Last, so its process_exception runs first: a database, Redis or broker that is down
    # answers a JSON 503 with Retry-After, not an HTML 500 with a traceback.
    "marketplace.ops.middleware.ServiceUnavailableMiddleware",
]

ROOT_URLCONF = "marketplace.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "marketplace" / "templates"],
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

WSGI_APPLICATION = "marketplace.wsgi.application"

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'db.sqlite3'}"),
}
# Persistent connections: a new PostgreSQL connection per request cost 2-3.7x the throughput.
# The health check pings a reused connection before a request uses it, so a database restart
# costs no request an error.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
DATABASES["default"].setdefault(
    "CONN_HEALTH_CHECKS", env.bool("DATABASE_CONN_HEALTH_CHECKS", default=True))
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that does not answer fails the request (503) in seconds, not minutes.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A web server and a worker process share the file: wait for locks instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("timeout", 20)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("de", "Deutsch"),
    ("fr", "Français"),
    ("it", "Italiano"),
    ("es", "Español"),
    ("nl", "Nederlands"),
    ("pl", "Polski"),
    ("pt", "Português"),
    ("sv", "Svenska"),
    ("zh-hans", "简体中文"),
]
# Each installed region pack adds the languages it brings (`[pack] languages` in its pack.toml;
# regions.core.declarations, read here without the app registry).
PACK_LANGUAGES = declared_languages(INSTALLED_APPS)
LANGUAGES = with_pack_languages(LANGUAGES, PACK_LANGUAGES)
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/preview/"

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(DATA_DIR / "static")))
# Production serves what `collectstatic` wrote, compressed and with hashed names (cached
# forever); development reads the apps' static folders directly.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
                    if PRODUCTION else
                    "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(DATA_DIR / "media")))

# Whenever Redis is the broker, the cache defaults to the same server (database 1): the
# portal's rate limits and the readiness probe then count across every process, where a
# per-process cache would give each worker its own count.
_redis_broker = urlsplit(env.str("CELERY_BROKER_URL", default=""))
CACHES = {"default": env.cache_url(
    "CACHE_URL", default=_redis_broker._replace(path="/1").geturl()
    if _redis_broker.scheme in ("redis", "rediss") else "locmemcache://")}

REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    # Session first, as before (its 403 for anonymous writers stays); a token for clients.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.BasicAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    # Every operation documents its error answers, with one error body (marketplace.api.schema).
    "DEFAULT_SCHEMA_CLASS": "marketplace.api.schema.ApiSchema",
    # MissingRate and the like: a clear 503/4xx with a message (marketplace.api.errors).
    "EXCEPTION_HANDLER": "marketplace.api.errors.exception_handler",
    # JSON only: every request body of the API is a JSON object (a form could not carry a
    # quote's lines); another content type is a 415, and the schema publishes JSON alone.
    "DEFAULT_PARSER_CLASSES": [
        "marketplace.api.parsers.StrictJSONParser",  # no 500 from deep nesting or surrogates
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "marketplace.api.renderers.ORJSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Marketplace Regions API",
    "DESCRIPTION": "One listing, every market: listings localized per region, country, "
    "language and buyer type, and the regions' configuration.",
    "VERSION": "1",
    # OpenAPI 3.1 (JSON Schema 2020-12): what schemathesis and current clients read best.
    "OAS_VERSION": "3.1.0",
    # Swagger UI from the installed sidecar package, not a CDN: the docs work offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # /api/schema/ is the document itself, not an endpoint of the API.
    "SERVE_INCLUDE_SCHEMA": False,
}

# --- Celery --------------------------------------------------------------------------------
# Default: kombu's filesystem transport, a broker that is just a folder, so a real worker
# process runs with no server. Any other broker (redis://...) is a URL away.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = DATA_DIR / "celery" / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir),
        "data_folder_out": str(_broker_dir),
        "processed_folder": str(DATA_DIR / "celery" / "processed"),
        # Without it, the broadcast (control) exchange lands in ./control of the cwd.
        "control_folder": str(DATA_DIR / "celery" / "control"),
        "store_processed": False,
    }
    _default_result_backend = f"file://{DATA_DIR / 'celery' / 'results'}"
    # kombu's filesystem transport and Celery's file backend need their folders to exist.
    for _folder in ("broker", "processed", "control", "results"):
        (DATA_DIR / "celery" / _folder).mkdir(parents=True, exist_ok=True)
else:
    _default_result_backend = CELERY_BROKER_URL if CELERY_BROKER_URL.startswith("redis") else None
    # A message a worker took and never acknowledged (the worker died; tasks acknowledge
    # late) goes back to the queue after this long. Longer than any task runs, or a running
    # task is handed out twice; the job leases keep that from doing the work twice.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT_SECONDS", default=1800)}
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=_default_result_backend)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
# Nobody reads a task's return value (jobs keep their state in their rows). Storing none also
# spares every .delay() the subscription to the Redis result channel, which with Redis down
# retried for up to 20 s and held the web request (bench/load.py: a 12 s POST).
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# Workers log through LOGGING below (JSON in production, with the request id of the request
# that sent the task), not Celery's own plain format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# A job still queued this long after it was created is sent again (its message may have been
# lost to a broker outage; a second delivery is harmless): marketplace.ops.dispatch.
JOBS_RESEND_AFTER_SECONDS = env.int("JOBS_RESEND_AFTER_SECONDS", default=600)
# How often beat runs that sweeper, which also re-sends the jobs of dead workers (their lease
# expired while they were running).
JOBS_SWEEP_SECONDS = _whole_seconds("JOBS_SWEEP_SECONDS", 300)
# How long a run holds its job without renewing the lease (marketplace.ops.leases). Runs renew
# at each model request, so a lease must outlast the longest one (AI_TIMEOUT_SECONDS x
# (AI_MAX_RETRIES + 1) plus backoff); a dead worker's job is taken over this long after its
# last renewal. Checked by marketplace.ops.job_timing (ops.E001, ops.W001, ops.W002).
TRANSLATION_JOB_LEASE_SECONDS = _whole_seconds("TRANSLATION_JOB_LEASE_SECONDS", 600)
CLAIM_REVIEW_LEASE_SECONDS = _whole_seconds("CLAIM_REVIEW_LEASE_SECONDS", 600)
COMPLIANCE_CHECK_LEASE_SECONDS = _whole_seconds("COMPLIANCE_CHECK_LEASE_SECONDS", 900)

# --- Email ---------------------------------------------------------------------------------
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="marketplace@localhost")

# --- Security ------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# --- Exchange rates (marketplace.rates): older than this, rates.W001 warns ----------------
EXCHANGE_RATES_MAX_AGE_DAYS = env.int("EXCHANGE_RATES_MAX_AGE_DAYS", default=7)

# --- AI model client (marketplace.ai) ------------------------------------------------------
# Any OpenAI-compatible server: the hosted API, vLLM, llama.cpp server. No key: AI is off and
# the jobs that need it say so instead of failing mid-way.
AI_API_KEY = env.str("AI_API_KEY", default="")
AI_BASE_URL = env.str("AI_BASE_URL", default="")  # empty: the SDK's default (api.openai.com)
AI_MODEL = env.str("AI_MODEL", default="gpt-4o-mini")
AI_TIMEOUT_SECONDS = env.float("AI_TIMEOUT_SECONDS", default=30.0)
AI_MAX_RETRIES = env.int("AI_MAX_RETRIES", default=4)
AI_MAX_CONCURRENCY = env.int("AI_MAX_CONCURRENCY", default=4)
# Prices per 1,000 tokens, for the usage ledger's cost column (strings: exact decimals).
AI_PRICE_INPUT_PER_1K = env.str("AI_PRICE_INPUT_PER_1K", default="0")
AI_PRICE_OUTPUT_PER_1K = env.str("AI_PRICE_OUTPUT_PER_1K", default="0")
# Off for servers without `response_format` JSON schema support: the schema then goes into the
# prompt, and the reply is validated just as strictly.
AI_STRUCTURED_OUTPUT = env.bool("AI_STRUCTURED_OUTPUT", default=True)

# --- Compliance (regions.compliance) -------------------------------------------------------
# Supplier documents (certificates) are private: stored outside MEDIA_ROOT, never served by
# URL, only through views that check who asks (regions.compliance.documents).
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(DATA_DIR / "private")))
CERTIFICATE_MAX_UPLOAD_BYTES = env.int("CERTIFICATE_MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)
LISTING_IMAGE_MAX_UPLOAD_BYTES = env.int("LISTING_IMAGE_MAX_UPLOAD_BYTES", default=5 * 1024 * 1024)
# A certificate ending within this many days raises a warning, and the daily re-check runs
# for listings whose certificates end within it.
COMPLIANCE_EXPIRY_WARNING_DAYS = env.int("COMPLIANCE_EXPIRY_WARNING_DAYS", default=30)
# When (UTC hour) Celery beat runs the daily re-check.
COMPLIANCE_RECHECK_HOUR = env.int("COMPLIANCE_RECHECK_HOUR", default=3)
# Certificate types that a ResponsiblePerson on record satisfies are declared by the packs
# (`[pack] representative_types`, regions.core.declarations).

# --- Company identifiers (regions.core.business_ids) ----------------------------------------
# Checking VAT IDs against the EU's VIES service is off by default (no network needed); when on,
# an unreachable VIES fails closed: the ID is not accepted as valid for reverse charge.
VIES_ENABLED = env.bool("VIES_ENABLED", default=False)
VIES_URL = env.str("VIES_URL", default="https://ec.europa.eu/taxation_customs/vies/rest-api/check-vat-number")
VIES_TIMEOUT_SECONDS = env.float("VIES_TIMEOUT_SECONDS", default=10.0)

# Local tax rates by postal code (US county, city and district sales taxes), per country: a CSV
# rates file or a provider class (regions/taxes/local_rates.py). None ship with the packs.
# TAX_LOCAL_RATES='{"US": "/srv/tax/us_local_rates.csv"}'
TAX_LOCAL_RATES = env.json("TAX_LOCAL_RATES", default={})

# --- Checkout (marketplace.checkout) -------------------------------------------------------
# How long a quote holds its prices, exchange rates and rules; after that the buyer asks again.
CHECKOUT_QUOTE_VALIDITY_MINUTES = env.int("CHECKOUT_QUOTE_VALIDITY_MINUTES", default=60)
# Payment provider per settlement kind (regions.payments SettlementKind); "default" for the
# rest. Only the manual/offline provider exists: payments stay pending until recorded.
CHECKOUT_PAYMENT_PROVIDERS = {"default": "marketplace.checkout.payments.ManualProvider"}
# When set, the marketplace collects the payments paid by transfer (and pays the sellers out):
# the pro-forma invoice prints this account instead of the seller's payout details and says
# so. Unset: the buyer pays each seller's own account. JSON, e.g. '{"holder": "Marketplace
# Regions GmbH", "iban": "DE89370400440532013000", "bic": "COBADEFF", "bank_name": "..."}'
CHECKOUT_COLLECTION_ACCOUNT = env.json("CHECKOUT_COLLECTION_ACCOUNT", default={})

# --- Supplier portal (marketplace.portal) --------------------------------------------------
# The languages the portal's UI is translated into (locale/<lang>/, and the locale/ of each
# pack for the languages it brings); a region's portal is shown in those of its offered
# languages that are listed here. Set in the environment, the list replaces the default whole.
_PORTAL_CORE_LANGUAGES = ["en", "de", "fr", "it", "es", "nl", "pl", "sv", "pt"]
PORTAL_UI_LANGUAGES = env.list("PORTAL_UI_LANGUAGES", default=[
    *_PORTAL_CORE_LANGUAGES, *(tag for tag in PACK_LANGUAGES if tag not in _PORTAL_CORE_LANGUAGES),
])
# django-ratelimit rates ("count/period", period s, m, h, d, optionally with a multiplier such
# as 10/5m), counted per client IP in settings.CACHES["default"].
PORTAL_SIGNUP_RATE = env.str("PORTAL_SIGNUP_RATE", default="5/h")
PORTAL_LOGIN_RATE = env.str("PORTAL_LOGIN_RATE", default="10/5m")
# How long an email confirmation link works.
PORTAL_CONFIRMATION_MAX_AGE_SECONDS = env.int("PORTAL_CONFIRMATION_MAX_AGE_SECONDS",
                                              default=3 * 24 * 3600)
# Caps that keep one applicant from filling the disk or the review page.
PORTAL_MAX_DOCUMENTS = env.int("PORTAL_MAX_DOCUMENTS", default=30)
PORTAL_MAX_WAREHOUSES = env.int("PORTAL_MAX_WAREHOUSES", default=20)

# One line per record: JSON (timestamp, level, logger, message, request_id) for a collector,
# or the same fields as text for a terminal. X-Request-ID comes in and goes out on every
# request, and travels into the Celery tasks it sends (marketplace.ops).
LOG_FORMAT = env.str("LOG_FORMAT", default="json" if PRODUCTION else "text")
LOGGING = log_config(
    LOG_FORMAT, root_level=env.str("LOG_LEVEL", default="INFO"),
    # Django gives its own logger a console handler; without this every line prints twice.
    loggers={"django": {"level": "INFO"}})

# Optional error reporting and metrics, each off until its variable is set
# (marketplace/ops/observability.py).
SENTRY_DSN = env.str("SENTRY_DSN", default="")
PROMETHEUS_METRICS = env.bool("PROMETHEUS_METRICS", default=False)
if SENTRY_DSN:
    from marketplace.ops.observability import start_sentry

    start_sentry(SENTRY_DSN, environment=env.str("SENTRY_ENVIRONMENT", default=MARKETPLACE_ENV),
                 traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
                 release=env.str("SENTRY_RELEASE", default="") or None)
if PROMETHEUS_METRICS:
    from marketplace.ops.observability import with_prometheus

    INSTALLED_APPS, MIDDLEWARE = with_prometheus(INSTALLED_APPS, MIDDLEWARE)

# STATIC_ROOT too: whitenoise warns on every start when it is missing (before collectstatic).
for _folder in (DATA_DIR, MEDIA_ROOT, STATIC_ROOT):
    _folder.mkdir(parents=True, exist_ok=True)
