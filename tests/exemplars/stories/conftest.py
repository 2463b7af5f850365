from __future__ import annotations

from pathlib import Path

import pytest

from lantoa.search import outbox


@pytest.fixture(autouse=True)
def story_index_dir(settings, tmp_path: Path) -> Path:
    """Each test gets its own public story index, built from its own database."""
    settings.SEARCH_INDEX_DIR = tmp_path / "search"
    return settings.SEARCH_INDEX_DIR


@pytest.fixture(autouse=True)
def _no_remembered_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(outbox, "_last_failure", {})
