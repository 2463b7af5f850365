"""The REST API under /api/v1/: one NinjaAPI, one router per domain, one error format."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, URLResolver, path, re_path
from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from lantoa.api import (
    accounts,
    auth,
    consent,
    documents,
    errors,
    followup,
    jobs,
    notifications,
    orgs,
    public,
    records,
    subjects,
)
from lantoa.api.parser import CleanParser
from lantoa.api.security import BearerAuth


class LanToaAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        """Ninja's spec, plus the error answers every operation can give whatever its view
        says: 503 during a database outage (lantoa.api.errors) and, for an operation that
        takes parameters or a body, 422 for input the boundary refuses (a NUL character,
        lantoa.api.parser); for one with a body, 400 for a body that cannot be read."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        error = {
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
        }
        for operations in schema["paths"].values():
            for operation in operations.values():
                responses = operation["responses"]
                responses.setdefault(503, {"description": "Service Unavailable", **error})
                if operation.get("parameters") or operation.get("requestBody"):
                    responses.setdefault(422, {"description": "Unprocessable Entity", **error})
                if operation.get("requestBody"):
                    # A body that cannot be read (not JSON, broken multipart).
                    responses.setdefault(400, {"description": "Bad Request", **error})
        return schema

    @property
    def urls(self) -> tuple[list[URLResolver | URLPattern], str, str]:
        """Ninja's URLs, plus JSON answers where ninja or Django would answer in HTML/text:
        a wrong method (405) and a path that matches nothing (404)."""
        patterns, app_name, namespace = super().urls
        unknown = errors.unknown_path_view(self)
        result: list[URLResolver | URLPattern] = []
        for pattern in patterns:
            if isinstance(pattern, URLPattern) and pattern.name == "api-root":
                # The root only tells ninja where the API lives (its view raises a 404).
                result.append(path("", unknown, name="api-root"))
            elif isinstance(pattern, URLPattern):
                pattern.callback = errors.with_json_405(self, pattern.callback)
                result.append(pattern)
            else:
                result.append(pattern)
        # Not `.+`: a path holding an encoded newline (`%0A`) must match too, and get the
        # JSON 404 rather than Django's HTML page.
        result.append(re_path(r"^[\s\S]+$", unknown))
        return result, app_name, namespace


api = LanToaAPI(
    title="Lan Tỏa API",
    version="1",
    description="Bearer-token API of Lan Tỏa. See docs/api.md.",
    urls_namespace="api",
    auth=BearerAuth(),
    parser=CleanParser(),
    # Ninja's docs page loads Swagger UI from a CDN unless `ninja` is an installed app;
    # no asset may come from a CDN, and the spec at /openapi.json is enough.
    docs_url=None,
)
errors.install(api)

api.add_router("/auth", auth.router)
api.add_router("/", accounts.router)
api.add_router("/orgs", orgs.router)
api.add_router("/records", records.router)
api.add_router("/records", followup.router)
api.add_router("/subjects", subjects.router)
api.add_router("/subjects", consent.router)
api.add_router("/notifications", notifications.router)
api.add_router("/jobs", jobs.router)
api.add_router("/public", public.router)
api.add_router("/documents", documents.router)

__all__ = ["api"]
