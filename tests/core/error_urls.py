"""The project's URLs plus views that fail on purpose, for tests/core/test_error_pages.py."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import path

from lantoa.urls import handler500
from lantoa.urls import urlpatterns as project_urls


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug in a view")


def forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


urlpatterns = [
    path("__tests__/broken/", broken),
    path("__tests__/forbidden/", forbidden),
    *project_urls,
]

__all__ = ["handler500", "urlpatterns"]
