"""The record page's replication form, the unit's confirmation and the unit picker."""

from __future__ import annotations

import datetime

from django.urls import reverse

from lantoa.exemplars.models import Record, Replication
from tests.personas import World
from tests.staff.helpers import page_text, replicated, verified


def _post(record: Record, **extra) -> dict:
    data = {
        "replication-date": datetime.date.today().isoformat(),
        "replication-what": "Mở lớp dạy bơi",
    }
    data.update({f"replication-{k}": v for k, v in extra.items()})
    return data


def test_an_officer_names_a_unit_found_by_the_picker(login, world: World) -> None:
    record = verified(world)
    client = login("xa.doan")
    options = page_text(client.get(reverse("staff:org_picker"), {"q": "phan thiet"}))
    assert f'value="{world.youth_b.pk}"' in options and world.youth_b.name in options
    response = client.post(
        reverse("staff:record_replicate", args=[record.pk]), _post(record, org=world.youth_b.pk)
    )
    assert response.status_code == 302
    replication = Replication.objects.get()
    assert replication.org == world.youth_b and replication.confirmed_at is None
    detail = client.get(reverse("staff:record_detail", args=[record.pk]))
    assert detail.context["spread"] == {"units": 0, "entries": 1}  # until the unit confirms
    page = page_text(detail)
    assert reverse("staff:record_replication_confirm", args=[record.pk, replication.pk]) not in page


def test_the_named_unit_confirms_from_the_record_page(login, world: World) -> None:
    record = verified(world)
    replication = replicated(world, record)
    client = login("xab.doan")
    confirm = reverse("staff:record_replication_confirm", args=[record.pk, replication.pk])
    assert confirm in page_text(client.get(reverse("staff:record_detail", args=[record.pk])))
    assert client.post(confirm).status_code == 302
    replication.refresh_from_db()
    assert replication.confirmed_by == world.user("xab.doan")
    again = client.post(confirm, follow=True)
    assert any(
        "đã được xác nhận" in str(m) or "already" in str(m) for m in again.context["messages"]
    )


def test_a_replication_of_another_record_is_not_found(login, world: World) -> None:
    record, other = verified(world), verified(world)
    replication = replicated(world, record)
    url = reverse("staff:record_replication_confirm", args=[other.pk, replication.pk])
    assert login("xab.doan").post(url).status_code == 404


def test_a_unit_outside_the_system_needs_its_name_and_place(login, world: World) -> None:
    record = verified(world)
    client = login("xab.doan")
    url = reverse("staff:record_replicate", args=[record.pk])
    refused = client.post(url, _post(record, where="outside", outside_name="HTX Tân Lập"))
    assert refused.status_code == 200
    assert refused.context["replication_form"].errors["outside_place"]
    assert not Replication.objects.exists()
    client.post(
        url, _post(record, where="outside", outside_name="HTX Tân Lập", outside_place="Tân Lập")
    )
    replication = Replication.objects.get()
    assert replication.is_outside and replication.org is None
    assert "HTX Tân Lập" in page_text(client.get(reverse("staff:record_detail", args=[record.pk])))


def test_the_picker_asks_for_two_letters_and_refuses_non_officers(login, world: World) -> None:
    text = page_text(
        login("xa.doan").get(
            reverse("staff:org_picker"), {"q": "a"}, headers={"Accept-Language": "en"}
        )
    )
    assert "at least two letters" in text
    assert login("bao.bientap").get(reverse("staff:org_picker"), {"q": "xã"}).status_code == 404
