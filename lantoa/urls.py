from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from lantoa.api.urls import api

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="staff:home", permanent=False)),
    path("accounts/", include("lantoa.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("staff/", include("lantoa.staff.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
