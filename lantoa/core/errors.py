"""Domain errors: raised by services with a message a user can read."""

from __future__ import annotations

from typing import Any

from django.http import Http404


class DomainError(Exception):
    """A rule of the domain refused the operation. `message` is shown to the user."""

    code = "domain_error"

    def __init__(self, message: Any = "", *, code: str | None = None, details: Any = None):
        super().__init__(str(message))
        self.message = message
        if code:
            self.code = code
        self.details = details


class NotFound(DomainError, Http404):
    """The object does not exist, is outside the actor's scope, or the actor's role does
    not allow the action on it. Never say which: existence must not leak."""

    code = "not_found"
