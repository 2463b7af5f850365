"""Photos of a published story, for anyone, but only while the story shows photos.

Evidence files are never under a public URL (the staff view checks the record's scope).
This view serves a photo only if the story is live, shows photos, and the photo belongs to
its record; documents are never served. Browsers must ask again each time (`no-cache` with
an ETag, answered 304 after the same checks), so a photo leaves every screen as soon as
the story is taken down.
"""

from __future__ import annotations

from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponseBase,
    HttpResponseNotModified,
)
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from lantoa.exemplars.stories import public as public_stories
from lantoa.portal.views.common import PHOTO_WIDTHS, served_file


@require_safe
def story_photo(request: HttpRequest, pk: int, photo_pk: int, width: int) -> HttpResponseBase:
    if width not in PHOTO_WIDTHS:
        raise Http404()
    photo = public_stories.get_public_photo(pk, photo_pk)
    name, _actual = served_file(photo, width)
    etag = f'"{photo.sha256[:20]}-{width}"'
    if etag in request.headers.get("If-None-Match", ""):
        response: HttpResponseBase = HttpResponseNotModified()
    else:
        try:
            handle = photo.file.storage.open(name, "rb")
        except OSError:
            raise Http404() from None
        response = FileResponse(handle, content_type="image/jpeg")
    response["ETag"] = etag
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, no_cache=True)
    return response
