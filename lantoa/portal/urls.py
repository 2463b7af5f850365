"""The public site: stories (`stories_urls`) and citizen nominations (`nomination_urls`)."""

from django.urls import include, path

app_name = "portal"
urlpatterns = [
    path("", include("lantoa.portal.stories_urls")),
    path("bao-tin/", include("lantoa.portal.nomination_urls")),
    path("xac-minh/", include("lantoa.portal.document_urls")),
]
