"""A photo attached to a record gets smaller copies for the public pages, stored beside it."""

from __future__ import annotations

import io

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from lantoa.core.uploads import clean_upload
from lantoa.exemplars import services
from lantoa.exemplars.models import Evidence
from tests.exemplars.helpers import report
from tests.personas import World


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


def _jpeg(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 80, 40)).save(out, "JPEG")
    return out.getvalue()


def _pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_a_photo_gets_the_widths_smaller_than_itself(world: World) -> None:
    photo = clean_upload(name="Ảnh cứu người.jpg", data=_jpeg(1000, 500))
    record = report(world, files=[photo])
    evidence = Evidence.objects.get(record=record)
    assert set(evidence.variants) == {"320", "640"}
    for width, name in evidence.variants.items():
        assert name.startswith("evidence/variants/")
        assert name.endswith(".jpg")
        assert "cứu" not in name and "cuu" not in name  # a generated name, never the user's
        assert name != evidence.file.name
        with default_storage.open(name) as stored, Image.open(stored) as image:
            assert image.format == "JPEG"
            assert image.width == int(width)
            assert image.height == round(500 * int(width) / 1000)


def test_each_photo_gets_its_own_variant_files(world: World) -> None:
    photos = [clean_upload(name=f"{i}.jpg", data=_jpeg(700, 700)) for i in range(2)]
    record = report(world, files=photos)
    names = [n for e in Evidence.objects.filter(record=record) for n in e.variants.values()]
    assert len(names) == 4
    assert len(set(names)) == 4
    assert all(default_storage.exists(n) for n in names)


def test_a_small_photo_and_a_document_get_none(world: World) -> None:
    small = clean_upload(name="nho.jpg", data=_jpeg(200, 150))
    document = clean_upload(name="giay-khen.pdf", data=_pdf())
    record = report(world, files=[small, document])
    assert [e.variants for e in Evidence.objects.filter(record=record).order_by("id")] == [{}, {}]


def test_evidence_added_later_gets_variants_too(world: World) -> None:
    record = report(world)
    services.attach_evidence(
        actor=world.user("xa.doan"),
        record=record,
        files=[clean_upload(name="sau.jpg", data=_jpeg(1400, 700))],
    )
    evidence = Evidence.objects.get(record=record)
    assert set(evidence.variants) == {"320", "640", "1280"}
