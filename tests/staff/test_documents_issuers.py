"""An organisation's administrator registers who signs its documents, corrects what they
print and starts a committee term, from the documents pages (no Django admin)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from lantoa.audit.models import AuditEvent
from lantoa.core.errors import DomainError
from lantoa.documents.models import Document, Issuer, IssuerTerm
from tests.documents.conftest import issued_commendation, make_state_issuer

NEW = reverse("staff:issuer_new")
REFUSED_TERM = "Nhiệm kỳ phải mới và bắt đầu sau nhiệm kỳ trước."


def _fields(world, **extra):
    return {
        "org": world.front_a.pk,
        "name": "Ủy ban MTTQ Việt Nam xã Hàm Thuận",
        "parent_name": "Ủy ban MTTQ Việt Nam tỉnh Lâm Đồng",
        "code": "MTTQ",
        "style": "mass",
        "place": "Hàm Thuận",
        "period": "term",
        "per_type": "on",
        **extra,
    }


def test_an_org_admin_adds_an_issuer_for_her_organisation(login, world) -> None:
    client = login("xa.quantri")
    home = client.get(reverse("staff:document_home")).content.decode()
    assert NEW in home
    form = client.get(NEW).content.decode()
    assert "Thêm cơ quan ban hành" in form
    assert world.front_a.name in form and world.front_b.name not in form

    response = client.post(NEW, _fields(world), follow=True)

    issuer = Issuer.objects.get()
    assert (issuer.org, issuer.code, issuer.style, issuer.period, issuer.per_type) == (
        world.front_a,
        "MTTQ",
        "mass",
        "term",
        True,
    )
    assert issuer.external is False and issuer.signing_key == ""
    assert response.redirect_chain[-1][0] == reverse("staff:issuer_register", args=[issuer.pk])
    assert "đã có thể ban hành văn bản" in response.content.decode()
    assert AuditEvent.objects.filter(action="documents.issuer.created").count() == 1


def test_sending_the_form_twice_adds_one_issuer(login, world) -> None:
    client = login("xa.quantri")
    assert client.post(NEW, _fields(world)).status_code == 302
    again = client.post(NEW, _fields(world))
    assert again.status_code == 200
    assert "Tổ chức này đã có cơ quan ban hành mang tên đó." in again.content.decode()
    assert Issuer.objects.count() == 1


def test_a_missing_field_is_named_and_what_was_typed_is_kept(login, world) -> None:
    client = login("xa.quantri")
    response = client.post(NEW, _fields(world, code="", place=""))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("This field is required.") + page.count("Trường này là bắt buộc.") == 2
    assert 'value="Ủy ban MTTQ Việt Nam xã Hàm Thuận"' in page
    assert not Issuer.objects.exists()


def test_another_organisation_cannot_be_chosen(login, world) -> None:
    response = login("xa.quantri").post(NEW, _fields(world, org=world.front_b.pk))
    assert response.status_code == 200
    assert not Issuer.objects.exists()


@pytest.mark.parametrize("username", ["xa.mttq", "xa.doan", "xab.doan"])
def test_who_administers_no_organisation_has_no_form(login, world, username) -> None:
    client = login(username)
    assert client.get(NEW).status_code == 404
    assert client.post(NEW, _fields(world)).status_code == 404
    assert NEW not in client.get(reverse("staff:document_home")).content.decode()
    assert not Issuer.objects.exists()


def test_an_org_admin_starts_a_term_and_numbers_restart(login, world) -> None:
    issuer = make_state_issuer(world, name="Ban Thường vụ", period="term")
    url = reverse("staff:term_new", args=[issuer.pk])
    client = login("xa.quantri")
    assert url in client.get(reverse("staff:issuer_register", args=[issuer.pk])).content.decode()

    response = client.post(url, {"label": "2025-2030", "starts_on": "2025-10-01"}, follow=True)

    term = IssuerTerm.objects.get(issuer=issuer)
    assert (term.label, term.starts_on) == ("2025-2030", datetime.date(2025, 10, 1))
    assert "Nhiệm kỳ 2025-2030 bắt đầu từ ngày 01/10/2025" in response.content.decode()
    again = client.post(url, {"label": "2025-2030", "starts_on": "2025-10-01"})
    assert REFUSED_TERM in again.content.decode()
    assert IssuerTerm.objects.filter(issuer=issuer).count() == 1
    assert "2025-2030" in client.get(url).content.decode()  # the terms so far


def test_a_term_needs_a_date_and_a_yearly_issuer_has_none(login, world) -> None:
    yearly = make_state_issuer(world)
    client = login("xa.quantri")
    assert client.get(reverse("staff:term_new", args=[yearly.pk])).status_code == 404
    per_term = make_state_issuer(world, name="Ban Thường vụ", period="term")
    url = reverse("staff:term_new", args=[per_term.pk])
    response = client.post(url, {"label": "2025-2030", "starts_on": "mai"})
    assert response.status_code == 200 and not IssuerTerm.objects.exists()
    assert 'value="2025-2030"' in response.content.decode()


@pytest.mark.parametrize("username", ["xa.mttq", "xab.doan"])
def test_only_its_administrators_start_a_term(login, world, username) -> None:
    issuer = make_state_issuer(world, name="Ban Thường vụ", period="term")
    url = reverse("staff:term_new", args=[issuer.pk])
    client = login(username)
    assert client.get(url).status_code == 404
    assert client.post(url, {"label": "2025-2030", "starts_on": "2025-10-01"}).status_code == 404
    assert not IssuerTerm.objects.exists()


def test_the_service_refuses_the_same_issuer_twice(world) -> None:
    make_state_issuer(world)
    with pytest.raises(DomainError) as refused:
        make_state_issuer(world)
    assert refused.value.code == "issuer_exists"
    assert Issuer.objects.count() == 1


def _details(**extra):
    return {
        "name": "Ủy ban nhân dân xã Hàm Thuận Bắc",
        "parent_name": "Ủy ban nhân dân tỉnh Lâm Đồng",
        "code": "UBND",
        "place": "Hàm Thuận Bắc",
        **extra,
    }


def test_an_org_admin_corrects_what_an_issuer_prints(login, world) -> None:
    numbered = issued_commendation(world)
    issuer = numbered.issuer
    url = reverse("staff:issuer_edit", args=[issuer.pk])
    client = login("xa.quantri")
    register = client.get(reverse("staff:issuer_register", args=[issuer.pk])).content.decode()
    assert url in register
    form = client.get(url).content.decode()
    assert 'value="Ủy ban nhân dân xã Hàm Thuận"' in form  # what it prints now

    response = client.post(url, _details(code="UBND-HTB"), follow=True)

    issuer.refresh_from_db()
    assert (issuer.name, issuer.code, issuer.place) == (
        "Ủy ban nhân dân xã Hàm Thuận Bắc",
        "UBND-HTB",
        "Hàm Thuận Bắc",
    )
    assert (issuer.style, issuer.period) == ("state", "year")  # the numbering stays
    assert response.redirect_chain[-1][0] == reverse("staff:issuer_register", args=[issuer.pk])
    assert "Đã lưu: từ nay văn bản in thông tin mới." in response.content.decode()
    event = AuditEvent.objects.get(action="documents.issuer.updated")
    assert event.changes == {
        "name": ["Ủy ban nhân dân xã Hàm Thuận", "Ủy ban nhân dân xã Hàm Thuận Bắc"],
        "parent_name": ["", "Ủy ban nhân dân tỉnh Lâm Đồng"],
        "code": ["UBND", "UBND-HTB"],
        "place": ["Hàm Thuận", "Hàm Thuận Bắc"],
    }
    kept = Document.objects.get(pk=numbered.pk)
    assert (kept.symbol, kept.reference) == (numbered.symbol, numbered.reference)
    assert "UBND-HTB" not in kept.reference


def test_sending_the_corrections_twice_writes_them_once(login, world) -> None:
    issuer = make_state_issuer(world)
    url = reverse("staff:issuer_edit", args=[issuer.pk])
    client = login("xa.quantri")
    assert client.post(url, _details()).status_code == 302
    assert client.post(url, _details()).status_code == 302
    assert AuditEvent.objects.filter(action="documents.issuer.updated").count() == 1


def test_a_name_another_issuer_has_is_refused_and_what_was_typed_is_kept(login, world) -> None:
    make_state_issuer(world, name="Ban Thường vụ", code="BTV")
    issuer = make_state_issuer(world)
    client = login("xa.quantri")
    url = reverse("staff:issuer_edit", args=[issuer.pk])

    taken = client.post(url, _details(name="Ban Thường vụ", place="Hàm Thuận Nam"))
    empty = client.post(url, _details(code=" ", place="Hàm Thuận Nam"))

    assert taken.status_code == empty.status_code == 200
    assert "Tổ chức này đã có cơ quan ban hành mang tên đó." in taken.content.decode()
    assert 'value="Hàm Thuận Nam"' in taken.content.decode()
    assert "Trường này là bắt buộc." in empty.content.decode()
    assert 'value="Hàm Thuận Nam"' in empty.content.decode()
    issuer.refresh_from_db()
    assert (issuer.name, issuer.code, issuer.place) == (
        "Ủy ban nhân dân xã Hàm Thuận",
        "UBND",
        "Hàm Thuận",
    )
    assert not AuditEvent.objects.filter(action="documents.issuer.updated").exists()


@pytest.mark.parametrize("username", ["xa.mttq", "xab.doan"])
def test_only_its_administrators_correct_an_issuer(login, world, username) -> None:
    issuer = make_state_issuer(world)
    url = reverse("staff:issuer_edit", args=[issuer.pk])
    client = login(username)
    assert client.get(url).status_code == 404
    assert client.post(url, _details()).status_code == 404
    register = client.get(reverse("staff:issuer_register", args=[issuer.pk]))
    assert url not in register.content.decode()
    issuer.refresh_from_db()
    assert issuer.name == "Ủy ban nhân dân xã Hàm Thuận"


def test_another_organisations_issuer_is_not_found(login, world) -> None:
    other = make_state_issuer(world, org=world.front_b, name="Ủy ban nhân dân xã B")
    client = login("xa.quantri")
    url = reverse("staff:issuer_edit", args=[other.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, _details()).status_code == 404
    other.refresh_from_db()
    assert other.name == "Ủy ban nhân dân xã B"


def test_the_service_refuses_blank_details_and_strangers(world) -> None:
    from lantoa.core.errors import NotFound
    from lantoa.documents.services import update_issuer

    issuer = make_state_issuer(world)
    with pytest.raises(DomainError) as blank:
        update_issuer(actor=world.user("xa.quantri"), issuer=issuer, **_details(place="  "))
    with pytest.raises(NotFound):
        update_issuer(actor=world.user("xa.mttq"), issuer=issuer, **_details())
    assert blank.value.code == "invalid"
    issuer.refresh_from_db()
    assert issuer.place == "Hàm Thuận"
    assert not AuditEvent.objects.filter(action="documents.issuer.updated").exists()
