"""Bearer-token authentication for the API."""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from lantoa.accounts.models import ApiToken, User
from lantoa.accounts.services import user_for_token

# last_used_at is for people reviewing tokens, not for security: a few minutes of lag is
# fine, and it saves a write on every request.
LAST_USED_RESOLUTION = 300  # seconds


class BearerAuth(HttpBearer):
    """`Authorization: Bearer <token>` from `POST /auth/token`; the caller becomes the actor."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        token = token.strip()
        if not token or len(token) > 200:
            return None
        user = user_for_token(token)
        if user is None:
            return None
        _touch(ApiToken.digest_of(token))
        # Code shared with the web surface reads request.user; never the session here.
        request.user = user
        return user


def _touch(digest: str) -> None:
    """Record the token's use at most once per LAST_USED_RESOLUTION (cache-gated write)."""
    if cache.add(f"api-token-used:{digest}", 1, timeout=LAST_USED_RESOLUTION):
        ApiToken.objects.filter(digest=digest).update(last_used_at=timezone.now())


def actor(request: HttpRequest) -> User:
    """The authenticated caller of an endpoint protected by BearerAuth."""
    user = request.auth  # type: ignore[attr-defined]
    assert isinstance(user, User)
    return user
