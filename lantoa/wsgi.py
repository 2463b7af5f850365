import gc
import os

import django
from django.urls import get_resolver

from lantoa.core.cache import stop_closing_caches_per_request

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantoa.settings")
# As `get_wsgi_application()`, with the project's handler (`lantoa.core.handler`).
django.setup(set_prefix=False)
from lantoa.core.handler import Handler  # noqa: E402  (after the apps are loaded)

application = Handler()
# Django closes every cache after each request; ours do nothing on close (decision 119).
stop_closing_caches_per_request()

# What is loaded now lives as long as the process (modules, settings, the URL patterns):
# moved out of the collector's reach, a full collection scans what requests create, not
# the ~190,000 objects of the loaded app. A full collection took 141 ms in the middle of
# a staff page; frozen, 3–13 ms (issue 15, docs/performance.md).
get_resolver().url_patterns  # noqa: B018  (imports every view module before the freeze)
gc.freeze()
