"""Vietnamese first: every message of the UI has a Vietnamese translation."""

from __future__ import annotations

import subprocess
from pathlib import Path

PO = Path(__file__).resolve().parents[2] / "lantoa" / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def test_every_message_is_translated_to_vietnamese() -> None:
    stats = subprocess.run(
        ["msgfmt", "--statistics", "-o", "/dev/null", str(PO)],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    assert "untranslated" not in stats, stats
    assert "fuzzy" not in stats, stats
