from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    """Result files of each test go to its own temporary directory."""
    settings.MEDIA_ROOT = tmp_path
