"""Citizens' nominations come in through `exemplars.services.receive_record` like every other
record: the nominations package builds no `Record` or `RecordStep` itself, and reaches into no
private helper of another app. Read from the source (ast), so a new module is covered too."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.source_checks import LANTOA, record_building


@pytest.mark.parametrize(
    "path", sorted((LANTOA / "nominations").rglob("*.py")), ids=lambda p: p.name
)
def test_the_nominations_package_builds_no_record_itself(path: Path) -> None:
    assert record_building(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    ("source", "finding"),
    [
        ("record = Record(title='x')", "Record(...)"),
        ("record = models.Record(title='x')", "Record(...)"),
        ("Record.objects.create(title='x')", "Record.objects.create"),
        ("m.Record.objects.bulk_create([])", "Record.objects.bulk_create"),
        ("RecordStep.objects.create(action='report')", "RecordStep"),
        ("from lantoa.exemplars.models import RecordStep", "RecordStep"),
        ("steps = record.steps.model.RecordStep", "RecordStep"),
        (
            "from lantoa.exemplars import services as exemplars\nexemplars._attach(r, [], u)",
            "exemplars._attach",
        ),
        ("from lantoa.exemplars.services.reporting import _attach", "_attach"),
    ],
)
def test_the_check_finds_each_way_of_building_a_record(source: str, finding: str) -> None:
    assert any(finding in line for line in record_building(source))


def test_the_check_leaves_reads_and_own_helpers_alone() -> None:
    source = (
        "from lantoa.exemplars import services as exemplars\n"
        "from lantoa.exemplars.models import Record\n"
        "def _own(): return Record.objects.filter(pk=1).first()\n"
        "exemplars.receive_record(source='citizen')\n"
        "_own()\n"
    )
    assert record_building(source) == []
