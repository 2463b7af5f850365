from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from lantoa.exemplars import list_memo
from lantoa.staff.fragments import forget_local
from tests.personas import PASSWORD, World, build_world


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    cache.clear()
    forget_local()  # the staff pieces each process keeps beside the cache
    list_memo.forget()  # the list pages kept under the records' write stamp


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture
def login(client: Client, world: World):
    """`login("xa.doan")` signs the test client in as that persona and returns it."""

    def _login(username: str) -> Client:
        client.force_login(world.user(username))
        return client

    return _login


__all__ = ["PASSWORD"]
