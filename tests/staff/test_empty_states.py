"""An empty list says why it is empty and what to do next, in Vietnamese.

Nothing yet (the organisation has no record, the issuer no document) and nothing left by
the filters are different situations with different next steps: report a good deed or
draft a document; remove a filter.
"""

from __future__ import annotations

from django.test import Client

from lantoa.documents.services import create_issuer
from tests.exemplars.helpers import report
from tests.personas import World

NOTHING_WAITS = "Chưa có hồ sơ nào chờ bạn xử lý."
NO_MATCH = "Không có hồ sơ nào khớp bộ lọc — hãy bỏ bớt bộ lọc."
NO_RECORD_YET = "Các tổ chức của bạn chưa có hồ sơ nào."


def text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_an_empty_inbox_says_nothing_waits_and_where_the_records_are(login, world: World) -> None:
    html = text(login("xa.mttq").get("/staff/inbox/"))
    assert NOTHING_WAITS in html
    assert 'href="/staff/records/">Xem tất cả hồ sơ bạn được xem' in html
    assert NO_MATCH not in html


def test_an_inbox_filtered_to_nothing_says_to_remove_filters(login, world: World) -> None:
    report(world)  # waits for commune A's verifier
    client = login("xa.mttq")
    assert NOTHING_WAITS not in text(client.get("/staff/inbox/"))
    html = text(client.get("/staff/inbox/", {"q": "không có chữ này"}))
    assert NO_MATCH in html
    assert NOTHING_WAITS not in html
    assert 'href="/staff/inbox/">Xoá bộ lọc' in html


def test_an_empty_register_of_records_invites_a_reporter_to_report(login, world: World) -> None:
    html = text(login("xa.doan").get("/staff/records/"))
    assert NO_RECORD_YET in html
    assert 'href="/staff/records/new/">Báo tin gương tốt' in html


def test_an_org_admin_who_may_not_report_gets_no_report_link(login, world: World) -> None:
    html = text(login("xa.quantri").get("/staff/records/"))
    assert NO_RECORD_YET in html
    assert 'href="/staff/records/new/"' not in html.split('data-testid="empty-state"')[1]


def test_records_filtered_to_nothing_say_to_remove_filters(login, world: World) -> None:
    report(world)
    html = text(login("xa.doan").get("/staff/records/", {"q": "không có chữ này"}))
    assert NO_MATCH in html and NO_RECORD_YET not in html


def test_the_register_of_documents_says_nothing_was_issued_or_nothing_matches(
    login, world: World
) -> None:
    issuer = create_issuer(
        actor=world.user("quantri"),
        org=world.front_a,
        name="Ủy ban nhân dân xã Hàm Thuận",
        parent_name="Ủy ban nhân dân tỉnh Lâm Đồng",
        code="UBND",
        style="state",
        place="Hàm Thuận",
    )
    client: Client = login("xa.mttq")
    url = f"/staff/documents/issuers/{issuer.pk}/"
    html = text(client.get(url))
    assert "Cơ quan này chưa ban hành văn bản nào." in html
    assert f'href="/staff/documents/issuers/{issuer.pk}/new/">' in html
    html = text(client.get(url, {"q": "không có chữ này"}))
    assert "Không có văn bản nào khớp bộ lọc — hãy bỏ bớt bộ lọc." in html
    assert "Cơ quan này chưa ban hành văn bản nào." not in html
