"""One product on a 360 px phone: the portal, the staff app and the error pages share the
mark, the header colour and the type, load the favicon, pass axe (no serious or critical
violation, contrast included) and never scroll sideways. Error pages are served by the live
server with DEBUG off, the 500 through a view that raises."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.e2e.conftest import assert_accessible, assert_fits_phone
from tests.personas import PASSWORD, build_world
from tests.portal.helpers import publish

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("tests.core.error_urls"),
]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


def identity(page: Any) -> dict[str, Any]:
    """What makes the look: the header's colour, the body's type, the mark, the favicon."""
    return page.evaluate(
        """async () => {
          const header = document.querySelector('header .lt-brand').closest('header, nav');
          const bar = getComputedStyle(header).backgroundColor !== 'rgba(0, 0, 0, 0)'
            ? header : header.parentElement;
          const icon = document.querySelector('link[rel=icon][type="image/svg+xml"]');
          const status = icon ? (await fetch(icon.href)).status : 0;
          return {
            header: getComputedStyle(bar).backgroundColor,
            font: getComputedStyle(document.body).fontFamily,
            mark: !!document.querySelector('header svg.lt-mark'),
            name: document.querySelector('header .lt-name').textContent,
            icon: status,
          };
        }"""
    )


def check(page: Any) -> dict[str, Any]:
    assert_accessible(page)
    assert_fits_phone(page)
    return identity(page)


def test_portal_staff_and_error_pages_are_one_product(live_server, phone) -> None:
    world = build_world()
    publish(world, title="Cứu người đuối nước ở hồ Sông Quao")
    base = live_server.url
    phone.set_default_timeout(60_000)  # a shared, loaded CI box
    looks = {}

    phone.goto(f"{base}/")
    looks["portal"] = check(phone)

    response = phone.goto(f"{base}/khong-co-trang-nay/")
    assert response.status == 404
    assert phone.locator("h1").inner_text() == "Không tìm thấy trang"
    looks["404"] = check(phone)

    response = phone.goto(f"{base}/__tests__/broken/")
    assert response.status == 500
    assert phone.locator("h1").inner_text() == "Lỗi hệ thống"
    looks["500"] = check(phone)

    phone.goto(f"{base}/accounts/login/")
    looks["login"] = check(phone)
    phone.locator("input[name=username]").fill("xa.mttq")
    phone.locator("input[name=password]").fill(PASSWORD)
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_url(re.compile(r"/staff/$"))
    looks["staff"] = check(phone)

    phone.goto(f"{base}/staff/records/?q=khong-co-ho-so-nay")
    assert "bỏ bớt bộ lọc" in phone.get_by_test_id("empty-state").inner_text()
    looks["records"] = check(phone)

    first = looks["portal"]
    assert first["header"] == "rgb(138, 28, 28)"
    assert first["mark"] and first["name"] == "Lan Tỏa" and first["icon"] == 200
    for name, look in looks.items():
        assert look == first, (name, look)


def test_favicon_ico_answers_at_the_root_of_the_live_server(live_server, phone) -> None:
    response = phone.request.get(f"{live_server.url}/favicon.ico")
    assert response.status == 200
    assert response.body()[:4] == b"\x00\x00\x01\x00"
    assert response.headers["content-type"] == "image/x-icon"
