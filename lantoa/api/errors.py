"""One error format for the whole API.

Every error answers `{"error": {"code", "message", "details"}}`: `code` is stable and meant
for programs, `message` is for people and follows the request's language (Accept-Language,
through LocaleMiddleware), `details` is null or structured (the field errors of a 422).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import SuspiciousOperation
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from lantoa.api.parser import nul_errors_before_parsing
from lantoa.core.errors import DomainError
from lantoa.core.middleware import RETRY_AFTER_OUTAGE

logger = logging.getLogger("django.request")


class ErrorBody(Schema):
    code: str
    message: str
    details: Any = None


class ErrorOut(Schema):
    error: ErrorBody


class ApiError(Exception):
    """An error raised by the API surface itself (not by a domain service)."""

    status = 400
    code = "bad_request"

    def __init__(
        self, message: Any = "", *, details: Any = None, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(str(message))
        self.message = message
        self.details = details
        self.headers = headers or {}

    def default_message(self) -> str:
        return _("The request could not be processed.")


class Unauthorized(ApiError):
    status = 401
    code = "unauthorized"

    def default_message(self) -> str:
        return _("Authentication is required: send a valid, unexpired bearer token.")


class Unavailable(ApiError):
    status = 503
    code = "unavailable"

    def default_message(self) -> str:
        return _("The service is briefly unavailable. Please try again in a moment.")


class RateLimited(ApiError):
    status = 429
    code = "rate_limited"

    def default_message(self) -> str:
        return _("Too many requests. Please wait and try again.")


def error_response(
    api: NinjaAPI,
    request: HttpRequest,
    *,
    status: int,
    code: str,
    message: Any,
    details: Any = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    body = {"error": {"code": code, "message": str(message), "details": details}}
    response = api.create_response(request, body, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="api"'
    for name, value in (headers or {}).items():
        response[name] = value
    return response


# Pydantic's messages are English only; the common ones are said again in Django's own
# words, which Django already translates.
_FIELD_MESSAGES: dict[str, Callable[[], str]] = {
    "missing": lambda: _("This field is required."),
    "int_parsing": lambda: _("Enter a whole number."),
    "int_type": lambda: _("Enter a whole number."),
    "date_parsing": lambda: _("Enter a valid date."),
    "date_from_datetime_parsing": lambda: _("Enter a valid date."),
    "string_type": lambda: _("Enter a valid value."),
}


def field_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Ninja's errors as `{location, field, message, type}`; `field` is a dotted path."""
    result = []
    for error in errors:
        loc = [str(part) for part in error.get("loc", ())]
        location = loc[0] if loc else ""
        parts = loc[1:]
        # A JSON body is one parameter named in the view ("payload"): not a field.
        if location == "body" and len(parts) > 1:
            parts = parts[1:]
        kind = str(error.get("type", ""))
        message = _FIELD_MESSAGES[kind]() if kind in _FIELD_MESSAGES else error.get("msg", "")
        result.append(
            {"location": location, "field": ".".join(parts), "message": message, "type": kind}
        )
    return result


def install(api: NinjaAPI) -> None:
    """Register the handlers that give every error the one format."""

    @api.exception_handler(ValidationError)
    def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return error_response(
            api,
            request,
            status=422,
            code="validation_error",
            message=_("The request is not valid."),
            details=field_errors(list(exc.errors)),
        )

    @api.exception_handler(AuthenticationError)
    def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return on_api_error(request, Unauthorized())

    @api.exception_handler(Http404)  # NotFound is an Http404 (lantoa.core.errors)
    def on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        # Whatever the cause (absent, outside the scope, not allowed), the same answer.
        return error_response(api, request, status=404, code="not_found", message=_("Not found."))

    @api.exception_handler(DomainError)
    def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        return error_response(
            api,
            request,
            status=400,
            code=exc.code,
            message=exc.message or _("The operation was refused."),
            details=exc.details,
        )

    @api.exception_handler(ApiError)
    def on_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return error_response(
            api,
            request,
            status=exc.status,
            code=exc.code,
            message=exc.message or exc.default_message(),
            details=exc.details,
            headers=exc.headers,
        )

    @api.exception_handler(HttpError)
    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        # Ninja's own errors: an unreadable body (400), throttling (429) …
        if exc.status_code == 400:
            return on_api_error(
                request, ApiError(_("The request body could not be read: send valid JSON."))
            )
        if exc.status_code == 429:
            return on_api_error(request, RateLimited())
        return error_response(
            api, request, status=exc.status_code, code="http_error", message=exc.message
        )

    @api.exception_handler(SuspiciousOperation)
    def on_bad_request(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
        return on_api_error(request, ApiError())

    @api.exception_handler(MultiPartParserError)
    def on_bad_multipart(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
        # Django raises it while reading a multipart body (no boundary, truncated parts).
        return on_api_error(
            request, ApiError(_("The request body could not be read: send valid multipart data."))
        )

    @api.exception_handler(OperationalError)
    @api.exception_handler(InterfaceError)
    def on_database_unavailable(request: HttpRequest, exc: Exception) -> HttpResponse:
        # The database is down, restarting or refusing connections: nothing was done, and a
        # retry will work once it is back. Logged, since someone must look if it lasts.
        logger.warning("Database unavailable: %s", request.path, exc_info=exc)
        return on_api_error(request, Unavailable(headers={"Retry-After": str(RETRY_AFTER_OUTAGE)}))

    @api.exception_handler(Exception)
    def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        # Logged like Django logs a 500 (mail to admins, Sentry …), answered in our format
        # without a word about the cause.
        logger.error(
            "Internal Server Error: %s",
            request.path,
            exc_info=exc,
            extra={"status_code": 500, "request": request},
        )
        return error_response(
            api,
            request,
            status=500,
            code="server_error",
            message=_("An unexpected error occurred. It has been recorded."),
        )


def unknown_path_view(api: NinjaAPI) -> Callable[..., HttpResponse]:
    """A view answering 404 in the API's format (for paths under the API that match nothing)."""

    def view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return error_response(api, request, status=404, code="not_found", message=_("Not found."))

    view.csrf_exempt = True  # type: ignore[attr-defined]
    return view


def with_json_405(api: NinjaAPI, view: Callable[..., Any]) -> Callable[..., Any]:
    """Ninja answers a wrong method with a plain-text 405; say it in the API's format. Also
    refuses a NUL in a path parameter or a JSON body (see lantoa.api.parser)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        # Path parameters and JSON bodies: the NUL rule (lantoa.api.parser) holds for them too.
        bad = nul_errors_before_parsing(request, kwargs)
        if bad:
            return error_response(
                api,
                request,
                status=422,
                code="validation_error",
                message=_("The request is not valid."),
                details=field_errors(bad),
            )
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and "Allow" in response:
            allowed = response["Allow"]
            response = error_response(
                api,
                request,
                status=405,
                code="method_not_allowed",
                message=_("This method is not allowed here."),
                details={"allowed": [m.strip() for m in allowed.split(",")]},
                headers={"Allow": allowed},
            )
        return response

    return wrapper
