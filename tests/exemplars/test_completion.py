"""Completing a returned record (`transition_record(action="resubmit", changes=…)`)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.utils import timezone
from PIL import Image

from lantoa.audit.models import AuditEvent
from lantoa.core.errors import DomainError, NotFound
from lantoa.core.uploads import CleanFile, clean_upload
from lantoa.exemplars import services
from lantoa.exemplars.models import Evidence, Record, RecordState, Sector, Subject
from lantoa.exemplars.services import ReportChanges
from tests.exemplars.helpers import report, step
from tests.personas import World


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


def _photo(name: str = "anh.jpg") -> CleanFile:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 80, 40)).save(out, "JPEG")
    return clean_upload(name=name, data=out.getvalue())


def _returned(world: World, **kwargs) -> Record:
    record = report(world, **kwargs)
    return step(world, record, "xa.mttq", "return", note="Cần số điện thoại và ảnh")


def _resubmit(world: World, record: Record, changes, username: str = "xa.doan") -> Record:
    return step(world, record, username, "resubmit", note="Đã bổ sung", changes=changes)


def test_every_field_the_contact_and_new_files_are_completed(world: World) -> None:
    record = _returned(world)
    sector = Sector.objects.create(code="giao-duc", name="Giáo dục")
    changes = ReportChanges(
        title="  Cứu   hai em nhỏ  ",
        summary=" Anh Ân cứu hai em nhỏ ở hồ Sông Quao. ",
        story="<p>Chiều 3/3</p><script>alert(1)</script>",
        place=" Hồ Sông Quao ",
        deed_date=datetime.date(2026, 3, 3),
        sector=sector,
        phone="0912 345 678",
        email="an@example.vn",
        address="Thôn 2, xã Hàm Thuận",
        files=[_photo()],
    )
    record = _resubmit(world, record, changes)
    record.refresh_from_db()
    assert record.state == RecordState.REPORTED
    assert (record.title, record.summary) == (
        "Cứu hai em nhỏ",
        "Anh Ân cứu hai em nhỏ ở hồ Sông Quao.",
    )
    assert record.story == "<p>Chiều 3/3</p>" and record.place == "Hồ Sông Quao"
    assert record.deed_date == datetime.date(2026, 3, 3) and record.sector == sector
    subject = Subject.objects.get(pk=record.subject_id)
    assert (subject.phone, subject.email, subject.address) == (
        "0912 345 678",
        "an@example.vn",
        "Thôn 2, xã Hàm Thuận",
    )
    assert record.evidence.filter(kind=Evidence.Kind.PHOTO).count() == 1
    event = AuditEvent.objects.get(action="exemplars.record.resubmit")
    assert set(event.changes["completed"][1]) == {
        "title",
        "summary",
        "story",
        "place",
        "deed_date",
        "sector",
        "subject.phone",
        "subject.email",
        "subject.address",
    }
    assert event.changes["files"] == [None, ["anh.jpg"]]


def test_a_future_date_is_refused_and_nothing_is_changed(world: World) -> None:
    record = _returned(world)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(DomainError) as refused:
        _resubmit(
            world, record, ReportChanges(deed_date=tomorrow, phone="0912345678", files=[_photo()])
        )
    assert refused.value.code == "future_date"
    record.refresh_from_db()
    assert record.state == RecordState.RETURNED and record.deed_date is None
    assert Subject.objects.get(pk=record.subject_id).phone == ""
    assert not record.evidence.exists()


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        (ReportChanges(title="   "), "required"),
        (ReportChanges(summary=""), "required"),
        (ReportChanges(phone="12ab"), "invalid_phone"),
        (ReportChanges(phone="0912"), "invalid_phone"),
        (ReportChanges(email="not-an-address"), "invalid_email"),
        (ReportChanges(new_subject=services.SubjectInput(full_name="Ai đó")), "subject_exists"),
    ],
)
def test_bad_corrections_are_refused(world: World, changes: ReportChanges, code: str) -> None:
    record = _returned(world)
    with pytest.raises(DomainError) as refused:
        _resubmit(world, record, changes)
    assert refused.value.code == code
    record.refresh_from_db()
    assert record.state == RecordState.RETURNED


def test_photos_count_with_those_the_record_has(world: World) -> None:
    record = _returned(world, files=[_photo(f"{i}.jpg") for i in range(services.MAX_PHOTOS)])
    with pytest.raises(DomainError) as refused:
        _resubmit(world, record, ReportChanges(files=[_photo("bay.jpg")]))
    assert refused.value.code == "too_many_photos"
    assert record.evidence.count() == services.MAX_PHOTOS


def test_a_record_without_a_subject_gets_one_with_its_contact(world: World) -> None:
    record = _returned(world, new_subject=None)
    with pytest.raises(DomainError) as refused:
        _resubmit(world, record, ReportChanges(phone="0912345678"))
    assert refused.value.code == "subject_name_required"
    _resubmit(
        world,
        record,
        ReportChanges(
            phone="0912345678", new_subject=services.SubjectInput(full_name=" Nguyễn  Văn Ân ")
        ),
    )
    record.refresh_from_db()
    assert record.subject is not None and record.subject.full_name == "Nguyễn Văn Ân"
    assert record.subject.phone == "0912345678" and record.subject.org_id == world.youth_a.pk


def test_the_contact_of_another_organisations_subject_is_not_written(world: World) -> None:
    theirs = report(world, "xab.doan")
    step(world, theirs, "tinh.mttq", "verify")  # shared: commune A may name the same person
    record = _returned(world, subject=theirs.subject, new_subject=None)
    with pytest.raises(DomainError) as refused:
        _resubmit(world, record, ReportChanges(phone="0912345678"))
    assert refused.value.code == "forbidden"
    assert Subject.objects.get(pk=theirs.subject_id).phone == ""
    # The rest of the report may still be completed.
    _resubmit(world, record, ReportChanges(place="Hồ Sông Quao"))
    record.refresh_from_db()
    assert record.state == RecordState.REPORTED


def test_the_api_mapping_is_read_by_name_and_unknown_names_are_refused(world: World) -> None:
    record = _returned(world)
    with pytest.raises(DomainError) as refused:
        _resubmit(world, record, {"summary": "Đã bổ sung ảnh.", "state": "verified"})
    assert refused.value.code == "invalid_changes"
    _resubmit(world, record, {"summary": "Đã bổ sung ảnh."})
    record.refresh_from_db()
    assert record.summary == "Đã bổ sung ảnh." and record.state == RecordState.REPORTED


def test_a_second_resubmission_is_refused(world: World) -> None:
    record = _returned(world)
    _resubmit(world, record, ReportChanges(place="Hồ Sông Quao"))
    with pytest.raises(DomainError) as refused:
        _resubmit(world, record, ReportChanges(place="Nơi khác"))
    assert refused.value.code == "invalid_transition"
    record.refresh_from_db()
    assert record.place == "Hồ Sông Quao"


def test_only_those_who_may_resubmit_complete_the_record(world: World) -> None:
    record = _returned(world)
    with pytest.raises(NotFound):
        _resubmit(world, record, ReportChanges(place="X"), username="xab.doan")
    with pytest.raises(DomainError) as refused:
        _resubmit(world, record, ReportChanges(place="X"), username="xa.quantri")
    assert refused.value.code in {"forbidden", "invalid_transition"}
    record.refresh_from_db()
    assert record.place == ""
