"""Settings of the bare project: no app, no middleware, the app's database (SQLITE_PATH or
DATABASE_URL, as the bench sets them), connections kept as production keeps them."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

SECRET_KEY = os.environ["SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.bare.urls"
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
USE_TZ = True
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": []}]
_url = os.environ.get("DATABASE_URL", "")
if _url:
    _parts = urlsplit(_url)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": _parts.path.lstrip("/"),
            "USER": _parts.username or "",
            "PASSWORD": _parts.password or "",
            "HOST": _parts.hostname or "",
            "PORT": str(_parts.port or ""),
            "CONN_MAX_AGE": 600,
        }
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ["SQLITE_PATH"],
            "CONN_MAX_AGE": 600,
        }
    }
