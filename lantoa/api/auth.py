"""Obtaining a bearer token."""

from __future__ import annotations

import datetime

from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from lantoa.accounts import throttle
from lantoa.accounts.models import User
from lantoa.accounts.services import issue_api_token, record_failed_sign_in
from lantoa.api.errors import ErrorOut, RateLimited, Unauthorized
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
    # The same counters as the sign-in page (lantoa.accounts.throttle).
    ip = client_ip(request)
    try:
        attempt = throttle.count_attempt(ip=ip, login=payload.username)
    except throttle.SignInThrottled as exc:
        raise RateLimited(
            exc.message,
            details={"retry_after": exc.retry_after},
            headers={"Retry-After": str(exc.retry_after)},
        ) from None
    user = authenticate(request, username=payload.username, password=payload.password)
    if not isinstance(user, User):
        attempt.failed()
        record_failed_sign_in(login=payload.username, channel="api")
        raise Unauthorized(_("The username or password is incorrect."))
    attempt.succeeded()
    raw, expires_at = issue_api_token(user=user)
    return TokenOut(token=raw, expires_at=expires_at)
