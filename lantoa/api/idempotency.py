"""`Idempotency-Key` for the API's writes: a retried request gets the first answer.

The key's row is inserted in the same transaction as the write it guards. Two requests with
the same key at once: the second insert waits on the unique index until the first commits,
then finds the stored answer (PostgreSQL; SQLite runs writers one at a time anyway). A write
that fails rolls its key back with it, so a retry after an error is tried again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import ValidationError
from ninja.params.functions import Header

from lantoa.accounts.models import User
from lantoa.api.errors import ApiError
from lantoa.api.models import IdempotentAnswer
from lantoa.api.parser import NUL, nul_error

KEY_MAX = 80
HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"


def key_header() -> Any:
    """The header parameter, declared alike on every endpoint that accepts it."""
    return Header(
        None,
        alias=HEADER,
        max_length=KEY_MAX,
        description="Any string up to 80 characters; a retry with the same key gets the "
        "answer of the first call (and the header `Idempotent-Replayed: true`)",
    )


class KeyReused(ApiError):
    status = 409
    code = "idempotency_key_reused"

    def default_message(self) -> str:
        return _("This Idempotency-Key was already used for another request.")


def clean_key(raw: str | None) -> str | None:
    if raw is not None and NUL in raw:
        raise ValidationError([nul_error("header", [HEADER])])
    return (raw or "").strip() or None


def once(
    request: HttpRequest,
    *,
    user: User,
    key: str | None,
    schema: type[Schema],
    run: Callable[[], tuple[int, Any]],
    replay_status: int | None = None,
) -> tuple[int, Any]:
    """`run()` once per (user, key); its `(status, data)` is stored rendered with `schema`
    and answered again to a retry (with `replay_status` instead of the stored status when
    given: a replayed creation is a 200, not a second 201). Without a key, simply `run()`."""
    key = clean_key(key)
    if key is None:
        return run()
    operation = f"{request.method} {request.path}"[:255]
    fingerprint = hashlib.sha256(operation.encode() + b"\n" + request.body).hexdigest()
    with transaction.atomic():
        try:
            with transaction.atomic():
                entry = IdempotentAnswer.objects.create(
                    user=user,
                    key=key,
                    operation=operation,
                    fingerprint=fingerprint,
                    status=0,
                    body={},
                )
        except IntegrityError:
            first = IdempotentAnswer.objects.get(user=user, key=key)
            if first.fingerprint != fingerprint:
                raise KeyReused() from None
            request.idempotent_replay = True  # type: ignore[attr-defined]
            return replay_status or first.status, first.body
        status, data = run()
        entry.status = status
        entry.body = schema.model_validate(data).model_dump(mode="json")
        entry.save(update_fields=["status", "body"])
    return status, data


def mark_replay(request: HttpRequest, response: Any) -> None:
    if getattr(request, "idempotent_replay", False):
        response[REPLAYED_HEADER] = "true"
