"""ParVaiPret settings: one module, every knob from the environment (12-factor).

Defaults give the embedded shape (SQLite under var/, Celery tasks run eagerly in-process,
e-mail printed to the console). Setting DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL (Redis)
gives the production shape. The README lists every variable.
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

import environ
import plotly

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env(
    DEBUG=(bool, False),
    ALLOWED_HOSTS=(list, ["127.0.0.1", "localhost", "[::1]", "testserver"]),
    CSRF_TRUSTED_ORIGINS=(list, []),
    CELERY_BROKER_URL=(str, ""),
    DATA_DIR=(str, str(BASE_DIR / "var")),
)
environ.Env.read_env(BASE_DIR / ".env")  # optional; real environment variables win

DEBUG = env("DEBUG")
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key" if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set when DEBUG is off (set DEBUG=1 for a development default)."
    )
ALLOWED_HOSTS = env("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env("CSRF_TRUSTED_ORIGINS")

DATA_DIR = Path(env("DATA_DIR"))
DATA_DIR.mkdir(parents=True, exist_ok=True)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "parvaipret.core",
    "parvaipret.accounts",
    "parvaipret.parliament",
    "parvaipret.legislation",
    "parvaipret.participation",
    "parvaipret.dialogue",
    "parvaipret.ingest",
    "parvaipret.insights",
    "parvaipret.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "parvaipret.core.middleware.ContentSecurityPolicyMiddleware",
    "parvaipret.core.middleware.DatabaseUnavailableMiddleware",
    "parvaipret.core.middleware.VersionMemoMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "parvaipret.core.context_processors.csp",
            ],
        },
    },
]

DATABASES = {
    # sqlite:////abs/path by default; postgres://user@127.0.0.1:5432/parvaipret when set
    "default": env.db("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'db.sqlite3'}"),
}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and the one writer work at the same time.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "timeout": 20}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://parvaipret")}

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = env("LANGUAGE_CODE", default="lv")
LANGUAGES = [("lv", _("Latvian")), ("en", _("English")), ("ru", _("Russian"))]
LOCALE_PATHS = [BASE_DIR / "parvaipret" / "locale"]
TIME_ZONE = "Europe/Riga"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(DATA_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# plotly.js is served from the installed plotly package, one version with the Python side.
STATICFILES_DIRS = [("vendor/plotly", Path(plotly.__file__).parent / "package_data")]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and env.bool("STATIC_MANIFEST", default=True)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="ParVaiPret <noreply@parvaipret.lv>")
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "EXCEPTION_HANDLER": "parvaipret.api.exceptions.exception_handler",
    # Per client IP (anonymous) or account; bulk file downloads have their own scope.
    "DEFAULT_THROTTLE_CLASSES": [
        "parvaipret.api.throttling.AnonThrottle",
        "parvaipret.api.throttling.UserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {"anon": "600/min", "user": "1200/min", "exports": "60/hour"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ParVaiPret API",
    "DESCRIPTION": "Open data on the Saeima's votes, bills, citizen initiatives and public answers.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
}

# Celery: no broker → tasks run eagerly in-process (the embedded default).
CELERY_BROKER_URL = env("CELERY_BROKER_URL")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 10 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# Scrapers
SCRAPER_USER_AGENT = env(
    "SCRAPER_USER_AGENT", default="ParVaiPret/0.1 (+https://github.com/parvaipret)"
)
SCRAPER_DELAY_SECONDS = env.float("SCRAPER_DELAY_SECONDS", default=1.0)
SCRAPER_CACHE_DIR = env("SCRAPER_CACHE_DIR", default="")

# Matching: no percentage below this many shared questions.
MATCHING_MIN_OVERLAP = env.int("MATCHING_MIN_OVERLAP", default=5)

# Aggregates of everyone's answers (public vs parliament, response rates) are rebuilt at most
# this often (seconds; 0: on every change). A citizen's own results are always current.
PUBLIC_ANSWERS_REFRESH_SECONDS = env.int("PUBLIC_ANSWERS_REFRESH_SECONDS", default=60)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Production security (DEBUG off)
# On by default whenever DEBUG is off; each can be turned off from the environment. TLS ends at
# the reverse proxy (docs/deployment.md): set SECURE_SSL_REDIRECT=1 there, and
# SECURE_PROXY_SSL_HEADER_TRUSTED=1 only if the proxy always sets X-Forwarded-Proto itself.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
if env.bool("SECURE_PROXY_SSL_HEADER_TRUSTED", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Persistent connections (CONN_MAX_AGE) are checked before reuse, so a restarted PostgreSQL costs
# no failed request on a stale connection.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)
# Seconds a client is told to wait (Retry-After) when the database is unreachable (503).
DB_UNAVAILABLE_RETRY_AFTER = env.int("DB_UNAVAILABLE_RETRY_AFTER", default=5)

# Content-Security-Policy (parvaipret.core.middleware.ContentSecurityPolicyMiddleware), sent on
# every page. Inline scripts run only with the request's nonce ("'nonce'" below):
# <script nonce="{{ csp_nonce }}">, or {% load csp %}{% nonced chart %} for a plotly fragment.
# Styles allow 'unsafe-inline' because plotly.js writes style attributes and <style> at run time.
CONTENT_SECURITY_POLICY: dict[str, list[str]] = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'nonce'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# Path prefixes with extra sources: the Swagger UI page (drf-spectacular) loads swagger-ui from
# its CDN and starts it with an inline script of its own.
_SWAGGER_CDN = "https://cdn.jsdelivr.net"
CONTENT_SECURITY_POLICY_PATHS: dict[str, dict[str, list[str]]] = {
    "/api/docs/": {
        "script-src": ["'self'", "'unsafe-inline'", _SWAGGER_CDN],
        "style-src": ["'self'", "'unsafe-inline'", _SWAGGER_CDN],
        "img-src": ["'self'", "data:", _SWAGGER_CDN],
    },
}
CONTENT_SECURITY_POLICY_REPORT_ONLY = env.bool("CSP_REPORT_ONLY", default=False)

# Redis down must not take the site down: the cache (rate limits, dashboard caches) fails open,
# answering as a cache miss, with short socket timeouts (parvaipret.core.cache).
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "parvaipret.core.cache.ResilientRedisCache"
    CACHES["default"].setdefault("OPTIONS", {}).update(
        {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
    )
