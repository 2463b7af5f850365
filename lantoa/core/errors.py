"""Domain errors: what a service says when it will not do something.

Two kinds, never confused:

- `DomainError` ("refused"): a rule of the domain said no. Its `message` is shown to the user
  (a form error, a message on the page, a 400/409 in the API).
- `NotFound` ("not found / not yours"): the object does not exist, is outside the actor's
  scope, or the actor's role does not allow the action on it. Always a 404, never a message:
  existence must not leak. It is an `Http404`, not a `DomainError`, so a view that catches
  refusals lets it through to Django's 404 without a line of its own.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.forms import Form
from django.http import Http404, HttpRequest


class DomainError(Exception):
    """A rule of the domain refused the operation. `message` is shown to the user."""

    code = "domain_error"

    def __init__(self, message: Any = "", *, code: str | None = None, details: Any = None):
        super().__init__(str(message))
        self.message = message
        if code:
            self.code = code
        self.details = details


class NotFound(Http404):
    """The object does not exist, is outside the actor's scope, or the actor's role does
    not allow the action on it. Never say which: existence must not leak."""

    code = "not_found"


def refuse(request: HttpRequest, error: DomainError, *, form: Form | None = None) -> None:
    """Show a refusal on the page the user is on: inside the form when there is one (what was
    typed stays in it), else as a message above the page."""
    if form is not None:
        form.add_error(None, str(error.message))
    else:
        messages.error(request, str(error.message))
