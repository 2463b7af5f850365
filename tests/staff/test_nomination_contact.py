"""Issue 11, part 7: the contact a citizen left with a nomination (name, phone, e-mail,
with consent to be contacted) is on the record page for the handling organisation's
officers only, each showing audited; never in lists, exports or the API; and the record
made from a nomination has a readable title."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lantoa.audit.models import AuditEvent
from lantoa.exemplars.models import Record
from lantoa.nominations.services import submit_nomination
from tests.exemplars.helpers import step
from tests.personas import World
from tests.staff.helpers import page_text

WHAT = (
    "Chị Lan nhặt được ví có 20 triệu đồng ở chợ Hàm Thuận. Chị đã mang lên công an xã để "
    "trả lại cho người đánh rơi ngay trong buổi sáng hôm đó mà không nhận tiền cảm ơn, "
    "bà con trong chợ ai cũng khen ngợi việc làm của chị."
)
NAME, PHONE, EMAIL = "Trần Văn Báo", "0912345678", "bao.tin@example.vn"
VIEWED = "nominations.contact.viewed"
VI = {"Accept-Language": "vi"}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _nominate(world: World, **contact) -> Record:
    fields = {
        "contact_name": NAME,
        "contact_phone": PHONE,
        "contact_email": EMAIL,
        "contact_consent": True,
    }
    fields.update(contact)
    nomination = submit_nomination(
        what=WHAT, commune=world.unit_a, when=None, who="Nguyễn Thị Lan", ip="203.0.113.9",
        **fields,
    )  # fmt: skip
    return nomination.record


def _detail(client, record: Record):
    return client.get(reverse("staff:record_detail", args=[record.pk]), headers=VI)


@pytest.mark.parametrize("username", ["xa.mttq", "tinh.mttq"])
def test_the_handling_organisations_officers_see_the_contact(login, world, username) -> None:
    record = _nominate(world)
    assert record.handling_org == world.front_a

    page = page_text(_detail(login(username), record))

    assert NAME in page and PHONE in page and EMAIL in page
    assert f'href="tel:{PHONE}"' in page
    event = AuditEvent.objects.get(action=VIEWED)
    assert event.actor == world.user(username)
    assert event.changes["fields"] == [None, ["contact_name", "contact_phone", "contact_email"]]
    assert PHONE not in str(event.changes) and EMAIL not in str(event.changes)


def test_each_showing_is_audited(login, world) -> None:
    record = _nominate(world)
    client = login("xa.mttq")
    _detail(client, record)
    _detail(client, record)
    assert AuditEvent.objects.filter(action=VIEWED, actor=world.user("xa.mttq")).count() == 2


@pytest.mark.parametrize("username", ["xa.quantri", "tinh.tuyengiao", "xa.doan", "xab.doan"])
def test_no_one_else_sees_it_even_when_the_record_is_shared(login, world, username) -> None:
    record = _nominate(world)
    step(world, record, "xa.mttq", "verify")  # verified: readable across the province

    response = _detail(login(username), record)

    assert response.status_code == 200
    page = page_text(response)
    assert PHONE not in page and EMAIL not in page and NAME not in page
    assert 'data-testid="nomination-contact"' not in page
    assert not AuditEvent.objects.filter(action=VIEWED).exists()


def test_another_tree_gets_404_for_an_unverified_nomination(login, world) -> None:
    record = _nominate(world)
    assert _detail(login("xab.doan"), record).status_code == 404


def test_a_nomination_without_contact_says_so_and_audits_nothing(login, world) -> None:
    record = _nominate(world, contact_name="", contact_phone="", contact_email="")
    page = page_text(_detail(login("xa.mttq"), record))
    assert 'data-testid="nomination-contact"' in page
    assert "Người dân không để lại thông tin liên hệ." in page
    assert not AuditEvent.objects.filter(action=VIEWED).exists()


def test_the_contact_is_never_in_lists_or_the_audit_export(login, world) -> None:
    record = _nominate(world)
    client = login("xa.mttq")
    _detail(client, record)  # one showing, audited

    for name in ("staff:inbox", "staff:record_list"):
        listed = page_text(client.get(reverse(name), headers=VI))
        assert record.title in listed
        assert PHONE not in listed and EMAIL not in listed and NAME not in listed
    # The organisation's admin exports its audit log: the showing is there, the contact not.
    admin = login("xa.quantri")
    export = b"".join(admin.get(reverse("staff:audit_export")).streaming_content).decode()
    assert VIEWED in export
    assert PHONE not in export and EMAIL not in export and NAME not in export


def test_a_record_made_from_a_nomination_has_a_readable_title(login, world) -> None:
    record = _nominate(world)

    assert record.title == "Chị Lan nhặt được ví có 20 triệu đồng ở chợ Hàm Thuận"
    assert "…" not in record.title
    listed = page_text(login("xa.mttq").get(reverse("staff:inbox"), headers=VI))
    assert record.title in listed


def test_after_a_proposal_the_contact_follows_the_handling_organisation(login, world) -> None:
    record = _nominate(world)
    step(world, record, "xa.mttq", "verify")
    step(world, record, "xa.mttq", "propose", target_org=world.front, note="Đề nghị tỉnh")
    record.refresh_from_db()
    assert record.handling_org == world.front

    assert PHONE not in page_text(_detail(login("xa.mttq"), record))
    assert PHONE in page_text(_detail(login("tinh.mttq"), record))
    assert list(
        AuditEvent.objects.filter(action=VIEWED).values_list("actor__username", flat=True)
    ) == ["tinh.mttq"]
