"""Every string that enters the API is checked and normalised here, once, at the boundary.

Ninja hands the JSON body, the query string and form fields to one parser before any schema
sees them, so a rule written here holds for every field of every endpoint, present and
future: a NUL character is refused with a 422 (PostgreSQL cannot store it in text, SQLite
would store it and every later reader would trip on it), and text is normalised to NFC, so
"Nguyễn" typed on a phone that composes differently is stored as the same characters.
"""

from __future__ import annotations

import json
import unicodedata
from typing import Any

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja.errors import ValidationError
from ninja.parser import Parser

NUL = "\x00"
NUL_TYPE = "null_character"


def nul_error(location: str, path: list[str]) -> dict[str, Any]:
    """One field error in ninja's shape (`errors.field_errors` renders it)."""
    return {
        "loc": (location, *path),
        "msg": _("Null characters are not allowed."),
        "type": NUL_TYPE,
    }


def clean_value(value: Any, location: str, path: list[str], errors: list[dict[str, Any]]) -> Any:
    """`value` with every string (keys too) in NFC; a NUL anywhere adds an error."""
    if isinstance(value, str):
        if NUL in value:
            errors.append(nul_error(location, path))
            return value
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [clean_value(v, location, [*path, str(i)], errors) for i, v in enumerate(value)]
    if isinstance(value, dict):
        result = {}
        for key, item in value.items():
            key = clean_value(key, location, [*path, str(key)], errors)
            result[key] = clean_value(item, location, [*path, str(key)], errors)
        return result
    return value


def refuse_if_any(errors: list[dict[str, Any]]) -> None:
    if errors:
        raise ValidationError(errors)


def nul_errors_before_parsing(request: HttpRequest, path_params: dict[str, Any]) -> list[Any]:
    """NULs in the path parameters and the JSON body, found before ninja runs the view.

    Ninja turns any error raised while parsing a body into "cannot parse" (400), and path
    parameters never reach the parser: both are checked here, from the URL wrapper
    (`errors.with_json_405`). A body that is not JSON is left to ninja's own answer."""
    errors: list[dict[str, Any]] = []
    for name, value in path_params.items():
        clean_value(value, "path", [name], errors)
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body) if request.body else None
        except (ValueError, SuspiciousOperation):
            # Not JSON, or too big to read (RequestDataTooBig): ninja answers those.
            return errors
        # A JSON body is one view parameter; "payload" matches the schema errors' `loc`.
        clean_value(data, "body", ["payload"], errors)
    return errors


class CleanParser(Parser):
    """Ninja's JSON and query parser, plus the NUL check and NFC normalisation."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        # NULs were refused before the view ran (nul_errors_before_parsing).
        data = json.loads(request.body)
        cleaned: dict[str, Any] = clean_value(data, "body", ["payload"], [])
        return cleaned

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        parsed = super().parse_querydict(data, list_fields, request)
        # Query strings and form fields; uploaded files are bytes, left to the upload checks.
        location = "query" if data is request.GET else "form"
        errors: list[dict[str, Any]] = []
        result = {
            clean_value(key, location, [key], errors): clean_value(value, location, [key], errors)
            for key, value in parsed.items()
        }
        refuse_if_any(errors)
        return result
