from django.contrib import admin
from django.contrib.sitemaps.views import index as sitemap_index
from django.urls import include, path

from lantoa.api.urls import api
from lantoa.portal.sitemaps import SITEMAPS
from lantoa.portal.views.meta import favicon_ico, healthz, robots_txt

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
    path("favicon.ico", favicon_ico, name="favicon_ico"),
    path("accounts/", include("lantoa.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("staff/", include("lantoa.staff.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

# The product's own error pages: Django's handlers render templates/400.html, 403.html
# (403_csrf.html for a refused form), 404.html and 500.html, all on templates/errors/base.html,
# whenever DEBUG is off (`make run` too). A database outage outside a view (session,
# messages) is a 503, not the 500 page.
handler500 = "lantoa.core.middleware.server_error"
