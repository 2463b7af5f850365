"""Obtaining a bearer token."""

from __future__ import annotations

import datetime
import time

from django.conf import settings
from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from lantoa.accounts.models import User
from lantoa.accounts.services import issue_api_token
from lantoa.api.errors import ErrorOut, RateLimited, Unauthorized
from lantoa.core import ratelimit
from lantoa.core.middleware import client_ip

router = Router(tags=["auth"])


class TokenIn(Schema):
    username: str = Field(min_length=1, max_length=254, description="Username or e-mail")
    password: str = Field(min_length=1, max_length=4096)


class TokenOut(Schema):
    token: str
    expires_at: datetime.datetime


@router.post(
    "/token",
    auth=None,
    response={200: TokenOut, 401: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="Exchange a username (or e-mail) and password for a bearer token",
)
def obtain_token(request: HttpRequest, payload: TokenIn) -> TokenOut:
    username = payload.username.strip().lower()
    _check_rate(request, username)
    user = authenticate(request, username=payload.username, password=payload.password)
    if not isinstance(user, User):
        raise Unauthorized(_("The username or password is incorrect."))
    _clear_rate(request, username)
    raw, expires_at = issue_api_token(user=user)
    return TokenOut(token=raw, expires_at=expires_at)


# The same counters as the sign-in form (accounts.views.LoginForm): a guesser gets the
# same number of attempts whether they use the web page, the API or both.
def _keys(request: HttpRequest, username: str) -> tuple[str, str]:
    ip = client_ip(request)
    return f"login-ip:{ip}", f"login:{ip}:{username}"


def _check_rate(request: HttpRequest, username: str) -> None:
    ip_key, user_key = _keys(request, username)
    window = settings.LOGIN_RATE_WINDOW
    allowed_ip = ratelimit.hit(ip_key, limit=settings.LOGIN_RATE_LIMIT_PER_IP, window=window)
    allowed_user = ratelimit.hit(user_key, limit=settings.LOGIN_RATE_LIMIT, window=window)
    if not (allowed_ip and allowed_user):
        retry_after = window - int(time.time()) % window
        raise RateLimited(
            _("Too many sign-in attempts. Please wait %(minutes)d minutes and try again.")
            % {"minutes": max(1, -(-retry_after // 60))},
            details={"retry_after": retry_after},
            headers={"Retry-After": str(retry_after)},
        )


def _clear_rate(request: HttpRequest, username: str) -> None:
    _, user_key = _keys(request, username)
    ratelimit.clear(user_key, window=settings.LOGIN_RATE_WINDOW)
