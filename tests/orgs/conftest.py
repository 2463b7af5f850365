"""Fixtures of the organisation service tests (services, restructuring, memberships)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation

from lantoa.core import context


@pytest.fixture
def _english() -> Iterator[None]:
    """Opt-in through `pytestmark`: the other modules here choose their own language."""
    with translation.override("en"):
        yield


@pytest.fixture
def request_context() -> Iterator[context.RequestContext]:
    ctx = context.RequestContext(request_id="req-42", ip="192.0.2.10")
    token = context.activate(ctx)
    yield ctx
    context.reset(token)


@pytest.fixture
def root(world):
    return world.user("quantri")
