"""Who acts: the type every service, selector and access check takes as `actor`.

A signed-in user (`accounts.User`, the `AUTH_USER_MODEL`) or an anonymous visitor
(`AnonymousUser`): exactly what `request.user` is. Services that also act for nobody in
particular (a citizen's nomination, a scheduled job) take `Actor | None`.

The alias names the user model for the type checker only: `core` does not import `accounts`
when the program runs (the import contracts ignore type-checking imports, decision 47), and
with postponed annotations nothing evaluates it at run time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeAlias

from django.contrib.auth.models import AnonymousUser

if TYPE_CHECKING:
    from lantoa.accounts.models import User

    Actor: TypeAlias = User | AnonymousUser
else:
    Actor: TypeAlias = Any


def user_or_none(actor: Actor | None) -> User | None:
    """The signed-in user behind `actor`, or None for nobody or an anonymous visitor (a
    citizen's report, a scheduled job): what a nullable "who did it" column stores."""
    return actor if actor is not None and actor.is_authenticated else None


def signed_in(actor: Actor | None) -> User:
    """The signed-in user behind `actor`, for a service to store as who did it. A service
    calls it after its access check, which no anonymous visitor passes: reaching it without
    one is "not found", like every other refusal of scope."""
    if actor is None or not actor.is_authenticated:
        from lantoa.core.errors import NotFound

        raise NotFound()
    return actor
