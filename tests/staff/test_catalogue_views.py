"""Catalogues edited by system administrators, named in Vietnamese and English."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation

from lantoa.audit.models import AuditEvent
from lantoa.exemplars.models import PriorityGroup, Sector
from tests.exemplars.helpers import report
from tests.personas import World
from tests.staff.helpers import page_text

EN = {"Accept-Language": "en"}


def test_the_system_admin_adds_and_renames_an_entry(login, world: World) -> None:
    client = login("quantri")
    response = client.post(
        reverse("staff:catalogue_new", args=["sectors"]),
        {
            "code": "Giao thong",
            "name": " Giao  thông ",
            "name_en": "Transport",
            "order": 3,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    sector = Sector.objects.get(code="giao_thong")
    assert (sector.name, sector.name_en) == ("Giao thông", "Transport")
    client.post(
        reverse("staff:catalogue_edit", args=["sectors", sector.pk]),
        {"code": "giao_thong", "name": "Giao thông", "name_en": "Traffic", "order": 3},
    )
    sector.refresh_from_db()
    assert sector.name_en == "Traffic" and not sector.is_active
    changed = AuditEvent.objects.get(action="exemplars.catalogue.changed")
    assert changed.changes["name_en"] == ["Transport", "Traffic"]
    assert changed.changes["is_active"] == [True, False]


def test_a_duplicate_code_or_a_missing_name_is_refused(login, world: World) -> None:
    PriorityGroup.objects.create(code="nong_dan_x", name="Nông dân")
    client = login("quantri")
    url = reverse("staff:catalogue_new", args=["priority_groups"])
    taken = client.post(url, {"code": "nong_dan_x", "name": "Khác", "order": 0})
    assert taken.status_code == 200 and taken.context["form"].non_field_errors()
    empty = client.post(url, {"code": "moi", "name": "", "order": 0})
    assert empty.status_code == 200 and empty.context["form"].errors["name"]
    assert PriorityGroup.objects.filter(code="moi").count() == 0


def test_names_show_in_the_users_language(login, world: World) -> None:
    sector = Sector.objects.create(code="giao_thong", name="Giao thông", name_en="Transport")
    record = report(world, sector=sector)
    client = login("xa.mttq")
    url = reverse("staff:record_detail", args=[record.pk])
    assert "Giao thông" in page_text(client.get(url))
    assert "Transport" in page_text(client.get(url, headers=EN))
    with translation.override("en"):
        assert str(sector) == "Transport"
    unnamed = Sector(code="x", name="Chỉ tiếng Việt")
    with translation.override("en"):
        assert str(unnamed) == "Chỉ tiếng Việt"  # no English name yet: the Vietnamese one


def test_only_system_administrators_edit_catalogues(login, world: World) -> None:
    for username in ("xa.mttq", "tinh.mttq", "xa.quantri"):
        client = login(username)
        assert client.get(reverse("staff:catalogue_list")).status_code == 404
        posted = client.post(
            reverse("staff:catalogue_new", args=["sectors"]),
            {"code": "x", "name": "X", "order": 0},
        )
        assert posted.status_code == 404
    assert not Sector.objects.filter(code="x").exists()
    assert login("quantri").get(reverse("staff:catalogue_new", args=["nope"])).status_code == 404
