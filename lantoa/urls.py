from django.contrib import admin
from django.contrib.sitemaps.views import index as sitemap_index
from django.urls import include, path

from lantoa.api.urls import api
from lantoa.portal.sitemaps import SITEMAPS
from lantoa.portal.views.meta import healthz, robots_txt

urlpatterns = [
    # First: the probe is resolved without walking the portal's patterns.
    path("healthz", healthz, name="healthz"),
    path("", include("lantoa.portal.urls")),
    path(
        "sitemap.xml",
        sitemap_index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "portal:sitemap_section"},
        name="sitemap",
    ),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("accounts/", include("lantoa.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("staff/", include("lantoa.staff.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

# A database outage outside a view (session, messages) is a 503 too, not the 500 page.
handler500 = "lantoa.core.middleware.server_error"
