"""Photos held for a nomination that was not sent, so that nothing is lost (issue 11, part 5).

A browser cannot refill a file input, so when the form is shown again (an error, a refusal,
the proof step, a form sent too fast) the photos that passed the upload checks are held on
the server, in the default storage (shared by servers), for `NOMINATION_HOLD_SECONDS`:

    hold_photos(*, browser, photos) -> list[str]            # signed hold tokens
    held_photos(*, browser, tokens) -> Held                 # the photos to send again
    held_photo(*, browser, token) -> PhotoHold | None       # for the thumbnail
    release_holds(*, browser, tokens) -> int                # used or removed: gone
    purge_expired_holds(*, now=None) -> int                 # the periodic job

`browser` is the random id in the browser's signed cookie (the portal sets it); only its keyed
hash is stored. A token is `django.core.signing` of the hold's random key, salted, with the
hold's lifetime as maximum age. A token that is forged, expired, or belongs to another
browser is refused cleanly: it counts as "not kept", never as an error page, and its file is
never served.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from lantoa.core.intake.limits import keyed_hash
from lantoa.core.uploads import CleanFile, generated_name
from lantoa.nominations.models import PhotoHold

SALT = "lantoa.nominations.hold"
DEFAULT_SECONDS = 3600
# Expired holds deleted in passing by each new hold (the periodic job does the rest).
PURGE_IN_PASSING = 20


def hold_seconds() -> int:
    return int(getattr(settings, "NOMINATION_HOLD_SECONDS", DEFAULT_SECONDS))


def _browser_hash(browser: str) -> str:
    return keyed_hash(browser, purpose="nominations.browser")


def _token(key: str) -> str:
    return signing.dumps(key, salt=SALT)


def _key(token: str) -> str | None:
    try:
        key = signing.loads(token, salt=SALT, max_age=hold_seconds())
    except signing.BadSignature:  # SignatureExpired included
        return None
    return key if isinstance(key, str) else None


@dataclass
class Held:
    photos: list[CleanFile] = field(default_factory=list)
    tokens: list[str] = field(default_factory=list)  # of the photos above, same order
    refused: int = 0  # tokens that are forged, expired or another browser's


def _rows(browser: str | None, tokens: Sequence[str]) -> tuple[list[tuple[str, PhotoHold]], int]:
    """The live holds of `browser` among `tokens` (in order, once each), and how many of the
    tokens named none."""
    keys: list[tuple[str, str]] = []
    refused = 0
    for token in dict.fromkeys(t for t in tokens if t):
        key = _key(token)
        if key is None or not browser:
            refused += 1
        else:
            keys.append((token, key))
    found = {
        hold.key: hold
        for hold in PhotoHold.objects.filter(
            key__in=[k for _t, k in keys],
            browser=_browser_hash(browser or ""),
            expires_at__gt=timezone.now(),
        )
    }
    rows = [(token, found[key]) for token, key in keys if key in found]
    return rows, refused + len(keys) - len(rows)


def hold_photos(*, browser: str, photos: Sequence[CleanFile]) -> list[str]:
    """Hold each photo for `browser`; the signed tokens, in order."""
    tokens: list[str] = []
    expires = timezone.now() + datetime.timedelta(seconds=hold_seconds())
    for photo in photos:
        key = secrets.token_urlsafe(32)
        hold = PhotoHold(
            key=key,
            browser=_browser_hash(browser),
            content_type=photo.content_type,
            extension=photo.extension,
            original_name=photo.original_name[:255],
            size=photo.size,
            sha256=photo.sha256,
            width=photo.width,
            height=photo.height,
            expires_at=expires,
        )
        hold.file.save(generated_name(photo), ContentFile(photo.content), save=False)
        hold.save()
        tokens.append(_token(key))
    if photos:
        purge_expired_holds(limit=PURGE_IN_PASSING)
    return tokens


def held_photos(*, browser: str | None, tokens: Sequence[str]) -> Held:
    """The held photos of `browser` named by `tokens`, ready to send as uploads."""
    rows, refused = _rows(browser, tokens)
    held = Held(refused=refused)
    for token, hold in rows:
        try:
            with hold.file.open("rb") as handle:
                content = handle.read()
        except OSError:
            held.refused += 1
            continue
        held.photos.append(
            CleanFile(
                kind="photo",
                content=content,
                extension=hold.extension,
                content_type=hold.content_type,
                size=hold.size,
                sha256=hold.sha256,
                original_name=hold.original_name,
                width=hold.width,
                height=hold.height,
            )
        )
        held.tokens.append(token)
    return held


def held_photo(*, browser: str | None, token: str) -> PhotoHold | None:
    rows, _refused = _rows(browser, [token])
    return rows[0][1] if rows else None


def _delete(holds: Sequence[PhotoHold]) -> int:
    names = [hold.file.name for hold in holds if hold.file]
    count, _detail = PhotoHold.objects.filter(pk__in=[h.pk for h in holds]).delete()
    storage = PhotoHold._meta.get_field("file").storage

    def remove_files() -> None:
        for name in names:
            storage.delete(name)

    transaction.on_commit(remove_files)
    return count


def release_holds(*, browser: str | None, tokens: Sequence[str]) -> int:
    """Delete the holds (and files) of `browser` named by `tokens`: used or removed."""
    rows, _refused = _rows(browser, tokens)
    return _delete([hold for _token, hold in rows])


def purge_expired_holds(*, now: datetime.datetime | None = None, limit: int | None = None) -> int:
    """Delete expired holds and their files; how many."""
    expired = PhotoHold.objects.filter(expires_at__lte=now or timezone.now()).order_by("pk")
    holds = list(expired[:limit] if limit else expired)
    return _delete(holds) if holds else 0
