from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def _story_index(settings, tmp_path: Path) -> None:
    """Each test gets its own public story index: ids are reused after a test's rollback,
    and a shared in-memory index would still hold the previous test's stories."""
    settings.SEARCH_INDEX_DIR = tmp_path / "search"


@pytest.fixture
def _nomination_settings(settings) -> None:
    """Opt-in through `pytestmark` in the nomination tests: no minimum time to fill the form."""
    settings.NOMINATION_MIN_FILL_SECONDS = 0
