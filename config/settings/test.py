import os

from .base import *  # noqa: F401,F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
MEDIA_ROOT = Path(os.environ.get("TEST_MEDIA_ROOT", "/tmp/openqsse-test-media"))  # noqa: F405
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": ""}  # noqa: F405  (in-memory; live_server shares it)

WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
