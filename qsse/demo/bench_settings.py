"""Settings of ``python -m qsse.demo.bench``: a throw-away database named by OPENQSSE_BENCH_DATABASE_URL.

The benchmark never uses ``DATABASE_URL`` nor ``var/openqsse.sqlite3``.
"""

import os
import tempfile
from pathlib import Path

import dj_database_url

os.environ.setdefault("OPENQSSE_VAR_DIR", tempfile.mkdtemp(prefix="openqsse-bench-var-"))

from config.settings.base import *  # noqa: E402,F401,F403

DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
DATABASES = {"default": dj_database_url.parse(os.environ["OPENQSSE_BENCH_DATABASE_URL"], conn_max_age=600)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    if Path(DATABASES["default"]["NAME"]).resolve() == (BASE_DIR / "var" / "openqsse.sqlite3").resolve():  # noqa: F405
        raise RuntimeError("The benchmark must not use the application's database.")
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405  (whitenoise warns about a missing root)
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
