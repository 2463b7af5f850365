"""Helpers of the registry page tests: photos with a location, the report form, page text,
a verified record and its replication."""

from __future__ import annotations

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from lantoa.exemplars import services
from lantoa.exemplars.models import Record, Replication
from tests.exemplars.helpers import report, step
from tests.personas import World

GPS_IFD = 0x8825


def jpeg_with_gps(size: tuple[int, int] = (80, 60)) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "Phone"
    gps = exif.get_ifd(GPS_IFD)
    gps[1], gps[2], gps[3], gps[4] = "N", (11.0, 56.0, 0.0), "E", (108.0, 6.0, 0.0)
    out = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(out, "JPEG", exif=exif)
    return out.getvalue()


def photo(name: str = "anh.jpg", data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data if data is not None else jpeg_with_gps(), "image/jpeg")


def form_data(**extra) -> dict:
    data = {
        "idempotency_key": "key-1",
        "kind": "good_deed",
        "title": "Cứu người đuối nước ở hồ Sông Quao",
        "summary": "Anh Ân lao xuống hồ cứu hai em nhỏ.",
        "full_name": "Nguyễn Văn Ân",
        "birth_year": "1995",
    }
    data.update(extra)
    return data


def page_text(response) -> str:
    return response.content.decode()


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def verified(world: World, record: Record | None = None, *, note: str = "") -> Record:
    """`record` (by default commune A's report) verified by commune A's Front: from then on
    every officer sees it."""
    return step(world, record or report(world), "xa.mttq", "verify", note=note)


def replicated(world: World, record: Record) -> Replication:
    """Commune B's youth union following `record`, as commune A's records it (not confirmed
    yet: commune B's officers may confirm it)."""
    return services.add_replication(
        actor=world.user("xa.doan"),
        record=record,
        org=world.youth_b,
        date=datetime.date(2026, 1, 5),
        what="Mở lớp dạy bơi",
    )
