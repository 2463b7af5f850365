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


# --- Shared addresses, the proof step and held photos (issue 11, parts 5 and 6) --------------

# How a person reads the numbers of the question (in Vietnamese, the portal's language).
VI_NUMBERS = {
    "một": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
    "mười": 10,
}
QUESTION_RE = re.compile(r'id="proof-question">([^<]+)<')


def jpeg(size: tuple[int, int] = (64, 48), colour: tuple[int, int, int] = (200, 60, 40)) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG")
    return out.getvalue()


def hidden(response, name: str) -> list[str]:
    """The values of the hidden inputs `name` of a page, in order."""
    return re.findall(rf'<input type="hidden" name="{name}" value="([^"]+)"', text(response))


def asks_proof(response) -> bool:
    return 'id="proof-step"' in text(response)


def answer(response) -> str:
    """Read the question as a person does ("Hỏi: bảy cộng năm bằng bao nhiêu?") and answer
    it in digits."""
    match = QUESTION_RE.search(text(response))
    assert match, text(response)[:3000]
    words = [w.strip(":?,.").lower() for w in match.group(1).split()]
    numbers = [VI_NUMBERS[w] for w in words if w in VI_NUMBERS]
    assert len(numbers) == 2, match.group(1)
    return str(sum(numbers))


def send_again(client, world: World, response, ip: str = "203.0.113.7", **extra):
    """Send the form shown again as it stands (its token, held photos and proof question),
    answering the question if there is one."""
    values = data(world, **extra)
    values["started"] = hidden(response, "started")[0]
    values["held"] = hidden(response, "held")
    if asks_proof(response):
        values["proof"] = hidden(response, "proof")[0]
        values["proof_answer"] = answer(response)
    return client.post(URL, values, REMOTE_ADDR=ip)
