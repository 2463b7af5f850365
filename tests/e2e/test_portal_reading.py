"""A citizen reads the public column on a 360×800 phone, with a finger or a keyboard.

Home → search "cuu nguoi duoi nuoc" typed without diacritics → the story. Each page is
checked with axe-core (no serious or critical violation), must not scroll sideways, and must
be usable by keyboard alone. The home page, photos included, must weigh under 300 KB.

Selectors are ids, names and classes (not labels), so the test reads the same before and after
the Vietnamese catalogue gains the portal's messages.
"""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from lantoa.exemplars.models import Publication
from tests.e2e.conftest import assert_accessible, assert_fits_phone
from tests.personas import build_world
from tests.portal import helpers
from tests.portal.helpers import publish, replicate

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HOME_BUDGET = 300 * 1024
TITLE = "Cứu người đuối nước ở hồ Sông Quao"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def _photos_like_a_phone_camera(monkeypatch) -> None:
    """Grainy photos compress badly: a fair test of the home page's weight."""

    def noisy_jpeg(width: int = 1600, height: int = 1200) -> bytes:
        noise = Image.effect_noise((width, height), 60).convert("RGB")
        tint = Image.new("RGB", (width, height), (40, 120, 200))
        out = io.BytesIO()
        Image.blend(noise, tint, 0.4).save(out, "JPEG", quality=92)
        return out.getvalue()

    monkeypatch.setattr(helpers, "jpeg", noisy_jpeg)


def _stories() -> Publication:
    world = build_world()
    story = publish(
        world,
        title=TITLE,
        summary="Anh lao xuống hồ cứu hai em nhỏ bị đuối nước giữa trưa.",
        featured=True,
        photos=2,
        show_photos=True,
        name_display="initials",
    )
    replicate(world, story, world.youth_a, world.youth_b)
    for i in range(3):
        publish(
            world,
            title=f"Lớp học tình thương số {i + 1}",
            summary="Chị mở lớp học miễn phí cho trẻ em nghèo.",
            featured=True,
            photos=1,
            show_photos=True,
        )
    for i in range(8):
        publish(
            world,
            title=f"Nhặt được của rơi trả người mất lần {i + 1}",
            summary="Em học sinh trả lại chiếc ví cho người đánh rơi.",
        )
    return story


def _check(page) -> None:
    assert page.locator("h1").count() == 1
    assert_accessible(page)
    assert_fits_phone(page)


def _active(page, expression: str) -> bool:
    return page.evaluate(
        f"() => {{ const el = document.activeElement; return !!el && ({expression}); }}"
    )


def _tab_to(page, expression: str, limit: int = 40) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if _active(page, expression):
            outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
            assert outline != "none", f"no visible focus on {expression}"
            return
    pytest.fail(f"Tab never reached {expression} on {page.url}")


def _transferred(page) -> int:
    """Bytes of every response the page needed (document, stylesheet, images)."""
    return page.evaluate(
        """() => performance.getEntriesByType('navigation').concat(
                 performance.getEntriesByType('resource'))
             .reduce((sum, e) => sum + Math.max(e.transferSize, e.decodedBodySize), 0)"""
    )


def test_a_citizen_finds_a_story_by_typing_without_diacritics(phone, live_server) -> None:
    story = _stories()
    page = phone
    base = live_server.url
    bodies: dict[str, int] = {}
    page.on(
        "response", lambda r: bodies.__setitem__(r.url, int(r.headers.get("content-length") or 0))
    )

    # 1. Home, on a phone: featured stories with small photos, everything under 300 KB.
    page.goto(f"{base}/")
    assert page.locator("html").get_attribute("lang") == "vi"
    page.mouse.wheel(0, 5000)  # bring every lazy image in
    page.wait_for_load_state("networkidle")
    size = _transferred(page)
    assert size < HOME_BUDGET, f"home page weighs {size} bytes: {bodies}"
    assert all(not url.endswith(("-640.jpg", "-1280.jpg")) for url in bodies), bodies
    assert page.locator(".card-photo").count() == 4
    _check(page)

    # 2. Keyboard only: Tab to the search box, type without diacritics, Enter.
    page.goto(f"{base}/")
    _tab_to(page, "el.id === 'site-q'")
    page.keyboard.type("cuu nguoi duoi nuoc")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/tim-kiem/\?q=cuu\+nguoi\+duoi\+nuoc"))
    assert page.locator("a.story-link").first.inner_text() == TITLE
    _check(page)

    # 3. Tab to the first result, Enter: the story.
    _tab_to(page, "el.classList.contains('story-link')")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/guong-sang/{story.pk}-cuu-nguoi-duoi-nuoc-o-ho"))
    assert page.locator("h1").inner_text() == TITLE
    assert page.locator(".spread").inner_text().startswith("2 ")
    assert page.locator(".photos img").count() == 2
    body = page.locator("main").inner_text()
    assert helpers.PHONE not in body and helpers.FULL_NAME not in body
    _check(page)
    _tab_to(page, "el.getAttribute('href') === '/dia-phuong/23059/'")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/dia-phuong/23059/$"))
    _check(page)


def test_the_list_can_be_filtered_with_the_keyboard(phone, live_server) -> None:
    _stories()
    page = phone
    page.goto(f"{live_server.url}/guong-sang/")
    _check(page)
    _tab_to(page, "el.tagName === 'SUMMARY'")
    page.keyboard.press("Enter")  # opens the filters
    _tab_to(page, "el.id === 'f-kind'")
    page.keyboard.press("ArrowDown")  # the first kind: good deed
    assert page.locator("#f-kind").input_value() == "good_deed"
    _tab_to(page, "el.type === 'submit' && !!el.closest('details')")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/guong-sang/\?kind=good_deed"))
    assert page.locator("details.filters").get_attribute("open") is not None
    _check(page)
    _tab_to(page, "el.classList.contains('story-link')")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/guong-sang/\d+-"))
    _check(page)


def test_a_search_without_result_helps(phone, live_server) -> None:
    _stories()
    page = phone
    page.goto(f"{live_server.url}/tim-kiem/?q=khong+co+gi+ca+xyz")
    assert page.locator("#no-result").is_visible()
    _check(page)
