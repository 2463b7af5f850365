"""What one sending of the nomination form carries besides the fields: the browser's held
photos and its cookies (issue 11, parts 5 and 6).

- `lt_browser`: a signed cookie with a random id, set when photos are first held; held photos
  are shown and used only for the browser that holds this id (`lantoa.nominations.holds`).
- `lt_device` (`guard.DEVICE_COOKIE`): a signed cookie with a random id, set when the proof
  step was passed; the device then has its own allowance (`guard.reserve(device=...)`).

Both are HttpOnly, SameSite=Lax, Secure where the session cookie is, and limited to the
nomination pages' path.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from lantoa.core.uploads import CleanFile
from lantoa.nominations import guard, holds

BROWSER_COOKIE = "lt_browser"
BROWSER_SALT = "lantoa.nominations.browser"
BROWSER_MAX_AGE = 24 * 3600
COOKIE_PATH = "/bao-tin/"


def browser_of(request: HttpRequest) -> str | None:
    value = request.get_signed_cookie(
        BROWSER_COOKIE, default=None, salt=BROWSER_SALT, max_age=BROWSER_MAX_AGE
    )
    return value or None


def device_of(request: HttpRequest) -> str | None:
    value = request.get_signed_cookie(
        guard.DEVICE_COOKIE,
        default=None,
        salt=guard.DEVICE_SALT,
        max_age=guard.setting("NOMINATION_DEVICE_MAX_AGE"),
    )
    return value or None


def _set(response: HttpResponse, name: str, value: str, *, salt: str, max_age: int) -> None:
    response.set_signed_cookie(
        name,
        value,
        salt=salt,
        max_age=max_age,
        path=COOKIE_PATH,
        httponly=True,
        samesite="Lax",
        secure=bool(getattr(settings, "SESSION_COOKIE_SECURE", False)),
    )


@dataclass
class Attempt:
    """The held photos and cookies of one POST of the form."""

    browser: str | None
    new_browser: bool = False
    tokens: list[str] = field(default_factory=list)  # held photos still wanted
    refused: int = 0  # held photos that could not be used (expired, another browser's)
    photos: list[CleanFile] = field(default_factory=list)  # the held photos, to send
    new_device: str | None = None

    @classmethod
    def read(cls, request: HttpRequest) -> Attempt:
        """The held photos the form names, without those the citizen ticked to remove (they
        are deleted now)."""
        attempt = cls(browser=browser_of(request))
        posted = list(dict.fromkeys(request.POST.getlist("held")))[:20]
        removed = set(request.POST.getlist("remove_held"))
        if removed & set(posted):
            holds.release_holds(browser=attempt.browser, tokens=list(removed & set(posted)))
        held = holds.held_photos(
            browser=attempt.browser, tokens=[t for t in posted if t not in removed]
        )
        attempt.tokens, attempt.refused, attempt.photos = held.tokens, held.refused, held.photos
        return attempt

    def hold(self, photos: list[CleanFile]) -> None:
        """Hold new photos for this browser (the form is shown again)."""
        if not photos:
            return
        if self.browser is None:
            self.browser, self.new_browser = secrets.token_urlsafe(24), True
        self.tokens += holds.hold_photos(browser=self.browser, photos=photos)

    def used(self) -> None:
        """The nomination was stored with the held photos: let them go."""
        holds.release_holds(browser=self.browser, tokens=self.tokens)
        self.tokens = []

    def passed_proof(self) -> str:
        self.new_device = secrets.token_urlsafe(24)
        return self.new_device

    def context(self) -> dict[str, Any]:
        return {
            "held": [
                {"token": token, "url": reverse("portal:nomination_held_photo", args=[token])}
                for token in self.tokens
            ],
            "held_refused": self.refused,
        }

    def set_cookies(self, response: HttpResponse) -> HttpResponse:
        if self.new_browser and self.browser:
            _set(response, BROWSER_COOKIE, self.browser, salt=BROWSER_SALT, max_age=BROWSER_MAX_AGE)
        if self.new_device:
            _set(
                response,
                guard.DEVICE_COOKIE,
                self.new_device,
                salt=guard.DEVICE_SALT,
                max_age=guard.setting("NOMINATION_DEVICE_MAX_AGE"),
            )
        return response
