"""Uploads: check a file from its content, re-encode photos, and name it ourselves.

`clean_upload()` is the one door for user files (evidence photos and documents):

- the type comes from the content (magic bytes, then a real decoder), never from the name;
- photos (JPEG, PNG, WebP; HEIC if Pillow can read it) are decoded, turned upright from
  their EXIF orientation, converted to sRGB, flattened on white, downscaled to 2560 px on the
  long side and re-encoded as a plain JPEG with no EXIF (GPS), XMP, ICC or comment;
- PDF documents must start with `%PDF-` and end with `%%EOF`; they are stored unchanged;
- everything else (HTML, SVG, XML, scripts, ZIP/Office, GIF, ...) is refused with a message
  the user can read.

Store the result under `generated_name()` (a random name), never under the user's name.
See docs/uploads.md.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import unicodedata
import uuid
import warnings
from collections.abc import Iterable, Set
from dataclasses import dataclass, field
from typing import Any, Literal

from django.conf import settings
from django.core.files.base import File
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps

from lantoa.core.errors import DomainError

logger = logging.getLogger(__name__)

Kind = Literal["photo", "document"]

KINDS: frozenset[str] = frozenset({"photo", "document"})
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # decoded size guard (a 40 MP photo is ~120 MB in memory)
MAX_SIDE = 2560  # long side of a stored photo, in pixels
JPEG_QUALITY = 85
VARIANT_QUALITY = 80
MAX_NAME_LENGTH = 255

PHOTO_CONTENT_TYPE = "image/jpeg"
PHOTO_EXTENSION = ".jpg"
PDF_CONTENT_TYPE = "application/pdf"
PDF_EXTENSION = ".pdf"

# Pillow plugin names to try for each sniffed format: nothing else gets a chance to parse.
_PILLOW_FORMATS: dict[str, tuple[str, ...]] = {
    "jpeg": ("JPEG",),  # iPhone "MPO" files come through the JPEG factory
    "png": ("PNG",),
    "webp": ("WEBP",),
    "heif": ("HEIF",),  # only registered when pillow-heif is installed
}
_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs"}
_HEIF_BRANDS |= {b"mif1", b"msf1"}
_PDF_HEADER = re.compile(rb"%PDF-\d\.\d")
_PDF_EOF_WINDOW = 1024
_NAME_DROP_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Zl", "Zp"}


class UploadRefused(DomainError):
    """The file cannot be accepted; `message` says why, `code` says which rule."""

    code = "upload_refused"


@dataclass(frozen=True, slots=True)
class CleanFile:
    """A checked file, ready to store: `content` is what goes to storage, never the input."""

    kind: Kind
    content: bytes = field(repr=False)
    extension: str
    content_type: str
    size: int
    sha256: str
    original_name: str
    width: int | None = None
    height: int | None = None


class _Unreadable(Exception):
    """Pillow could not decode the image (damaged, truncated, unknown)."""


class _TooManyPixels(Exception):
    def __init__(self, pixels: int):
        super().__init__(pixels)
        self.pixels = pixels


def clean_upload(
    *,
    name: str,
    data: bytes,
    allowed: Set[str] = KINDS,
    max_bytes: int | None = None,
) -> CleanFile:
    """Check `data` and return what to store, or raise `UploadRefused` with a clear message.

    `name` is only used for display (`original_name` and messages). `allowed` limits the
    kinds ("photo", "document"). `max_bytes` defaults to `settings.EVIDENCE_MAX_BYTES`
    (10 MB when unset) and applies to the file as uploaded.
    """
    unknown = set(allowed) - KINDS
    if unknown or not allowed:
        raise ValueError(f"allowed must be a non-empty subset of {sorted(KINDS)}: {allowed!r}")
    limit = max_bytes if max_bytes is not None else _default_max_bytes()
    clean_name = sanitise_name(name)
    shown = clean_name or _("unnamed file")

    if not data:
        raise UploadRefused(_("“%(name)s” is empty.") % {"name": shown}, code="empty")
    if len(data) > limit:
        raise UploadRefused(
            _("“%(name)s” is too large (%(size)s); the limit is %(limit)s.")
            % {"name": shown, "size": filesizeformat(len(data)), "limit": filesizeformat(limit)},
            code="too_large",
        )

    sniffed = sniff(data)
    kind: Kind | None = None
    if sniffed in _PILLOW_FORMATS:
        kind = "photo"
    elif sniffed == "pdf":
        kind = "document"
    if kind is None or kind not in allowed:
        raise UploadRefused(_unsupported_message(shown, allowed), code="unsupported_type")

    if kind == "document":
        if not _has_pdf_trailer(data):
            raise UploadRefused(
                _(
                    "“%(name)s” looks like a PDF document but is damaged or incomplete. "
                    "Please send it again."
                )
                % {"name": shown},
                code="damaged",
            )
        return _clean_file(
            kind="document",
            content=bytes(data),
            extension=PDF_EXTENSION,
            content_type=PDF_CONTENT_TYPE,
            original_name=clean_name or f"upload{PDF_EXTENSION}",
        )

    assert sniffed is not None
    try:
        content, width, height = _reencode_photo(data, _PILLOW_FORMATS[sniffed])
    except _TooManyPixels as exc:
        raise UploadRefused(
            _(
                "“%(name)s” has too many pixels (%(pixels)s megapixels); "
                "the limit is %(limit)s megapixels."
            )
            % {"name": shown, "pixels": exc.pixels // 1_000_000, "limit": MAX_PIXELS // 1_000_000},
            code="too_many_pixels",
        ) from None
    except _Unreadable:
        if sniffed == "heif":
            raise UploadRefused(
                _(
                    "“%(name)s” is a HEIC photo (the iPhone format), which cannot be read "
                    "here. Please send it as JPEG (on the iPhone: Settings → Camera → Formats → "
                    "Most Compatible)."
                )
                % {"name": shown},
                code="heic",
            ) from None
        raise UploadRefused(
            _("“%(name)s” looks like a photo but is damaged or incomplete. Please send it again.")
            % {"name": shown},
            code="damaged",
        ) from None
    return _clean_file(
        kind="photo",
        content=content,
        extension=PHOTO_EXTENSION,
        content_type=PHOTO_CONTENT_TYPE,
        original_name=clean_name or f"upload{PHOTO_EXTENSION}",
        width=width,
        height=height,
    )


def clean_uploaded_file(
    upload: File[Any], *, allowed: Set[str] = KINDS, max_bytes: int | None = None
) -> CleanFile:
    """`clean_upload()` for a Django `UploadedFile`, reading no more than the limit + 1 byte."""
    limit = max_bytes if max_bytes is not None else _default_max_bytes()
    buffer = bytearray()
    upload.seek(0)
    for chunk in upload.chunks():
        buffer += chunk
        if len(buffer) > limit:
            break
    return clean_upload(
        name=upload.name or "", data=bytes(buffer), allowed=allowed, max_bytes=limit
    )


def generated_name(clean: CleanFile) -> str:
    """A random file name with the cleaned file's extension: never the user's name.

    Store it under "evidence/%Y/%m/" (e.g. `evidence.file.save(generated_name(c),
    ContentFile(c.content))`, which applies the FileField's `upload_to`).
    """
    return f"{uuid.uuid4().hex}{clean.extension}"


def responsive_variants(data: bytes, widths: Iterable[int] = (320, 640, 1280)) -> dict[int, bytes]:
    """Smaller JPEG copies of a (cleaned) photo, keyed by width.

    Only widths smaller than the photo's own width are produced; no metadata is written.
    Raises ValueError if `data` is not a readable JPEG, PNG or WebP image.
    """
    wanted = sorted({int(w) for w in widths})
    if any(w <= 0 for w in wanted):
        raise ValueError(f"widths must be positive: {wanted!r}")
    try:
        with _open_image(data, ("JPEG", "PNG", "WEBP")) as opened:
            opened.load()
            image = _to_rgb(opened)
    except (_Unreadable, _TooManyPixels) as exc:
        raise ValueError("not a readable photo") from exc
    variants: dict[int, bytes] = {}
    for width in wanted:
        if width >= image.width:
            break
        height = max(1, round(image.height * width / image.width))
        resized = image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        variants[width] = _save_jpeg(resized, quality=VARIANT_QUALITY)
    return variants


def sniff(data: bytes) -> str | None:
    """The format from the first bytes: "jpeg", "png", "webp", "heif", "pdf" or None."""
    head = data[:32]
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return "heif"
    if _PDF_HEADER.match(head):
        return "pdf"
    return None


def sanitise_name(name: str) -> str:
    """The basename of `name` for display: NFC, no path, no control characters, ≤ 255.

    Returns "" when nothing usable is left (e.g. "", "..", "dir/").
    """
    text = unicodedata.normalize("NFC", name or "")
    text = text.replace("\\", "/").rsplit("/", 1)[-1]
    text = " ".join(text.split())  # tabs and newlines become single spaces
    text = "".join(ch for ch in text if unicodedata.category(ch) not in _NAME_DROP_CATEGORIES)
    text = text.strip()
    if text in {"", ".", ".."}:
        return ""
    if len(text) > MAX_NAME_LENGTH:
        stem, dot, ext = text.rpartition(".")
        if stem and dot and 0 < len(ext) <= 16:
            keep = MAX_NAME_LENGTH - len(ext) - 1
            text = f"{stem[:keep].rstrip()}.{ext}"
        else:
            text = text[:MAX_NAME_LENGTH].rstrip()
    return text


# --- helpers -------------------------------------------------------------------------------


def _default_max_bytes() -> int:
    return int(getattr(settings, "EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES))


def _unsupported_message(shown: str, allowed: Set[str]) -> str:
    if "photo" in allowed and "document" in allowed:
        message = _("“%(name)s” is not a photo (JPEG, PNG, WebP) or a PDF document.")
    elif "photo" in allowed:
        message = _("“%(name)s” is not a photo (JPEG, PNG, WebP).")
    else:
        message = _("“%(name)s” is not a PDF document.")
    return message % {"name": shown}


def _has_pdf_trailer(data: bytes) -> bool:
    return b"%%EOF" in data[-_PDF_EOF_WINDOW:]


def _clean_file(
    *,
    kind: Kind,
    content: bytes,
    extension: str,
    content_type: str,
    original_name: str,
    width: int | None = None,
    height: int | None = None,
) -> CleanFile:
    return CleanFile(
        kind=kind,
        content=content,
        extension=extension,
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        original_name=original_name,
        width=width,
        height=height,
    )


def _check_pixels(size: tuple[int, int]) -> None:
    pixels = size[0] * size[1]
    if pixels > MAX_PIXELS:
        raise _TooManyPixels(pixels)


def _open_image(data: bytes, formats: tuple[str, ...]) -> Image.Image:
    """Open (header only) with only `formats`; verify the whole file first.

    Raises _TooManyPixels for decompression bombs and _Unreadable for anything Pillow
    cannot parse. The caller loads the returned image.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=formats) as probe:
                _check_pixels(probe.size)
                probe.verify()
            image = Image.open(io.BytesIO(data), formats=formats)
            try:
                _check_pixels(image.size)
            except _TooManyPixels:
                image.close()
                raise
            return image
    except _TooManyPixels:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _TooManyPixels(_claimed_pixels(exc)) from exc
    except Exception as exc:  # any parser failure on user data means "unreadable"
        logger.info("Unreadable image upload: %s: %s", type(exc).__name__, exc)
        raise _Unreadable from exc


def _claimed_pixels(exc: Exception) -> int:
    match = re.search(r"\((\d+) pixels\)", str(exc))
    return int(match.group(1)) if match else MAX_PIXELS + 1


def _reencode_photo(data: bytes, formats: tuple[str, ...]) -> tuple[bytes, int, int]:
    with _open_image(data, formats) as opened:
        try:
            if opened.format in {"JPEG", "MPO"}:
                opened.draft("RGB", (MAX_SIDE, MAX_SIDE))  # decode big JPEGs at 1/2, 1/4...
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                opened.load()
            icc = opened.info.get("icc_profile")
            upright = ImageOps.exif_transpose(opened)
            image = _to_rgb(_to_srgb(upright, icc))
            if max(image.size) > MAX_SIDE:
                image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
            return _save_jpeg(image, quality=JPEG_QUALITY), image.width, image.height
        except Exception as exc:  # truncated or corrupt pixel data
            logger.info("Unreadable image upload: %s: %s", type(exc).__name__, exc)
            raise _Unreadable from exc


def _to_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """Convert from an embedded colour profile (e.g. iPhone Display P3) to sRGB.

    The profile itself is dropped on save, so without this the colours would shift.
    """
    if not icc or image.mode not in {"RGB", "RGBA", "CMYK"}:
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        target = ImageCms.createProfile("sRGB")
        mode = "RGBA" if image.mode == "RGBA" else "RGB"
        converted = ImageCms.profileToProfile(image, source, target, outputMode=mode)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError) as exc:
        logger.info("Ignoring an unusable colour profile: %s", exc)
        return image
    return converted if converted is not None else image


def _to_rgb(image: Image.Image) -> Image.Image:
    """RGB for JPEG: transparency (RGBA, LA, PA, P with transparency) is flattened on white."""
    has_alpha = image.mode in {"RGBA", "LA", "PA", "La", "RGBa"} or ("transparency" in image.info)
    if has_alpha:
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    if image.mode != "RGB":
        return image.convert("RGB")
    return image


def _save_jpeg(image: Image.Image, *, quality: int) -> bytes:
    """Save pixels only: a fresh image carries no EXIF, XMP, ICC profile or comment."""
    fresh = Image.new("RGB", image.size)
    fresh.paste(image)
    out = io.BytesIO()
    fresh.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
    return out.getvalue()
