"""The administrative-unit picker of the organisation forms (issue 15, part 4): a text box
the server resolves within the form's units, enhanced into a combobox by its JSON."""

from __future__ import annotations

from django.urls import reverse

from lantoa.orgs.models import AdminUnit, Organisation
from tests.personas import World


def _names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["name"] for row in response.json()["results"]]


def _twin(world: World) -> AdminUnit:
    """A second commune of the province whose name also holds "Hàm Thuận"."""
    return AdminUnit.objects.create(
        scheme="2025",
        level="commune",
        code="23060",
        name="Xã Hàm Thuận Nam",
        division_type="xã",
        parent=world.province_unit,
    )


def test_the_json_finds_the_provinces_communes_typed_without_diacritics(
    login, world: World
) -> None:
    client = login("xa.quantri")

    new = _names(client.get(reverse("staff:pick_unit_new", args=[world.front_a.pk]), {"q": "ham"}))
    edit = _names(client.get(reverse("staff:pick_unit", args=[world.youth_a.pk]), {"q": "phan"}))

    assert new == ["Xã Hàm Thuận"]
    assert edit == ["Phường Phan Thiết"]


def test_the_json_is_a_404_without_the_right_to_manage_the_organisation(
    login, world: World
) -> None:
    for username, org in (("xa.doan", world.youth_a), ("xa.quantri", world.front_b)):
        client = login(username)
        for name in ("staff:pick_unit", "staff:pick_unit_new"):
            assert client.get(reverse(name, args=[org.pk]), {"q": "ham"}).status_code == 404


def test_a_new_unit_gets_the_commune_typed_without_diacritics(login, world: World) -> None:
    response = login("xa.quantri").post(
        reverse("staff:org_create", args=[world.front_a.pk]),
        {"name": "Chi hội Phụ nữ thôn 3", "kind": world.front_a.kind, "level": "village",
         "admin_unit": "xa ham thuan"},
    )  # fmt: skip

    assert response.status_code == 302, response.content
    created = Organisation.objects.get(name="Chi hội Phụ nữ thôn 3")
    assert created.admin_unit == world.unit_a


def test_an_ambiguous_name_offers_the_candidates_and_the_pick_decides(login, world: World) -> None:
    twin = _twin(world)
    client = login("xa.quantri")
    url = reverse("staff:org_create", args=[world.front_a.pk])
    data = {"name": "Chi hội Phụ nữ thôn 4", "kind": world.front_a.kind, "level": "village"}

    again = client.post(url, {**data, "admin_unit": "ham thuan"})
    assert again.status_code == 200
    page = again.content.decode()
    assert "Có nhiều đơn vị hành chính khớp với “ham thuan”" in page
    assert f'value="{twin.pk}"' in page and f'value="{world.unit_a.pk}"' in page
    assert not Organisation.objects.filter(name=data["name"]).exists()

    chosen = client.post(url, {**data, "admin_unit": "ham thuan", "admin_unit_pick": twin.pk})
    assert chosen.status_code == 302
    assert Organisation.objects.get(name=data["name"]).admin_unit == twin


def test_a_unit_outside_the_form_is_refused_whether_typed_or_picked(login, world: World) -> None:
    elsewhere = AdminUnit.objects.create(
        scheme="2025", level="province", code="79", name="Thành phố Hồ Chí Minh"
    )
    client = login("xa.quantri")
    url = reverse("staff:org_edit", args=[world.youth_a.pk])
    data = {"name": world.youth_a.name, "kind": world.youth_a.kind}

    typed = client.post(url, {**data, "admin_unit": "ho chi minh"})
    world.youth_a.refresh_from_db()
    # A crafted id counts only within the form's units: the box's text is resolved instead.
    picked = client.post(
        url, {**data, "admin_unit": elsewhere.name, "admin_unit_pick": elsewhere.pk}
    )

    for refused in (typed, picked):
        assert refused.status_code == 200
        assert "Không có đơn vị hành chính nào mà bạn được chọn có tên" in refused.content.decode()
    world.youth_a.refresh_from_db()
    assert world.youth_a.admin_unit == world.unit_a


def test_the_edit_form_shows_the_current_unit_in_the_box(login, world: World) -> None:
    page = login("xa.quantri").get(reverse("staff:org_edit", args=[world.youth_a.pk]))

    html = page.content.decode()
    assert 'name="admin_unit" value="Xã Hàm Thuận"' in html
    assert f'name="admin_unit_pick" value="{world.unit_a.pk}"' in html
    assert reverse("staff:pick_unit", args=[world.youth_a.pk]) in html
