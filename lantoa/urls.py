from django.contrib import admin
from django.urls import include, path

from lantoa.api.urls import api

urlpatterns = [
    path("", include("lantoa.portal.urls")),
    path("accounts/", include("lantoa.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("staff/", include("lantoa.staff.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
