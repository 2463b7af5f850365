"""The record page's pieces are drawn once per what they show (`staff.views.record_pieces`,
issue 15, session 10): the next view draws none of them and is the same page; every write
that shows on the page is seen by the next view through the services; what one actor may
see or do never reaches another through a kept piece; the forms in the pieces carry the
request's own CSRF token; a record outside the actor's scope is still a 404."""

from __future__ import annotations

import datetime
import re

import pytest
import redis
from django.test import Client
from django.urls import reverse

from lantoa.exemplars import consent as consent_services
from lantoa.exemplars import services
from lantoa.exemplars.models import Consent, Record
from lantoa.exemplars.services import ReportChanges
from lantoa.orgs.services import update_organisation
from lantoa.staff import fragments
from lantoa.staff.views import record_pieces
from tests.exemplars.helpers import report, step
from tests.personas import World
from tests.redis_cache import REDIS, use_redis
from tests.staff.helpers import replicated, verified

VI = {"Accept-Language": "vi"}
PHONE = "0912345678"


@pytest.fixture(autouse=True)
def _fresh_pieces():
    """Each test starts with no piece kept in this process."""
    fragments.forget_local()
    yield
    fragments.forget_local()


@pytest.fixture
def drawn(monkeypatch) -> list[str]:
    """The pieces' templates drawn, in order."""
    names: list[str] = []
    draw = record_pieces.render_to_string

    def counting(name, context=None, *args, **kwargs):
        names.append(name)
        return draw(name, context, *args, **kwargs)

    monkeypatch.setattr(record_pieces, "render_to_string", counting)
    return names


@pytest.fixture
def redis_cache(settings, django_capture_on_commit_callbacks):
    """Production's cache: Redis shared by every process, versions watched (decision 142)."""
    for prefix in use_redis(settings):
        with django_capture_on_commit_callbacks(execute=True):
            yield prefix


def _url(record: Record) -> str:
    return reverse("staff:record_detail", args=[record.pk])


def _page(client: Client, record: Record) -> str:
    response = client.get(_url(record), headers=VI)
    assert response.status_code == 200
    return response.content.decode()


def _unmasked(page: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


def _with_phone(world: World) -> Record:
    return report(
        world,
        new_subject=services.SubjectInput(full_name="Nguyễn Văn Ân", birth_year=1995, phone=PHONE),
    )


def test_the_second_view_draws_no_piece_and_is_the_same_page(login, world: World, drawn) -> None:
    record = verified(world, _with_phone(world), note="Đã gặp gia đình")
    services.add_honour(actor=world.user("xa.mttq"), record=record, text="Bằng khen")
    client = login("xa.mttq")
    first = _page(client, record)
    assert record_pieces.TIMELINE in drawn and record_pieces.HONOURS in drawn
    assert record_pieces.CONSENTS in drawn and record_pieces.ACTIONS in drawn
    drawn.clear()
    again = _page(client, record)
    assert drawn == [] and _unmasked(again) == _unmasked(first)


def test_a_step_shows_at_once_in_the_timeline_the_badge_and_the_actions(
    login, world: World
) -> None:
    record = report(world)
    client = login("xa.mttq")
    before = _page(client, record)
    assert 'value="verify"' in before and 'data-action="verify"' not in before
    step(world, record, "xa.mttq", "verify", note="Đã xác minh tại nhà")
    after = _page(client, record)
    assert 'data-action="verify"' in after and "Đã xác minh tại nhà" in after
    assert 'value="verify"' not in after


def test_an_honour_shows_at_once(login, world: World) -> None:
    record = verified(world)
    client = login("xa.mttq")
    assert "Bằng khen của tỉnh" not in _page(client, record)
    services.add_honour(actor=world.user("xa.mttq"), record=record, text="Bằng khen của tỉnh")
    assert "Bằng khen của tỉnh" in _page(client, record)


def test_a_replication_and_its_confirmation_show_at_once(login, world: World) -> None:
    record = verified(world)
    client = login("xab.doan")
    _page(client, record)
    replication = replicated(world, record)
    confirm = reverse("staff:record_replication_confirm", args=[record.pk, replication.pk])
    page = _page(client, record)
    assert "Mở lớp dạy bơi" in page and confirm in page
    services.confirm_replication(actor=world.user("xab.doan"), replication=replication)
    page = _page(client, record)
    assert "Mở lớp dạy bơi" in page and confirm not in page


def test_a_consent_recorded_and_withdrawn_shows_at_once(login, world: World) -> None:
    record = report(world)
    client = login("xa.doan")
    assert "Đồng ý trực tiếp." not in _page(client, record)
    consent = consent_services.record_consent(
        evidence_kind="in_person",
        evidence_note="Đồng ý trực tiếp.",
        actor=world.user("xa.doan"),
        subject=record.subject,
        purpose="publish_story",
        given_by="subject",
        given_on=datetime.date(2025, 6, 1),
    )
    withdraw = reverse("staff:record_consent_withdraw", args=[record.pk, consent.pk])
    page = _page(client, record)
    assert "Đồng ý trực tiếp." in page and withdraw in page
    consent_services.withdraw_consent(actor=world.user("xa.doan"), consent=consent)
    page = _page(client, record)
    assert withdraw not in page and Consent.objects.get(pk=consent.pk).withdrawn_at is not None


def test_the_persons_contact_and_a_completed_report_show_at_once(login, world: World) -> None:
    record = step(world, _with_phone(world), "xa.mttq", "return", note="Cần thêm địa chỉ")
    client = login("xa.doan")
    assert "Thôn 3, xã A" not in _page(client, record)
    step(
        world,
        record,
        "xa.doan",
        "resubmit",
        note="Đã bổ sung",
        changes=ReportChanges(title="Cứu hai em nhỏ", address="Thôn 3, xã A"),
    )
    page = _page(client, record)
    assert "Thôn 3, xã A" in page and "Cứu hai em nhỏ</h1>" in page


def test_a_renamed_handling_organisation_shows_at_once(login, world: World) -> None:
    record = report(world)
    client = login("xa.mttq")
    assert world.front_a.name in _page(client, record)
    update_organisation(
        actor=world.user("quantri"),
        org=world.front_a,
        name="Ủy ban MTTQ xã (tên mới)",
        kind=world.front_a.kind,
        admin_unit=world.front_a.admin_unit,
    )
    assert "Ủy ban MTTQ xã (tên mới)" in _page(client, record)


def test_the_persons_contact_never_reaches_an_actor_outside_their_tree(login, world: World) -> None:
    """The same record, the subject piece kept for an officer of the person's tree: an
    officer of another tree sees the record (shared once verified) without the contact, the
    consents or their forms."""
    record = verified(world, _with_phone(world))
    inside = _page(login("xa.mttq"), record)
    assert PHONE in inside and 'id="consents-title"' in inside
    outside = _page(login("xab.doan"), record)
    assert PHONE not in outside and 'id="consents-title"' not in outside
    assert "Nguyễn Văn Ân" in page_text_of(outside)
    # and back: what the outsider's view kept does not hide the contact from the insider
    assert PHONE in _page(login("xa.mttq"), record)


def page_text_of(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def test_the_next_steps_are_each_actors_own(login, world: World) -> None:
    record = report(world)
    verifier = _page(login("xa.mttq"), record)
    assert 'id="actions-title"' in verifier and 'value="verify"' in verifier
    reporter = _page(login("xa.doan"), record)
    assert 'value="verify"' not in reporter


def test_a_record_outside_the_scope_is_not_found_with_its_pieces_kept(login, world: World) -> None:
    record = report(world)  # unverified: only the reporting tree sees it
    assert login("xa.mttq").get(_url(record), headers=VI).status_code == 200
    assert login("xab.doan").get(_url(record), headers=VI).status_code == 404


def test_a_kept_pieces_form_carries_the_requests_own_token(world: World) -> None:
    """The token drawn into a kept piece is replaced by one of the request's: a form posted
    from the page passes the CSRF check, on the first view and on a later one."""
    record = verified(world)
    for _ in range(2):
        client = Client(enforce_csrf_checks=True)
        client.force_login(world.user("xa.mttq"))
        page = _page(client, record)
        assert record_pieces._MARK not in page
        honour = re.search(
            r'action="{}".*?name="csrfmiddlewaretoken" value="([^"]+)"'.format(
                re.escape(reverse("staff:record_honour", args=[record.pk]))
            ),
            page,
            re.S,
        )
        assert honour is not None
        url = reverse("staff:record_honour", args=[record.pk])
        wrong = {"csrfmiddlewaretoken": "x" * 64, "honour-text": "Giấy khen giả"}
        assert client.post(url, wrong, headers=VI).status_code == 403
        data = {"csrfmiddlewaretoken": honour.group(1), "honour-text": f"Giấy khen {_}"}
        assert client.post(url, data, headers=VI).status_code == 302
    assert [h.text for h in record.honours.order_by("id")] == ["Giấy khen 0", "Giấy khen 1"]


def test_a_refused_step_is_drawn_with_what_was_typed(login, world: World, drawn) -> None:
    record = verified(world)
    client = login("xa.mttq")
    _page(client, record)
    drawn.clear()
    response = client.post(
        reverse("staff:record_honour", args=[record.pk]), {"honour-text": ""}, headers=VI
    )
    assert response.status_code == 200 and record_pieces.HONOURS in drawn
    assert "<details open>" in _honours(response.content.decode())
    # the blank form is still the one kept for the next plain view
    assert "<details open>" not in _honours(_page(client, record))


def _honours(page: str) -> str:
    return page.split('id="honours-title"')[1].split("</section>")[0]


def test_another_process_finds_the_shared_pieces_and_draws_only_the_personal_ones(
    redis_cache, login, world: World, drawn
) -> None:
    """The pieces without personal data go through the shared cache (decision 181): a
    process that lacks them finds them there; the person's and the consents' pieces are
    drawn by each process and never reach Redis."""
    record = verified(world, _with_phone(world), note="Đã gặp gia đình")
    services.add_honour(actor=world.user("xa.mttq"), record=record, text="Bằng khen")
    client = login("xa.mttq")
    first = _page(client, record)
    assert PHONE in first and record_pieces.HONOURS in drawn
    fragments.forget_local()  # as another process sees the cache
    drawn.clear()
    again = _page(client, record)
    assert drawn == [record_pieces.SUBJECT, record_pieces.CONSENTS]
    assert _unmasked(again) == _unmasked(first)
    server = redis.Redis.from_url(REDIS)
    stored = [server.get(key) or b"" for key in server.scan_iter(match=f"{redis_cache}:*")]
    assert any("Bằng khen".encode() in value for value in stored)
    assert not any(PHONE.encode() in value for value in stored)
    assert not any(b'id="consents-title"' in value for value in stored)
