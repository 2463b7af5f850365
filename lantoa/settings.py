"""Settings for Lan Tỏa, read from the environment.

Every variable is parsed strictly: a bad value stops the start with a clear message.
`LANTOA_ENV` is `dev` (default), `test` or `prod`; production refuses to start without
its secrets.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from lantoa.core.env import env_bool, env_choice, env_int, env_list, env_str, env_url

# Django's generic classes (fields, admins, forms, feeds…) accept type parameters at run
# time as they do for mypy --strict.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("LANTOA_VAR_DIR", BASE_DIR / "var"))


LANTOA_ENV = env_choice("LANTOA_ENV", "dev", ("dev", "test", "prod"))
PRODUCTION = LANTOA_ENV == "prod"

if PRODUCTION:
    SECRET_KEY = env_str("SECRET_KEY")
    if len(SECRET_KEY) < 40:
        raise ImproperlyConfigured("SECRET_KEY must be at least 40 characters in production.")
else:
    SECRET_KEY = env_str("SECRET_KEY", "dev-insecure-key-never-use-in-production-lantoa-000000")

# Off unless a developer turns it on (`DEBUG=1 make run`): the server `make run` starts shows
# the product's own error pages (templates/404.html, 500.html…), as production does.
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is required in production.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_tasks",
    "django_tasks_db",
    "lantoa.core",
    "lantoa.accounts",
    "lantoa.orgs",
    "lantoa.audit",
    "lantoa.jobs",
    "lantoa.exemplars",
    "lantoa.nominations",
    "lantoa.search",
    "lantoa.timeliness",
    "lantoa.notifications",
    "lantoa.demo",
    "lantoa.documents",
    "lantoa.staff",
    "lantoa.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The project's own per-request work in one layer: request id, CSP, X-Frame-Options
    # (Django's clickjacking middleware's answer), private answers, the database outage's
    # 503 (decision 113).
    "lantoa.core.middleware.EnvelopeMiddleware",
    "lantoa.portal.cached_pages.CachedPublicPageMiddleware",  # anonymous cache hits end here
    # Django's session, locale, common, auth and messages middleware, skipped on the plain
    # paths (/healthz) that need none of them (lantoa.core.middleware.PLAIN_PATHS).
    "lantoa.core.middleware.PlainPathSessionMiddleware",
    "lantoa.core.middleware.PlainPathLocaleMiddleware",
    "lantoa.core.middleware.PlainPathCommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "lantoa.core.middleware.PlainPathAuthenticationMiddleware",
    "lantoa.core.middleware.PlainPathMessageMiddleware",
]

ROOT_URLCONF = "lantoa.urls"
WSGI_APPLICATION = "lantoa.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "lantoa" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lantoa.staff.context.navigation",
            ],
            # lantoa.portal is not an installed app: its tag libraries are named here.
            "libraries": {
                "portal_frame": "lantoa.portal.templatetags.portal_frame",
                "portal_meta": "lantoa.portal.templatetags.portal_meta",
            },
        },
    },
]

# Database: SQLite under var/ by default, anything else through DATABASE_URL.
# Production keeps each worker's connection open between requests (gunicorn's sync workers
# serve one request at a time): bench/portal.py measured a cached story page at 0.26x of
# /healthz's throughput with a new SQLite connection per request, 0.53x with one kept open.
# Elsewhere (runserver and the test live server start a thread per request) connections
# close after each request; PostgreSQL borrows them from psycopg's pool there (~10x the
# throughput of a new connection each time).
CONN_MAX_AGE = env_int("DB_CONN_MAX_AGE", 600 if PRODUCTION else 0, minimum=0)
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    try:
        DATABASES = {
            "default": dj_database_url.parse(
                DATABASE_URL, conn_max_age=CONN_MAX_AGE, conn_health_checks=CONN_MAX_AGE > 0
            )
        }
    except ValueError as error:  # its messages name the scheme, never the password
        raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {error}") from None
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # Django's backend, with the health check skipped on a connection that answered
        # a moment ago (lantoa.core.postgresql.base, decision 209).
        DATABASES["default"]["ENGINE"] = "lantoa.core.postgresql"
        # Pages run short queries: PostgreSQL's JIT compiled the record list's plan for
        # 190 ms to save nothing (docs/performance.md).
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
        if not CONN_MAX_AGE:
            DATABASES["default"]["OPTIONS"]["pool"] = {"min_size": 1, "max_size": 8}
else:
    (VAR_DIR / "tests").mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(VAR_DIR / "lantoa.sqlite3")),
            "CONN_MAX_AGE": CONN_MAX_AGE,
            "CONN_HEALTH_CHECKS": CONN_MAX_AGE > 0,
            # A file, not memory: browser tests start a task worker process that must open
            # the test database too. One per test run (Django deletes it at the end), so two
            # runs in one checkout do not share it.
            "TEST": {"NAME": str(VAR_DIR / f"test-lantoa-{os.getpid()}.sqlite3")},
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                # Tests never need a write to survive a power cut: no fsync there (the
                # test database being a file, this keeps it close to memory's speed).
                "init_command": (
                    "PRAGMA journal_mode=WAL; "
                    f"PRAGMA synchronous={'OFF' if LANTOA_ENV == 'test' else 'NORMAL'}; "
                    # A loaded CI box can hold a writer longer than a server should wait.
                    f"PRAGMA busy_timeout={30000 if LANTOA_ENV == 'test' else 5000}; "
                    "PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_url("REDIS_URL", ("redis", "rediss", "unix"))
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "lantoa.core.cache.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Cached public pages skip their database check while the publishing generation is
# unchanged; only safe when every process shares the cache (docs/decisions.md).
PORTAL_TRUST_GENERATION = env_bool("PORTAL_TRUST_GENERATION", bool(REDIS_URL))
# Every process reads and writes the same cache (Redis): per-user values invalidated by a
# write in one process (the unread count, the session) may then be cached at all; with
# local memory per process they are read from the database every time (decision 128).
CACHE_SHARED = env_bool("CACHE_SHARED", bool(REDIS_URL))
# The optional named-entity recogniser of the public-text check (exemplars/ner.py), used
# when underthesea is installed; off in tests, whose expected hits are the rules' own.
PUBLIC_TEXT_NER = env_bool("PUBLIC_TEXT_NER", LANTOA_ENV != "test")

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["lantoa.accounts.backends.UsernameOrEmailBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "staff:home"
LOGOUT_REDIRECT_URL = "accounts:login"
# Failed sign-ins allowed per account (from anywhere) and per IP address in any
# LOGIN_RATE_WINDOW seconds; successes never count (lantoa/accounts/throttle.py). An address or
# browser that signed in to the account before waits at most LOGIN_KNOWN_SOURCE_DELAY seconds
# after the account's last failure, and is remembered for LOGIN_KNOWN_SOURCE_DAYS days.
LOGIN_RATE_LIMIT = env_int("LOGIN_RATE_LIMIT", 5, minimum=1)
LOGIN_RATE_LIMIT_PER_IP = env_int("LOGIN_RATE_LIMIT_PER_IP", 100, minimum=1)
LOGIN_RATE_WINDOW = env_int("LOGIN_RATE_WINDOW", 900, minimum=1)
LOGIN_KNOWN_SOURCE_DELAY = env_int("LOGIN_KNOWN_SOURCE_DELAY", 30, minimum=1)
LOGIN_KNOWN_SOURCE_DAYS = env_int("LOGIN_KNOWN_SOURCE_DAYS", 90, minimum=1)
API_TOKEN_TTL_DAYS = env_int("API_TOKEN_TTL_DAYS", 30, minimum=1)
# Citizen nominations (docs/nominations.md): spam defences of the public form.
NOMINATION_MIN_FILL_SECONDS = env_int("NOMINATION_MIN_FILL_SECONDS", 3, minimum=0)
NOMINATION_RATE_PER_IP = env_int("NOMINATION_RATE_PER_IP", 10, minimum=1)
NOMINATION_RATE_PER_DEVICE = env_int("NOMINATION_RATE_PER_DEVICE", 5, minimum=1)
NOMINATION_IP_CEILING_PER_HOUR = env_int("NOMINATION_IP_CEILING_PER_HOUR", 60, minimum=1)
NOMINATION_HOLD_SECONDS = env_int("NOMINATION_HOLD_SECONDS", 3600, minimum=60)
NOMINATION_RATE_WINDOW = env_int("NOMINATION_RATE_WINDOW", 600, minimum=1)
NOMINATION_RATE_PER_CONTACT = env_int("NOMINATION_RATE_PER_CONTACT", 3, minimum=1)
NOMINATION_CONTACT_WINDOW = env_int("NOMINATION_CONTACT_WINDOW", 86400, minimum=1)
NOMINATION_MAX_PHOTOS = 4
NOMINATION_MAX_CHARS = 5000

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "lantoa" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# dd/mm/yyyy and dd/mm/yyyy HH:MM in every language (lantoa/formats/__init__.py).
FORMAT_MODULE_PATH = ["lantoa.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [
    # Installed by npm from package.json; served by the app, never from a CDN.
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    BASE_DIR / "lantoa" / "static",
]
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
# The public story search index (tantivy): derived from the database, one per app server.
# Tests: none by default, meaning an index in memory rebuilt from the database per search.
SEARCH_INDEX_DIR: Path | None = Path(os.environ.get("SEARCH_INDEX_DIR", VAR_DIR / "search"))
if LANTOA_ENV == "test" and "SEARCH_INDEX_DIR" not in os.environ:
    SEARCH_INDEX_DIR = None
# Search index outbox rows are kept this long (docs/search.md): a server whose index falls
# further behind rebuilds it from the database.
SEARCH_OUTBOX_RETENTION_DAYS = env_int("SEARCH_OUTBOX_RETENTION_DAYS", 7, minimum=1)

# Background jobs (django-tasks, docs/operations.md): queued in the database and run by
# `manage.py db_worker`; unit tests run each task at once, inside `enqueue`. A browser test
# that needs a real worker sets JOBS_BACKEND=database for the worker it starts.
JOBS_BACKEND = env_str("JOBS_BACKEND", "immediate" if LANTOA_ENV == "test" else "database")
if JOBS_BACKEND not in {"database", "immediate"}:
    raise ImproperlyConfigured(f"JOBS_BACKEND must be database or immediate, not {JOBS_BACKEND!r}.")
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if JOBS_BACKEND == "database"
            else "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}
# Seconds a job sleeps after reporting each step: 0 in real use; a demonstration or a
# browser test sets it to watch a fast job advance.
JOBS_STEP_PAUSE = float(env_int("JOBS_STEP_PAUSE_MS", 0)) / 1000
# A running job that took no step for this long lost its worker: the nightly tidy-up
# fails it (lantoa.jobs.tasks.tidy_jobs). Longer than any step of any job.
JOBS_STALLED_AFTER = datetime.timedelta(minutes=env_int("JOBS_STALLED_AFTER_MINUTES", 60))
# Days the task queue keeps a finished task's result (a job keeps its own result file).
TASK_RESULTS_KEEP_DAYS = env_int("TASK_RESULTS_KEEP_DAYS", 14)
# Hours the API keeps the first answer to an `Idempotency-Key` (docs/api.md).
IDEMPOTENCY_KEEP_HOURS = env_int("IDEMPOTENCY_KEEP_HOURS", 7 * 24)
# Periodic jobs, run by `manage.py run_scheduler` (lantoa.jobs.scheduler): name, task path,
# local time of day (Asia/Ho_Chi_Minh). Each stays runnable by hand as a command.
PERIODIC_JOBS = [
    {"name": "overdue_digest", "task": "lantoa.exemplars.tasks.send_overdue_digest", "at": "07:00"},
    {"name": "analyze_database", "task": "lantoa.core.tasks.analyze_database", "at": "02:30"},
    {"name": "prune_index_outbox", "task": "lantoa.search.tasks.prune_index_outbox", "at": "03:00"},
    {
        "name": "purge_photo_holds",
        "task": "lantoa.nominations.tasks.purge_photo_holds",
        "at": "03:30",
    },
    {"name": "tidy_jobs", "task": "lantoa.jobs.tasks.tidy_jobs", "at": "03:40"},
    {
        "name": "prune_idempotent_answers",
        "task": "lantoa.api.tasks.prune_idempotent_answers",
        "at": "03:50",
    },
]
# Rows of the audit log written per step of a background export.
AUDIT_EXPORT_CHUNK = env_int("AUDIT_EXPORT_CHUNK", 2000)
# Records per chunk (one keyset query, one progress step) of a record list export.
RECORD_EXPORT_CHUNK = env_int("RECORD_EXPORT_CHUNK", 1000)
# Official documents (docs/documents.md). Verification links and QR codes point here.
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# Organisation signing keys, one folder per key name: key.pem, cert.pem, chain.pem (optional).
# The server signs only with these; a person's own key never comes here.
# In dev they default to var/signing/, where the demo data puts a demo CA and key.
_SIGNING_DEFAULT = VAR_DIR / "signing" if LANTOA_ENV == "dev" else None
DOCUMENT_SIGNERS_DIR: Path | None = (
    Path(os.environ["DOCUMENT_SIGNERS_DIR"])
    if os.environ.get("DOCUMENT_SIGNERS_DIR")
    else (_SIGNING_DEFAULT / "keys" if _SIGNING_DEFAULT else None)
)
# Root certificates (PEM files) that uploaded signatures must chain to.
DOCUMENT_TRUST_ROOTS_DIR: Path | None = (
    Path(os.environ["DOCUMENT_TRUST_ROOTS_DIR"])
    if os.environ.get("DOCUMENT_TRUST_ROOTS_DIR")
    else (_SIGNING_DEFAULT / "roots" if _SIGNING_DEFAULT else None)
)

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
MEMBER_IMPORT_MAX_BYTES = 2 * 1024 * 1024
MEMBER_IMPORT_MAX_ROWS = 2000

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Lan Tỏa <no-reply@lantoa.local>")
# SMTP, with EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend (docs/operations.md).
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Links in e-mails (invitations, resets) start with this address.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# One-time links that set a password (lantoa/accounts/links.py).
INVITATION_TTL_DAYS = env_int("INVITATION_TTL_DAYS", 14, minimum=1)
RESET_LINK_TTL_HOURS = env_int("RESET_LINK_TTL_HOURS", 24, minimum=1)

# With a shared cache, a session is read from it and written through to the database
# (decision 128): sign-out-everywhere, a password change and deactivation still end
# sessions, since each request checks the user's session hash and `is_active`.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if CACHE_SHARED
    else "django.contrib.sessions.backends.db"
)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# `lantoa.core.middleware.EnvelopeMiddleware` sets X-Frame-Options in place of Django's
# clickjacking middleware (one layer for the project's headers, decision 113; tested).
SILENCED_SYSTEM_CHECKS = ["security.W002"]
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": env_choice(
            "LOG_LEVEL", "WARNING", ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
        ),
    },
}

if LANTOA_ENV == "test":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
