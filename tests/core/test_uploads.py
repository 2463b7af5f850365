"""Uploads: type from the content, photos re-encoded without metadata, generated names."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import re
import struct
import unicodedata
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image, ImageCms

from lantoa.core.errors import DomainError
from lantoa.core.uploads import (
    MAX_SIDE,
    CleanFile,
    UploadRefused,
    clean_upload,
    clean_uploaded_file,
    generated_name,
    responsive_variants,
    sanitise_name,
)

GPS_IFD = 0x8825
ORIENTATION = 0x0112

PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)


# --- builders ------------------------------------------------------------------------------


def encode(image: Image.Image, fmt: str, **params: object) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **params)
    return out.getvalue()


def gps_exif(orientation: int | None = None) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "Apple"  # Make
    if orientation is not None:
        exif[ORIENTATION] = orientation
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"
    gps[2] = (10.0, 45.0, 0.0)
    gps[3] = "E"
    gps[4] = (106.0, 40.0, 0.0)
    return exif


def photo_with_gps(size: tuple[int, int] = (120, 80), orientation: int | None = None) -> bytes:
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return encode(
        Image.new("RGB", size, (200, 40, 40)),
        "JPEG",
        exif=gps_exif(orientation),
        icc_profile=icc,
        comment=b"taken at home",
    )


def noise(size: tuple[int, int]) -> Image.Image:
    return Image.frombytes(
        "RGB", size, bytes((i * 7919) % 251 for i in range(size[0] * size[1] * 3))
    )


def png_claiming(width: int, height: int) -> bytes:
    """A 1×1 PNG whose IHDR claims `width`×`height` (with a valid CRC)."""
    data = bytearray(encode(Image.new("RGB", (1, 1)), "PNG"))
    assert data[12:16] == b"IHDR"
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def jpeg_markers(data: bytes) -> list[int]:
    """The JPEG segment markers before the scan data (APPn, COM, DQT, SOF, DHT...)."""
    assert data[:2] == b"\xff\xd8"
    markers, i = [], 2
    while i < len(data):
        assert data[i] == 0xFF
        marker = data[i + 1]
        if marker == 0xDA:  # start of scan
            break
        markers.append(marker)
        i += 2 + int.from_bytes(data[i + 2 : i + 4], "big")
    return markers


def refused(**kwargs: object) -> UploadRefused:
    with translation.override("en"), pytest.raises(UploadRefused) as info:
        clean_upload(**kwargs)  # type: ignore[arg-type]
    return info.value


# --- photos --------------------------------------------------------------------------------


def test_gps_and_all_metadata_are_stripped_from_photos() -> None:
    data = photo_with_gps()
    before = Image.open(io.BytesIO(data))
    assert before.getexif().get_ifd(GPS_IFD)[1] == "N"
    assert {0xE1, 0xE2, 0xFE} <= set(jpeg_markers(data))  # EXIF, ICC, comment

    clean = clean_upload(name="IMG_0001.JPG", data=data)

    after = Image.open(io.BytesIO(clean.content))
    exif = after.getexif()
    assert GPS_IFD not in exif
    assert not exif.get_ifd(GPS_IFD)
    assert len(exif) == 0
    assert "icc_profile" not in after.info and "comment" not in after.info
    assert "exif" not in after.info and "xmp" not in after.info
    markers = set(jpeg_markers(clean.content))
    assert not markers & {0xE1, 0xE2, 0xED, 0xFE}  # no EXIF/XMP, ICC, IPTC, comment
    assert b"Apple" not in clean.content
    assert after.format == "JPEG"
    assert (clean.kind, clean.extension, clean.content_type) == ("photo", ".jpg", "image/jpeg")
    assert (clean.width, clean.height) == (120, 80) == after.size


def test_exif_orientation_is_applied() -> None:
    image = Image.new("RGB", (100, 50), (255, 0, 0))
    image.paste((0, 0, 255), (50, 0, 100, 50))  # left red, right blue
    data = encode(image, "JPEG", exif=gps_exif(orientation=6))

    clean = clean_upload(name="portrait.jpg", data=data)

    after = Image.open(io.BytesIO(clean.content))
    assert after.size == (50, 100) == (clean.width, clean.height)
    assert ORIENTATION not in after.getexif()
    # orientation 6 = rotate 90° clockwise to display: the left (red) half ends up on top
    top, bottom = after.getpixel((25, 10)), after.getpixel((25, 90))
    assert isinstance(top, tuple) and isinstance(bottom, tuple)
    assert top[0] > 200 and top[2] < 60
    assert bottom[2] > 200 and bottom[0] < 60


def test_png_with_alpha_becomes_a_jpeg_flattened_on_white() -> None:
    image = Image.new("RGBA", (40, 40), (0, 0, 0, 0))
    image.paste((0, 128, 0, 255), (0, 0, 20, 40))
    clean = clean_upload(name="logo.png", data=encode(image, "PNG"))

    after = Image.open(io.BytesIO(clean.content))
    assert after.format == "JPEG" and after.mode == "RGB"
    assert clean.extension == ".jpg" and clean.content_type == "image/jpeg"
    right = after.getpixel((35, 20))
    assert isinstance(right, tuple) and min(right) > 240  # transparent → white


def test_palette_png_with_transparency_and_webp_are_accepted() -> None:
    palette = Image.new("P", (30, 30), 1)
    palette.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    paletted = encode(palette, "PNG", transparency=1)
    webp = encode(noise((64, 48)), "WEBP", quality=90)

    flat = Image.open(io.BytesIO(clean_upload(name="p.png", data=paletted).content))
    pixel = flat.getpixel((15, 15))
    assert isinstance(pixel, tuple) and min(pixel) > 240
    clean = clean_upload(name="w.webp", data=webp)
    assert (clean.extension, clean.width, clean.height) == (".jpg", 64, 48)


def test_large_photos_are_downscaled_to_the_long_side_limit() -> None:
    clean = clean_upload(name="wide.png", data=encode(Image.new("RGB", (3000, 1000)), "PNG"))
    assert (clean.width, clean.height) == (MAX_SIDE, 853)
    assert Image.open(io.BytesIO(clean.content)).size == (MAX_SIDE, 853)


def test_content_decides_not_the_name() -> None:
    clean = clean_upload(name="scan.pdf", data=photo_with_gps())
    assert clean.kind == "photo" and clean.extension == ".jpg"
    assert clean.original_name == "scan.pdf"

    document = clean_upload(name="photo.jpg", data=PDF)
    assert document.kind == "document" and document.extension == ".pdf"


def test_sha256_and_size_describe_the_cleaned_bytes() -> None:
    data = photo_with_gps()
    clean = clean_upload(name="a.jpg", data=data)
    assert clean.content != data
    assert clean.sha256 == hashlib.sha256(clean.content).hexdigest()
    assert clean.size == len(clean.content)


def test_clean_file_is_frozen() -> None:
    clean = clean_upload(name="a.pdf", data=PDF)
    with pytest.raises(dataclasses.FrozenInstanceError):
        clean.kind = "photo"  # type: ignore[misc]
    assert isinstance(clean, CleanFile)


# --- refusals ------------------------------------------------------------------------------

HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(1)</script></svg>"
)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("photo.jpg", HTML),
        ("photo.jpg", SVG),
        ("anh.jpeg", b"  \n<svg onload=alert(1)>"),
        ("notes.txt", "Biên bản họp chi đoàn\n".encode()),
        ("report.pdf", b"just text, pretending to be a PDF\n%%EOF\n"),
        ("report.pdf", b"\n" + PDF),  # header not at the start
        ("run.sh", b"#!/bin/sh\nrm -rf /\n"),
        ("data.xml", b'<?xml version="1.0"?><root/>'),
        ("bao-cao.docx", b"PK\x03\x04" + b"\x00" * 64),
        ("anim.gif", encode(Image.new("RGB", (4, 4)), "GIF")),
        ("tiny.bmp", encode(Image.new("RGB", (4, 4)), "BMP")),
    ],
)
def test_anything_but_photos_and_pdf_is_refused(name: str, data: bytes) -> None:
    error = refused(name=name, data=data)
    assert isinstance(error, DomainError)
    assert error.code == "unsupported_type"
    assert str(error.message) == f"“{name}” is not a photo (JPEG, PNG, WebP) or a PDF document."


def test_the_message_follows_what_is_allowed() -> None:
    only_photos = refused(name="a.pdf", data=PDF, allowed={"photo"})
    assert str(only_photos.message) == "“a.pdf” is not a photo (JPEG, PNG, WebP)."
    only_documents = refused(name="a.jpg", data=photo_with_gps(), allowed={"document"})
    assert str(only_documents.message) == "“a.jpg” is not a PDF document."
    with pytest.raises(ValueError):
        clean_upload(name="a.pdf", data=PDF, allowed={"video"})


def test_truncated_jpeg_is_refused() -> None:
    data = encode(noise((200, 200)), "JPEG", quality=95)
    error = refused(name="half.jpg", data=data[: len(data) // 2])
    assert error.code == "damaged"
    assert "damaged or incomplete" in str(error.message)


def test_garbage_after_a_jpeg_header_is_refused() -> None:
    error = refused(name="x.jpg", data=b"\xff\xd8\xff\xe0" + b"\x00" * 200)
    assert error.code == "damaged"


@pytest.mark.parametrize("size", [(50_000, 50_000), (7_000, 7_000)])
def test_decompression_bombs_are_refused(size: tuple[int, int]) -> None:
    # 2.5 gigapixels trips Pillow's own guard; 49 MP trips ours (40 MP), header only.
    error = refused(name="bomb.png", data=png_claiming(*size))
    assert error.code == "too_many_pixels"
    assert "megapixels" in str(error.message)


def test_heic_is_refused_with_a_hint_to_send_jpeg() -> None:
    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 100
    error = refused(name="IMG_4321.HEIC", data=heic)
    assert error.code == "heic"
    assert "JPEG" in str(error.message) and "IMG_4321.HEIC" in str(error.message)


def test_pdf_is_accepted_unchanged_and_needs_its_trailer() -> None:
    clean = clean_upload(name="Quyết định khen thưởng.pdf", data=PDF)
    assert clean.content == PDF
    assert (clean.kind, clean.extension, clean.content_type) == (
        "document",
        ".pdf",
        "application/pdf",
    )
    assert clean.width is None and clean.height is None
    assert clean.sha256 == hashlib.sha256(PDF).hexdigest()

    error = refused(name="cut.pdf", data=PDF[:40])
    assert error.code == "damaged"


def test_size_limits(settings: object) -> None:
    assert refused(name="a.pdf", data=PDF, max_bytes=len(PDF) - 1).code == "too_large"
    assert clean_upload(name="a.pdf", data=PDF, max_bytes=len(PDF)).size == len(PDF)

    settings.EVIDENCE_MAX_BYTES = 100  # type: ignore[attr-defined]
    error = refused(name="a.pdf", data=PDF)
    assert error.code == "too_large"
    assert str(error.message).startswith("“a.pdf” is too large (")

    del settings.EVIDENCE_MAX_BYTES  # type: ignore[attr-defined]
    big = PDF[:-6] + b"\x00" * (10 * 1024 * 1024) + b"%%EOF\n"
    assert refused(name="big.pdf", data=big).code == "too_large"


def test_empty_file_is_refused() -> None:
    error = refused(name="empty.jpg", data=b"")
    assert error.code == "empty"
    assert str(error.message) == "“empty.jpg” is empty."


def test_uploaded_file_is_read_only_up_to_the_limit() -> None:
    upload = SimpleUploadedFile("../scan.pdf", PDF, content_type="text/html")
    clean = clean_uploaded_file(upload)
    assert clean.content == PDF and clean.content_type == "application/pdf"
    assert clean.original_name == "scan.pdf"

    big = SimpleUploadedFile("big.pdf", PDF + b"\x00" * 5000)
    with translation.override("en"), pytest.raises(UploadRefused) as info:
        clean_uploaded_file(big, max_bytes=1000)
    assert info.value.code == "too_large"


# --- names ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("../../etc/passwd.jpg", "passwd.jpg"),
        ("C:\\Users\\An\\Desktop\\ảnh.jpg", "ảnh.jpg"),
        (unicodedata.normalize("NFD", "Nguyễn Văn Ân.jpg"), "Nguyễn Văn Ân.jpg"),
        ("a\x00b\x7f\u202egpj.exe", "abgpj.exe"),
        ("  tab\tand  spaces .png ", "tab and spaces .png"),
        ("..", ""),
        ("folder/", ""),
        ("", ""),
    ],
)
def test_original_names_are_sanitised(raw: str, expected: str) -> None:
    assert sanitise_name(raw) == expected


def test_long_names_keep_their_extension() -> None:
    name = sanitise_name("ả" * 400 + ".jpeg")
    assert len(name) == 255 and name.endswith(".jpeg")
    assert len(sanitise_name("x" * 400)) == 255


def test_clean_upload_sanitises_the_name_and_falls_back() -> None:
    assert clean_upload(name="../../etc/passwd.jpg", data=photo_with_gps()).original_name == (
        "passwd.jpg"
    )
    assert clean_upload(name="../", data=PDF).original_name == "upload.pdf"


def test_generated_names_are_random_and_ignore_the_users_name() -> None:
    clean = clean_upload(name="../../etc/passwd.jpg", data=photo_with_gps())
    first, second = generated_name(clean), generated_name(clean)
    assert re.fullmatch(r"[0-9a-f]{32}\.jpg", first)
    assert first != second
    assert "passwd" not in first
    assert re.fullmatch(r"[0-9a-f]{32}\.pdf", generated_name(clean_upload(name="x", data=PDF)))


# --- variants ------------------------------------------------------------------------------


def test_responsive_variants_are_smaller_and_only_below_the_original_width() -> None:
    clean = clean_upload(name="big.png", data=encode(noise((1000, 600)), "PNG"))
    variants = responsive_variants(clean.content)

    assert sorted(variants) == [320, 640]  # 1280 is wider than the photo
    for width, data in variants.items():
        image = Image.open(io.BytesIO(data))
        assert image.format == "JPEG"
        assert image.size == (width, round(600 * width / 1000))
        assert len(data) < clean.size
        assert not set(jpeg_markers(data)) & {0xE1, 0xE2, 0xFE}
    assert len(variants[320]) < len(variants[640])

    assert responsive_variants(clean.content, widths=(2000,)) == {}
    with pytest.raises(ValueError):
        responsive_variants(HTML)
