"""The one settings module. Everything that differs between machines comes from
the environment (see docs/configuration.md); the defaults run the whole product on
one machine with SQLite, email written to files and the database task worker.
"""

import base64
import json
import os
from datetime import date
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from clinical.policy import DEFAULT_POLICY
from foundation.env import envbool, envchoice, envint, envlist, envstr
from foundation.errors import start_error_reporting
from operations.keys import parse_backup_keys

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(envstr("KETACLINIC_VAR_DIR", str(BASE_DIR / "var")))

# development: one machine, SQLite, DEBUG; production: refuses unsafe defaults.
ENVIRONMENT = envchoice("KETACLINIC_ENV", "development", ("development", "production"))
PRODUCTION = ENVIRONMENT == "production"

DEFAULT_SECRET_KEY = "insecure-development-key-never-use-in-production"  # noqa: S105
SECRET_KEY = envstr("SECRET_KEY", DEFAULT_SECRET_KEY)
if PRODUCTION and (SECRET_KEY == DEFAULT_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters in production"
    )

DEBUG = envbool("DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG cannot be on in production")

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
PRACTICE_NAME = "ketaclinic"
PRACTICE_POSTAL_ADDRESS = envstr(
    "PRACTICE_POSTAL_ADDRESS", "ketaclinic, 100 Example Way, Suite 200, Miami, FL 33131"
)

INSTALLED_APPS = [
    "ketaclinic",
    "ketaclinic.admin_site.PracticeAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_tasks_db",
    "background",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "audit",
    "accounts",
    "credentials",
    "patients",
    "care",
    "content",
    "billing",
    "assessment",
    "journal",
    "demo",
    "pharmacy",
    "workspace",
    "simulation",
    "operations",
    "records",
]

MIDDLEWARE = [
    # /healthz and /readyz answer before anything else runs (and are not logged).
    "ketaclinic.health.HealthCheckMiddleware",
    "foundation.middleware.RequestIdMiddleware",
    "foundation.logs.RequestLogMiddleware",
    "foundation.middleware.FormCharsetMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "foundation.language.PreferredLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.IdleTimeoutMiddleware",
    "accounts.middleware.PrivatePagesMiddleware",
    "audit.middleware.AdminAuditMiddleware",
    "accounts.middleware.StaffMfaRequiredMiddleware",
]

ROOT_URLCONF = "ketaclinic.urls"
WSGI_APPLICATION = "ketaclinic.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "ketaclinic.context_processors.practice",
            ],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{VAR_DIR / 'ketaclinic.sqlite3'}"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 60, minimum=0),
        conn_health_checks=True,
    )
}
# PostgreSQL through Django's backend, with a health check that spares connections in steady
# use (foundation/postgresql/base.py).
POSTGRESQL = "django.db.backends.postgresql"
if DATABASES["default"]["ENGINE"] == POSTGRESQL:
    DATABASES["default"]["ENGINE"] = "foundation.postgresql"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions serialise writers, so the audit chain never forks.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
        ),
    }
    # Tests use a file too, not memory: the browser tests' live server answers requests
    # on threads of its own, and an in-memory database would make them share one
    # connection (two requests at once, such as a page and the idle check, collide).
    # One file per test process, so two test runs at once never share a database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-ketaclinic-{os.getpid()}.sqlite3")}
# A read replica, optional: pages that can bear a few seconds' lag read from it
# (foundation/replica.py); tests mirror it onto the primary.
DATABASE_REPLICA_URL = envstr("DATABASE_REPLICA_URL")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 60, minimum=0),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    if DATABASES["replica"]["ENGINE"] == POSTGRESQL:
        DATABASES["replica"]["ENGINE"] = "foundation.postgresql"
DATABASE_ROUTERS = ["foundation.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Shared state lives in the database, or Redis when REDIS_URL is set, so several
# app processes can serve behind one load balancer.
REDIS_URL = envstr("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "ketaclinic_cache",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(VAR_DIR / "private"), "base_url": None},
    },
    # Off DEBUG, collectstatic writes each file under a name with its hash beside a
    # compressed copy, so a browser may keep it for ever (whitenoise or nginx serves it).
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
STATIC_URL = "/static/"
STATIC_ROOT = Path(envstr("STATIC_ROOT", str(VAR_DIR / "static")))
if not DEBUG:
    # The app server serves them itself when no reverse proxy does (after the security
    # headers, before anything that reads a session); in DEBUG, runserver does.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
        "whitenoise.middleware.WhiteNoiseMiddleware",
    )
STATICFILES_DIRS = [BASE_DIR / "static"]

# Background work: Django's tasks framework; the database backend survives restarts.
TASKS = {
    "default": {
        "BACKEND": envstr("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# A worker beats this often; one not seen for the stale time is dead, and the tasks it
# left RUNNING go back in the queue (background.heartbeat).
WORKER_HEARTBEAT_SECONDS = envint("WORKER_HEARTBEAT_SECONDS", 10, minimum=1)
WORKER_STALE_SECONDS = envint("WORKER_STALE_SECONDS", 60, minimum=2)
# A newsletter delivery a killed worker left "sending" is tried again after this long.
NEWSLETTER_DELIVERY_LEASE_SECONDS = envint("NEWSLETTER_DELIVERY_LEASE_SECONDS", 900, minimum=1)
if PRODUCTION and TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
    raise ImproperlyConfigured(
        "TASKS_BACKEND must be django_tasks_db.DatabaseBackend in production, so queued "
        "email and reminders survive a restart"
    )

# Email through Django's backends: files under var/mail by default, SMTP when
# MAIL_BACKEND=smtp, the console for a quick look.
MAIL_BACKEND = envchoice(
    "MAIL_BACKEND", "smtp" if PRODUCTION else "file", ("file", "smtp", "console")
)
if PRODUCTION and MAIL_BACKEND != "smtp":
    raise ImproperlyConfigured(
        f"MAIL_BACKEND={MAIL_BACKEND} keeps email on the server; production sends through smtp"
    )
MAILERS = {
    "file": {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(VAR_DIR / "mail")},
        }
    },
    "smtp": {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": envstr("SMTP_HOST", "localhost"),
                "port": envint("SMTP_PORT", 587, minimum=1),
                "username": envstr("SMTP_USERNAME"),
                "password": envstr("SMTP_PASSWORD"),
                "use_tls": envbool("SMTP_USE_TLS", default=True),
            },
        }
    },
    "console": {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}},
}[MAIL_BACKEND]
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "ketaclinic <care@ketaclinic.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# People and sign-in.
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "content:home"

ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_REAUTHENTICATION_TIMEOUT = envint("REAUTHENTICATION_SECONDS", 300, minimum=30)
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[ketaclinic] "
ACCOUNT_RATE_LIMITS = {
    # Failed sign-ins: per IP and per account ("key" is the email address).
    "login_failed": "20/10m/ip,5/5m/key",
    "signup": "10/h/ip",
    "reset_password": "10/h/ip,3/h/key",
    "reset_password_from_key": "20/h/ip",
    "confirm_email": "3/5m/key",
    "reauthenticate": "10/5m/user",
}
MFA_ADAPTER = "accounts.adapters.MfaAdapter"
# Fernet keys (comma-separated, newest first) that encrypt second-factor secrets at rest
# (accounts.secrets). Production refuses to start without them.
MFA_ENCRYPTION_KEYS = envlist("MFA_ENCRYPTION_KEYS", [])
for _key in MFA_ENCRYPTION_KEYS:
    try:
        _fernet_key = len(base64.urlsafe_b64decode(_key.encode())) == 32
    except ValueError:
        _fernet_key = False
    if not _fernet_key:
        raise ImproperlyConfigured("MFA_ENCRYPTION_KEYS holds a key that is not a Fernet key")
if PRODUCTION and not MFA_ENCRYPTION_KEYS:
    raise ImproperlyConfigured(
        "MFA_ENCRYPTION_KEYS must hold a Fernet key in production: "
        'python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'
    )
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not PRODUCTION
MFA_TOTP_ISSUER = "ketaclinic"
# A security key's unreadable answer is a form error, not a server error (accounts/forms.py).
MFA_FORMS = {
    "add_webauthn": "accounts.forms.AddSecurityKeyForm",
    "reauthenticate_webauthn": "accounts.forms.ReauthenticateWithSecurityKeyForm",
}
# Accept the code of the 30-second step before or after, as RFC 6238 suggests for clock
# drift and typing time; a used code is refused again either way.
MFA_TOTP_TOLERANCE = 1
MFA_RECOVERY_CODE_COUNT = 10

# Forms anyone may post without signing in: new drafts and completed assessments
# per address per hour.
ASSESSMENT_DRAFTS_PER_HOUR = envint("ASSESSMENT_DRAFTS_PER_HOUR", 30, minimum=1)
ASSESSMENT_COMPLETIONS_PER_HOUR = envint("ASSESSMENT_COMPLETIONS_PER_HOUR", 30, minimum=1)

# Outside systems, each behind an adapter in integrations/<kind>/: the real one when
# configured, a local one otherwise.
# Payments (integrations/payments/): Stripe, or the local gateway that takes test cards
# (the default only where no Stripe keys are set and never in production).
STRIPE_SECRET_KEY = envstr("STRIPE_SECRET_KEY")
STRIPE_WEBHOOK_SECRET = envstr("STRIPE_WEBHOOK_SECRET")
PAYMENTS_BACKEND = envchoice(
    "PAYMENTS_BACKEND",
    "stripe" if PRODUCTION or STRIPE_SECRET_KEY else "local",
    ("local", "stripe"),
)
if PRODUCTION and PAYMENTS_BACKEND == "local":
    raise ImproperlyConfigured(
        "PAYMENTS_BACKEND=local takes test cards; production takes payments through stripe"
    )
if PAYMENTS_BACKEND == "stripe" and not (STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET):
    raise ImproperlyConfigured(
        "PAYMENTS_BACKEND=stripe needs STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET"
    )
VIDEO_BACKEND = envstr("VIDEO_BACKEND", "jitsi")
# The practice's own Jitsi Meet server, so that visits never pass through a third party.
VIDEO_JITSI_BASE_URL = envstr("VIDEO_JITSI_BASE_URL", "https://video.ketaclinic.example")
if PRODUCTION and VIDEO_JITSI_BASE_URL.endswith(".example"):
    raise ImproperlyConfigured("VIDEO_JITSI_BASE_URL must name the practice's own Jitsi server")
# PDMP look-ups (integrations/pdmp/): no programme is connected; the clinician looks the
# patient up on the state's website and attests to it. A production practice must say
# that this is how it works.
PDMP_ATTESTATION_ALLOWED = envbool("PDMP_ATTESTATION_ALLOWED", default=not PRODUCTION)
if PRODUCTION and not PDMP_ATTESTATION_ALLOWED:
    raise ImproperlyConfigured(
        "PDMP_ATTESTATION_ALLOWED must be true: clinicians attest each PDMP look-up they "
        "make on the state's website, as no programme is connected"
    )
# Texts to patients (integrations/sms/): the local outbox, Twilio, or off. Production
# never keeps texts in the local outbox, where no patient would get them.
SMS_BACKEND = envchoice(
    "SMS_BACKEND", "twilio" if PRODUCTION else "local", ("local", "twilio", "off")
)
TWILIO_ACCOUNT_SID = envstr("TWILIO_ACCOUNT_SID")
TWILIO_AUTH_TOKEN = envstr("TWILIO_AUTH_TOKEN")
SMS_FROM_NUMBER = envstr("SMS_FROM_NUMBER")
if PRODUCTION and SMS_BACKEND == "local":
    raise ImproperlyConfigured("SMS_BACKEND=local keeps texts on the server; use twilio or off")
if (
    SMS_BACKEND == "twilio"
    and PRODUCTION
    and not (TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN and SMS_FROM_NUMBER)
):
    raise ImproperlyConfigured(
        "SMS_BACKEND=twilio needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and SMS_FROM_NUMBER"
    )
# Parcels (integrations/carrier/): "local" (staff record what the carrier's site shows)
# or "http" (a carrier's API books the tracker and its signed webhooks post the events).
CARRIER_BACKEND = envchoice("CARRIER_BACKEND", "local", ("local", "http"))
CARRIER_API_URL = envstr("CARRIER_API_URL")
CARRIER_API_KEY = envstr("CARRIER_API_KEY")
CARRIER_WEBHOOK_SECRET = envstr("CARRIER_WEBHOOK_SECRET")
CARRIER_WEBHOOK_TOLERANCE_SECONDS = envint("CARRIER_WEBHOOK_TOLERANCE_SECONDS", 300, minimum=30)
if PRODUCTION and CARRIER_BACKEND == "local":
    raise ImproperlyConfigured(
        "CARRIER_BACKEND=local is for development; production books parcels over http"
    )
if CARRIER_BACKEND == "http" and not (
    CARRIER_API_URL.startswith("https://") and CARRIER_API_KEY and CARRIER_WEBHOOK_SECRET
):
    raise ImproperlyConfigured(
        "CARRIER_BACKEND=http needs CARRIER_API_URL (https), CARRIER_API_KEY and "
        "CARRIER_WEBHOOK_SECRET"
    )

# The first day an in-person evaluation or special registration is needed to prescribe
# ketamine by telemedicine, when the federal flexibilities end (clinical.prescribing).
try:
    TELEMEDICINE_IN_PERSON_REQUIRED_FROM = date.fromisoformat(
        envstr("TELEMEDICINE_IN_PERSON_REQUIRED_FROM", "2027-01-01")
    )
except ValueError as error:
    raise ImproperlyConfigured(
        "TELEMEDICINE_IN_PERSON_REQUIRED_FROM must be a date written as YYYY-MM-DD"
    ) from error

# The clinical-safety policy numbers (clinical.policy): the contract's defaults, which
# the medical director may make stricter, never looser, e.g.
# CLINICAL_SAFETY_POLICY='{"dose_ceiling_mg": 250, "low_systolic_below": 95}'.
try:
    _policy_overrides = json.loads(envstr("CLINICAL_SAFETY_POLICY", "{}") or "{}")
    if not isinstance(_policy_overrides, dict):
        raise ValueError("it must be a JSON object of policy numbers")
    CLINICAL_SAFETY_POLICY = DEFAULT_POLICY.stricter(**_policy_overrides)
except ValueError as error:
    raise ImproperlyConfigured(f"CLINICAL_SAFETY_POLICY: {error}") from error

# The medical director: told, with every clinician licensed in the patient's state, of an
# urgent flag or serious adverse event nobody has seen to in time (care.escalation).
MEDICAL_DIRECTOR_EMAIL = envstr("MEDICAL_DIRECTOR_EMAIL")

# A folder of JSON files with the published wording of the check-in instruments, which the
# practice supplies (docs/instrument-wording.md); unset, our own adapted wording is asked,
# marked as such. A bad file stops the process at start-up (journal.apps).
INSTRUMENT_WORDING_DIR = envstr("INSTRUMENT_WORDING_DIR") or None

# Backups (operations/, docs/backups.md): the keys that encrypt them, base64 of 32 bytes
# each, comma-separated, newest first. Only the host that backs up or restores needs them.
try:
    BACKUP_ENCRYPTION_KEYS = parse_backup_keys(envstr("BACKUP_ENCRYPTION_KEY"))
except ValueError as error:
    raise ImproperlyConfigured(str(error)) from error

# Record exports asked for on the web (records/exports.py): kept this many days, then
# deleted; a patient may ask for their own this many times in 24 hours. The files are
# sealed at rest with AES-GCM under RECORD_EXPORT_KEY (base64 of 32 bytes, `openssl rand
# -base64 32`), or, when it is not set, a key derived from SECRET_KEY.
RECORD_EXPORT_DAYS = envint("RECORD_EXPORT_DAYS", 7, minimum=1)
RECORD_EXPORTS_PER_DAY = envint("RECORD_EXPORTS_PER_DAY", 3, minimum=1)
RECORD_EXPORT_KEY = envstr("RECORD_EXPORT_KEY")
if RECORD_EXPORT_KEY:
    try:
        _export_key_ok = len(base64.b64decode(RECORD_EXPORT_KEY, validate=True)) == 32
    except ValueError:
        _export_key_ok = False
    if not _export_key_ok:
        raise ImproperlyConfigured(
            "RECORD_EXPORT_KEY must be base64 of 32 bytes: make one with `openssl rand -base64 32`"
        )

# Sessions end after inactivity (minutes), with a warning shortly before.
IDLE_TIMEOUT_STAFF_MINUTES = envint("IDLE_TIMEOUT_STAFF_MINUTES", 15, minimum=1)
IDLE_TIMEOUT_PATIENT_MINUTES = envint("IDLE_TIMEOUT_PATIENT_MINUTES", 30, minimum=1)
IDLE_WARNING_SECONDS = envint("IDLE_WARNING_SECONDS", 120, minimum=10)
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Security headers. The same strict policy in every environment, so a test in
# the browser catches an inline script long before production would.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Behind reverse proxies the client's address is the one the first of them added to
# X-Forwarded-For, counted from the right; the header is read only when this count says
# how many proxies of ours are in front, as anyone can send it (foundation.middleware
# and allauth's rate limits read the same number).
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0, minimum=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
# /readyz fails when no worker has beaten within this many seconds (ketaclinic.health).
READYZ_WORKER_SECONDS = envint("READYZ_WORKER_SECONDS", 180, minimum=1)
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 63072000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# English, and Spanish for every page a visitor or patient reads (foundation/language.py).
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "America/New_York"
USE_I18N = True
USE_TZ = True

# Logs carry request ids, never health data (see docs/architecture.md).
# Error reporting, off unless SENTRY_DSN is set; health data scrubbed (foundation/errors.py).
SENTRY_DSN = envstr("SENTRY_DSN")
if SENTRY_DSN:
    start_error_reporting(
        SENTRY_DSN,
        environment="production" if PRODUCTION else "development",
        release=envstr("RELEASE"),
    )

# Logs: one line per event with the request id, never health data (foundation/logs.py).
LOG_FORMAT = envchoice("LOG_FORMAT", "json" if PRODUCTION else "plain", ("json", "plain"))
# The name of this process on every line (e.g. web-1, worker-2), where several write logs.
LOG_INSTANCE = envstr("LOG_INSTANCE")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_paths": {"()": "foundation.logs.NoPaths"}},
    "formatters": {
        "json": {"()": "foundation.logs.JsonFormatter", "instance": LOG_INSTANCE},
        "plain": {"()": "foundation.logs.PlainFormatter", "instance": LOG_INSTANCE},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["no_paths"],
        }
    },
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    # Django's request logger would log each 4xx again, by path: the request line says it.
    "loggers": {
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "ERROR"},
    },
}
