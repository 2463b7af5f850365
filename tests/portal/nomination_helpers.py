"""Helpers of the citizen nomination tests: the form's data, sending it, reading the answer.

Expected texts go through `t()` (gettext in Vietnamese), so the tests read the same before
and after the lead merges tests/portal/nominations_vi.py into the catalogue.
"""

from __future__ import annotations

import re
import time

from django.utils import translation

from lantoa.core.intake.guard import FormToken
from lantoa.nominations import guard
from tests.personas import World

WHAT = "Chị Lan nhặt được ví có 20 triệu đồng ở chợ Hàm Thuận và trả lại cho người đánh rơi."
CODE_RE = re.compile(r'id="tracking-code"[^>]*>(LT-[A-Z0-9]{5}-[A-Z0-9]{5})<')
URL = "/bao-tin/"


def t(msgid: str) -> str:
    with translation.override("vi"):
        return translation.gettext(msgid)


def text(response) -> str:
    return response.content.decode()


def token(started: float | None = None) -> str:
    return guard.FORM.issue_token(
        FormToken(started=time.time() - 60 if started is None else started, nonce=nonce())
    )


_counter = iter(range(10**6))


def nonce() -> str:
    return f"n{next(_counter)}"


def data(world: World, **extra) -> dict:
    values = {
        "what": WHAT,
        "province": world.province_unit.code,
        "commune": world.unit_a.code,
        "place": "Chợ Hàm Thuận",
        "when": "2026-11-20",
        "who": "Nguyễn Thị Lan",
        "started": token(),
        "website": "",
    }
    values.update(extra)
    return {k: v for k, v in values.items() if v is not None}


def send(client, world: World, ip: str = "203.0.113.7", **extra):
    return client.post(URL, data(world, **extra), REMOTE_ADDR=ip)


def code_of(response) -> str:
    match = CODE_RE.search(text(response))
    assert match, text(response)[:2000]
    return match.group(1)
