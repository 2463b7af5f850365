"""The product's own error pages: Vietnamese first, in the product's look, with the right status.

The test client runs with DEBUG off, as `make run` does now (tests/core/test_run_server.py
starts that server itself). 500 goes through a view that raises; 403 through a view that
refuses and through a form whose CSRF token is missing; 400 through a host the server does
not serve; 410 through a story taken down.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.template import loader
from django.test import Client
from django.utils import translation

from tests.exemplars.helpers import report
from tests.personas import World
from tests.portal.helpers import publish, unpublish

pytestmark = pytest.mark.urls("tests.core.error_urls")


def looks_like_the_product(html: str) -> None:
    """The shared frame: stylesheet, favicon, the brand in the header, the footer."""
    assert "/static/lantoa/identity.css" in html
    assert 'rel="icon" href="/static/lantoa/favicon.svg"' in html
    assert 'class="lt-brand"' in html and "Lan Tỏa" in html
    assert "<footer" in html
    assert "Traceback" not in html and "DEBUG" not in html


def test_a_missing_page_answers_404_in_vietnamese(db: None, client: Client) -> None:
    response = client.get("/khong-co-trang-nay/")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="vi">' in html
    assert "Không tìm thấy trang" in html
    assert "Trang này không tồn tại hoặc bạn không có quyền truy cập." in html
    looks_like_the_product(html)


def test_the_404_page_speaks_english_to_a_reader_who_chose_it(db: None, client: Client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/khong-co-trang-nay/").content.decode()
    assert '<html lang="en">' in html and "Page not found" in html


def test_another_organisations_record_is_the_same_404_page(login, world: World) -> None:
    record = report(world, "xab.doan", title="Hồ sơ của xã B")
    response = login("xa.doan").get(f"/staff/records/{record.pk}/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()
    assert "Hồ sơ của xã B" not in response.content.decode()


def test_a_failing_view_answers_the_500_page_in_vietnamese(db: None) -> None:
    client = Client(raise_request_exception=False)
    response = client.get("/__tests__/broken/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Lỗi hệ thống" in html
    assert "Vui lòng thử lại sau ít phút." in html
    assert "a bug in a view" not in html
    looks_like_the_product(html)


def test_the_500_page_renders_without_database_request_or_user() -> None:
    """No `db` fixture: any query here would fail the test. No request, no context."""
    with translation.override(settings.LANGUAGE_CODE):
        html = loader.get_template("500.html").render()
    assert "Lỗi hệ thống" in html
    looks_like_the_product(html)


def test_a_refused_action_answers_403_in_vietnamese(db: None, client: Client) -> None:
    response = client.get("/__tests__/forbidden/")
    assert response.status_code == 403
    assert "Không được phép" in response.content.decode()
    looks_like_the_product(response.content.decode())


def test_a_form_without_its_csrf_token_answers_403_in_vietnamese(db: None) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in html
    assert "CSRF verification failed" not in html
    looks_like_the_product(html)


def test_a_host_the_server_does_not_serve_answers_400_in_vietnamese(db: None) -> None:
    response = Client(HTTP_HOST="lantoa.example.invalid").get("/")
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()
    looks_like_the_product(response.content.decode())


def test_a_story_taken_down_answers_410_in_vietnamese_in_the_portal_look(
    world: World, client: Client
) -> None:
    story = publish(world, title="Câu chuyện sẽ được gỡ")
    unpublish(world, story)
    response = client.get(f"/guong-sang/{story.pk}/")
    html = response.content.decode()
    assert response.status_code == 410
    assert "Câu chuyện này không còn được đăng" in html
    assert "Câu chuyện sẽ được gỡ" not in html
    looks_like_the_product(html)


def test_favicon_ico_is_served_at_the_root(db: None, client: Client) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an ICO header
    assert "max-age=86400" in response["Cache-Control"]


@pytest.mark.parametrize(
    "path", ["lantoa/favicon.svg", "lantoa/favicon-32.png", "lantoa/identity.css"]
)
def test_the_shared_identity_files_are_served_from_static(
    db: None, client: Client, path: str
) -> None:
    response = client.get(f"/static/{path}")
    assert response.status_code == 200
