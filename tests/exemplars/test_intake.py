"""The one way in for a record (`services.receive_record`) and its files (`attach_files`)."""

from __future__ import annotations

import datetime
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import FileSystemStorage
from django.db import IntegrityError
from django.utils import timezone
from PIL import Image

from lantoa.audit.models import AuditEvent
from lantoa.core.errors import DomainError, NotFound
from lantoa.core.uploads import CleanFile, clean_upload
from lantoa.exemplars import services
from lantoa.exemplars.models import Evidence, Record, RecordSource, RecordState, RecordStep, Subject
from lantoa.nominations.models import Nomination
from lantoa.nominations.services import submit_nomination
from tests.exemplars.helpers import report
from tests.personas import World
from tests.source_checks import LANTOA, record_building


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def _nomination_settings(settings) -> None:
    settings.NOMINATION_MIN_FILL_SECONDS = 0


def _photo(name: str = "anh.jpg") -> CleanFile:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 80, 40)).save(out, "JPEG")
    return clean_upload(name=name, data=out.getvalue())


def _receive(world: World, **kwargs: Any) -> Record:
    """A citizen-like record for the commune Front, received by nobody in particular."""
    fields: dict[str, Any] = {
        "source": RecordSource.CITIZEN,
        "org": world.front_a,
        "actor": None,
        "handling_org": world.front_a,
        "kind": "good_deed",
        "title": "Nhặt được ví trả lại người mất",
        "summary": "Chị Lan nhặt được ví ở chợ và trả lại.",
        "actor_name": "Người dân",
    }
    fields.update(kwargs)
    return services.receive_record(**fields)


def _row_counts() -> dict[str, int]:
    models = (Record, RecordStep, Evidence, Subject, AuditEvent, Nomination)
    return {model.__name__: model.objects.count() for model in models}


# --- What every record starts with ----------------------------------------------------------


def test_officer_and_citizen_records_start_with_the_same_step_and_audit(world: World) -> None:
    officer = report(world)
    citizen = _receive(world)
    for record in (officer, citizen):
        assert record.state == RecordState.REPORTED and record.state_since is not None
        assert record.due_at is not None and record.due_at > record.state_since
    steps = [RecordStep.objects.get(record=r) for r in (officer, citizen)]
    for step in steps:
        assert (step.action, step.from_state, step.to_state) == ("report", "", "reported")
        assert step.seconds_in_previous is None and not step.was_overdue
    assert (steps[0].actor, steps[0].actor_org) == (world.user("xa.doan"), world.youth_a)
    assert (steps[1].actor, steps[1].actor_org, steps[1].actor_name) == (None, None, "Người dân")
    events = [
        AuditEvent.objects.get(action="exemplars.record.reported", object_id=str(r.pk))
        for r in (officer, citizen)
    ]
    assert (
        set(events[0].changes)
        == set(events[1].changes)
        == {
            "title",
            "kind",
            "source",
            "handling_org",
        }
    )
    assert events[0].changes["source"] == [None, "officer"]
    assert events[0].changes["handling_org"] == [None, world.front_a.pk]
    assert events[1].changes["source"] == [None, "citizen"]
    assert (events[0].actor, events[1].actor, events[1].actor_label) == (
        world.user("xa.doan"),
        None,
        "system",
    )


def test_the_level_above_handles_unless_the_caller_names_who_does(world: World) -> None:
    assert _receive(world, handling_org=None, org=world.youth_a).handling_org == world.front_a
    assert _receive(world, handling_org=world.front).handling_org == world.front


def test_text_is_trimmed_and_the_story_sanitised(world: World) -> None:
    record = _receive(
        world,
        title="  Nhặt   được\n ví  ",
        summary="\n  Trả lại người mất.  \n",
        place="  Chợ Hàm Thuận ",
        story='<p onclick="x()">Kể lại</p><script>alert(1)</script>',
    )
    assert record.title == "Nhặt được ví"
    assert record.summary == "Trả lại người mất."
    assert record.place == "Chợ Hàm Thuận"
    assert "script" not in record.story and "onclick" not in record.story
    assert "Kể lại" in record.story


def test_extra_audit_changes_and_the_callers_own_rows_join_the_event(world: World) -> None:
    seen: list[Record] = []

    def on_received(record: Record) -> dict[str, Any]:
        seen.append(record)
        return {"nomination": [None, 42]}

    record = _receive(world, audit_changes={"photos": [None, 0]}, on_received=on_received)
    assert seen == [record]
    event = AuditEvent.objects.get(action="exemplars.record.reported")
    assert event.changes["photos"] == [None, 0] and event.changes["nomination"] == [None, 42]
    assert event.changes["title"] == [None, record.title]  # the caller adds, never replaces


def test_files_are_stored_as_uploaded_by_the_given_user(world: World) -> None:
    uploader = world.user("xa.mttq")
    record = _receive(world, files=[_photo()], uploaded_by=uploader)
    assert Evidence.objects.get(record=record).uploaded_by == uploader


# --- What is refused ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"deed_date": datetime.date(2999, 1, 1)}, "future_date"),
        ({"kind": "miracle"}, "invalid_kind"),
        ({"title": "   "}, "required"),
        ({"summary": "\n"}, "required"),
    ],
)
def test_invalid_content_is_refused_and_nothing_is_written(
    world: World, fields: dict[str, Any], code: str
) -> None:
    before = _row_counts()
    with pytest.raises(DomainError) as caught:
        _receive(world, new_subject=services.SubjectInput(full_name="Nguyễn Thị Lan"), **fields)
    assert caught.value.code == code
    assert _row_counts() == before


def test_today_is_not_the_future(world: World) -> None:
    assert _receive(world, deed_date=timezone.localdate()).deed_date == timezone.localdate()


def test_more_photos_than_a_report_takes_are_refused(world: World) -> None:
    photos = [_photo(f"{i}.jpg") for i in range(services.MAX_PHOTOS + 1)]
    with pytest.raises(DomainError) as caught:
        _receive(world, files=photos, uploaded_by=world.user("xa.mttq"))
    assert caught.value.code == "too_many_photos"
    assert Record.objects.count() == 0


def test_an_unknown_source_or_files_without_an_uploader_are_programming_errors(
    world: World,
) -> None:
    with pytest.raises(ValueError, match="source"):
        _receive(world, source="pigeon")
    with pytest.raises(ValueError, match="uploader"):
        _receive(world, files=[_photo()])
    assert Record.objects.count() == 0


def test_the_same_idempotency_key_twice_is_left_to_the_caller(world: World) -> None:
    user = world.user("xa.doan")
    first = _receive(world, actor=user, reporter=user, idempotency_key="k-1")
    with pytest.raises(IntegrityError):
        _receive(world, actor=user, reporter=user, idempotency_key="k-1")
    assert list(Record.objects.all()) == [first]


# --- All or nothing -------------------------------------------------------------------------


@pytest.fixture
def _second_file_fails(monkeypatch) -> None:
    """The disk fills up while the second file is written."""
    real_save = FileSystemStorage._save
    calls: list[str] = []

    def save(self: FileSystemStorage, name: str, content: Any) -> str:
        calls.append(name)
        if len(calls) == 2:
            raise OSError("No space left on device")
        return real_save(self, name, content)

    monkeypatch.setattr(FileSystemStorage, "_save", save)


@pytest.mark.usefixtures("_second_file_fails")
def test_a_failing_file_leaves_no_officer_record_behind(world: World) -> None:
    before = _row_counts()
    with pytest.raises(OSError, match="No space"):
        report(world, files=[_photo("1.jpg"), _photo("2.jpg")])
    assert _row_counts() == before  # no record, subject, first file, step or event


@pytest.mark.usefixtures("_second_file_fails", "_nomination_settings")
def test_a_failing_photo_leaves_no_nomination_behind(world: World) -> None:
    before = _row_counts()
    with pytest.raises(OSError, match="No space"):
        submit_nomination(
            what="Chị Lan nhặt được ví ở chợ và trả lại người mất.",
            commune=world.unit_a,
            when=None,
            who="Nguyễn Thị Lan",
            photos=[_photo("1.jpg"), _photo("2.jpg")],
            ip="203.0.113.7",
        )
    assert _row_counts() == before


def test_a_failing_caller_hook_undoes_the_record(world: World) -> None:
    def on_received(record: Record) -> None:
        raise DomainError("no", code="boom")

    before = _row_counts()
    with pytest.raises(DomainError):
        _receive(world, on_received=on_received)
    assert _row_counts() == before


# --- Evidence on an existing record ---------------------------------------------------------


def test_evidence_is_added_by_someone_who_may_report_for_the_record(world: World) -> None:
    record = report(world)
    services.attach_evidence(actor=world.user("xa.doan"), record=record, files=[_photo()])
    evidence = Evidence.objects.get(record=record)
    assert evidence.uploaded_by == world.user("xa.doan")
    event = AuditEvent.objects.get(action="exemplars.record.evidence_added")
    assert event.changes == {"files": [None, ["anh.jpg"]]}


def test_another_communes_officer_cannot_add_evidence(world: World) -> None:
    record = report(world)
    with pytest.raises(NotFound):
        services.attach_evidence(actor=world.user("xab.doan"), record=record, files=[_photo()])
    assert not Evidence.objects.exists()
    assert not AuditEvent.objects.filter(action="exemplars.record.evidence_added").exists()


# --- The only way in ------------------------------------------------------------------------


def _modules() -> list[Path]:
    return [p for p in sorted(LANTOA.rglob("*.py")) if "migrations" not in p.parts]


def test_only_intake_creates_a_record() -> None:
    intake = LANTOA / "exemplars" / "services" / "intake.py"
    builders = {
        str(path.relative_to(LANTOA)): found
        for path in _modules()
        if path != intake
        and (
            found := [
                f
                for f in record_building(
                    path.read_text(encoding="utf-8"), app=path.relative_to(LANTOA).parts[0]
                )
                if "Record(" in f or "Record.objects" in f
            ]
        )
    }
    assert builders == {}
    assert "Record.objects.create" in " ".join(record_building(intake.read_text(), app="exemplars"))


def test_no_app_uses_a_private_helper_of_another_app() -> None:
    private = {}
    for path in _modules():
        app = path.relative_to(LANTOA).parts[0]
        found = [
            f for f in record_building(path.read_text(encoding="utf-8"), app=app) if "private" in f
        ]
        if found:
            private[str(path.relative_to(LANTOA))] = found
    assert private == {}
