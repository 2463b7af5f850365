"""An organisation's administrator retires an issuer that no longer signs documents (and
puts it back to work): its register stays readable, nothing new is drafted, numbered or
recorded for it."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lantoa.audit.models import AuditEvent
from lantoa.core.errors import DomainError
from lantoa.documents import services
from lantoa.documents.models import Document, Issuer, IssuerTerm
from tests.documents.conftest import make_state_issuer
from tests.staff.test_documents_views import DRAFT

RETIRED = "Cơ quan ban hành này đã ngừng ban hành văn bản."


def _draft(world, issuer: Issuer) -> Document:
    return services.create_draft(
        actor=world.user("xa.mttq"),
        issuer=issuer,
        doc_type="decision",
        summary="Về việc tặng Giấy khen",
        signer_title="Chủ tịch",
        signer_name="Nguyễn Thị Ấn",
    )


def _retire(client, issuer: Issuer, retire: str = "1"):
    return client.post(
        reverse("staff:issuer_retirement", args=[issuer.pk]), {"retire": retire}, follow=True
    )


def test_an_org_admin_retires_an_issuer_and_its_register_stays(login, world) -> None:
    issuer = make_state_issuer(world)
    draft = _draft(world, issuer)
    client = login("xa.quantri")
    register = reverse("staff:issuer_register", args=[issuer.pk])
    assert "Ngừng ban hành" in client.get(register).content.decode()

    page = _retire(client, issuer).content.decode()

    issuer.refresh_from_db()
    assert issuer.retired_at is not None
    assert "Đã ngừng: cơ quan này không ban hành văn bản nữa." in page
    assert "Ngừng ban hành từ ngày" in page and "Cho hoạt động trở lại" in page
    assert reverse("staff:document_new", args=[issuer.pk]) not in page
    assert draft.summary in page  # its drafts and register are still there
    home = client.get(reverse("staff:document_home")).content.decode()
    assert "ngừng ban hành" in home
    event = AuditEvent.objects.get(action="documents.issuer.retired")
    assert event.changes["retired_at"][0] is None


def test_a_retired_issuer_drafts_numbers_records_and_starts_nothing(world) -> None:
    issuer = make_state_issuer(world)
    per_term = make_state_issuer(world, name="Ban Thường vụ", period="term")
    external = make_state_issuer(world, name="Hội đồng thi đua", external=True)
    draft = _draft(world, issuer)
    admin, leader = world.user("xa.quantri"), world.user("xa.mttq")
    for each in (issuer, per_term, external):
        services.set_issuer_retired(actor=admin, issuer=each, retired=True)

    refusals = []
    for attempt in (
        lambda: _draft(world, issuer),
        lambda: services.issue_document(actor=leader, document=draft),
        lambda: services.start_term(
            actor=admin, issuer=per_term, label="2025-2030", starts_on=datetime.date(2025, 10, 1)
        ),
        lambda: services.record_external_document(
            actor=leader,
            issuer=external,
            doc_type="decision",
            number=12,
            symbol="QĐ-HĐTĐ",
            issued_on=datetime.date(2026, 3, 2),
            summary="Về việc khen thưởng",
            signer_title="Chủ tịch",
            signer_name="Lê Văn Bảo",
            scan=SimpleUploadedFile("qd.pdf", b"%PDF-1.4 scan", content_type="application/pdf"),
        ),
    ):
        with pytest.raises(DomainError) as refused:
            attempt()
        refusals.append(refused.value.code)

    assert refusals == ["issuer_retired"] * 4
    draft.refresh_from_db()
    assert (draft.state, draft.number) == ("draft", None)
    assert Document.objects.count() == 1 and not IssuerTerm.objects.exists()


def test_a_draft_sent_after_retirement_keeps_what_was_typed(login, world) -> None:
    issuer = make_state_issuer(world)
    client = login("xa.mttq")
    url = reverse("staff:document_new", args=[issuer.pk])
    services.set_issuer_retired(actor=world.user("xa.quantri"), issuer=issuer, retired=True)

    sent = client.post(url, DRAFT)
    opened = client.get(url, follow=True)

    assert sent.status_code == 200
    assert RETIRED in sent.content.decode() and DRAFT["summary"] in sent.content.decode()
    assert opened.redirect_chain[-1][0] == reverse("staff:issuer_register", args=[issuer.pk])
    assert RETIRED in opened.content.decode()
    assert not Document.objects.exists()


def test_pressing_twice_retires_once_and_it_comes_back_to_work(login, world) -> None:
    issuer = make_state_issuer(world)
    client = login("xa.quantri")
    _retire(client, issuer)
    _retire(client, issuer)
    assert AuditEvent.objects.filter(action="documents.issuer.retired").count() == 1

    page = _retire(client, issuer, retire="0").content.decode()

    issuer.refresh_from_db()
    assert issuer.retired_at is None
    assert "Đã hoạt động trở lại" in page
    assert AuditEvent.objects.filter(action="documents.issuer.reinstated").count() == 1
    assert _draft(world, issuer).issuer == issuer


@pytest.mark.parametrize("username", ["xa.mttq", "xab.doan"])
def test_only_its_administrators_retire_an_issuer(login, world, username) -> None:
    issuer = make_state_issuer(world)
    client = login(username)
    url = reverse("staff:issuer_retirement", args=[issuer.pk])
    assert client.post(url, {"retire": "1"}).status_code == 404
    if username == "xa.mttq":  # reads the register, without the button
        register = client.get(reverse("staff:issuer_register", args=[issuer.pk]))
        assert url not in register.content.decode()
    issuer.refresh_from_db()
    assert issuer.retired_at is None


def test_retiring_is_a_post_and_another_organisations_issuer_is_not_found(login, world) -> None:
    other = make_state_issuer(world, org=world.front_b, name="Ủy ban nhân dân xã B")
    mine = make_state_issuer(world)
    client = login("xa.quantri")
    assert client.post(reverse("staff:issuer_retirement", args=[other.pk])).status_code == 404
    assert client.get(reverse("staff:issuer_retirement", args=[mine.pk])).status_code == 405
    assert not Issuer.objects.filter(retired_at__isnull=False).exists()
