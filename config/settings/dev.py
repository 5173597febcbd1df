from .base import *  # noqa: F401,F403

DEBUG = True

WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
