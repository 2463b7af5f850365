from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command

from lantoa.core.public_content import names_version
from lantoa.orgs.models import AdminUnit, AdminUnitSuccession
from lantoa.orgs.units_import import (
    COMMUNE_BASIS_BY_PROVINCE,
    PROVINCE_BASIS,
    UnitsImportError,
    current_rows,
    import_units,
    legacy_rows,
    legacy_source,
    select_legacy_provinces,
    succession_rows,
)

CURRENT, LEGACY = AdminUnit.Scheme.CURRENT, AdminUnit.Scheme.LEGACY
LAST_DAY = datetime.date(2025, 6, 30)


def current(level: str, **filters: object) -> AdminUnit:
    return AdminUnit.objects.get(scheme=CURRENT, level=level, **filters)


@pytest.mark.django_db
def test_current_units_with_official_codes() -> None:
    summary = import_units(legacy_provinces=[])

    units = AdminUnit.objects.filter(scheme=CURRENT)
    assert units.filter(level="province").count() == 34
    assert units.filter(level="commune").count() == 3321
    assert summary.units_created == 34 + 3321
    assert not units.exclude(valid_from=datetime.date(2025, 7, 1)).exists()
    assert not units.filter(valid_to__isnull=False).exists()

    lam_dong = current("province", code="68")
    assert lam_dong.name == "Tỉnh Lâm Đồng"
    assert lam_dong.division_type == "tỉnh"
    assert lam_dong.children.count() == 124
    assert current("province", code="01").name == "Thành phố Hà Nội"

    hoan_kiem = current("commune", code="00070")  # zero-padded, as the package gives it
    assert (hoan_kiem.name, hoan_kiem.division_type) == ("Phường Hoàn Kiếm", "phường")
    assert hoan_kiem.parent.code == "01"
    ham_thuan = current("commune", code="23059")
    assert (ham_thuan.name, ham_thuan.parent_id) == ("Xã Hàm Thuận", lam_dong.pk)
    assert ham_thuan.folded_name == "xa ham thuan"  # set although bulk_create skips save()
    phu_quy = current("commune", name="Đặc khu Phú Quý")
    assert phu_quy.division_type == "đặc khu"
    assert not units.filter(name__contains="  ").exists()  # stray double spaces collapsed
    assert not AdminUnit.objects.filter(scheme=LEGACY).exists()


@pytest.mark.django_db
def test_binh_thuan_before_2025_and_its_successors() -> None:
    import_units(legacy_provinces=None)  # the default set: Bình Thuận
    lam_dong = current("province", code="68")

    binh_thuan = AdminUnit.objects.get(scheme=LEGACY, level="province", code="60")
    assert binh_thuan.name == "Tỉnh Bình Thuận"
    assert binh_thuan.valid_to == LAST_DAY
    province_link = binh_thuan.successions.get()
    assert province_link.successor == lam_dong
    assert province_link.kind == AdminUnitSuccession.Kind.MERGE
    assert province_link.legal_basis == PROVINCE_BASIS
    assert province_link.effective_date == datetime.date(2025, 7, 1)

    districts = AdminUnit.objects.filter(scheme=LEGACY, level="district", parent=binh_thuan)
    assert districts.count() == 10
    names = set(districts.values_list("name", flat=True))
    assert {
        "Huyện Hàm Thuận Bắc",
        "Huyện Bắc Bình",
        "Huyện Tuy Phong",
        "Thị xã La Gi",
        "Thành phố Phan Thiết",
    } <= names
    assert any("Phú Qu" in name for name in names)
    assert not districts.exclude(valid_to=LAST_DAY).exists()
    for district in districts:
        link = district.successions.get()
        assert (link.successor, link.kind) == (lam_dong, AdminUnitSuccession.Kind.MERGE)
    communes = AdminUnit.objects.filter(scheme=LEGACY, level="commune", parent__in=districts)
    assert communes.count() == 121
    # Every legacy commune has a successor among today's communes of Lâm Đồng.
    assert not communes.filter(successions__isnull=True).exists()
    assert (
        not AdminUnitSuccession.objects.filter(predecessor__in=communes)
        .exclude(successor__parent=lam_dong)
        .exists()
    )

    ham_duc = AdminUnit.objects.get(
        scheme=LEGACY, level="commune", name="Xã Hàm Đức", parent__name="Huyện Hàm Thuận Bắc"
    )
    assert ham_duc.code == "23092"
    link = ham_duc.successions.select_related("successor").get()
    assert (link.successor.name, link.successor.code) == ("Xã Hàm Thuận", "23059")
    assert link.kind == AdminUnitSuccession.Kind.MERGE
    assert link.legal_basis == COMMUNE_BASIS_BY_PROVINCE["68"]
    assert set(link.successor.predecessions.values_list("predecessor__name", flat=True)) == {
        "Xã Hàm Đức",
        "Xã Thuận Minh",
        "Thị trấn Ma Lâm",
    }

    # A commune divided between two new communes: one row each, kind "split".
    hoa_thang = AdminUnit.objects.get(
        scheme=LEGACY, level="commune", name="Xã Hòa Thắng", parent__name="Huyện Bắc Bình"
    )
    split = hoa_thang.successions.all()
    assert {s.successor.name for s in split} == {"Xã Hòa Thắng", "Xã Hồng Thái"}
    assert {s.kind for s in split} == {AdminUnitSuccession.Kind.SPLIT}


@pytest.mark.django_db
def test_second_run_changes_nothing() -> None:
    first = import_units(legacy_provinces=None)
    assert first.changed
    units, links = AdminUnit.objects.count(), AdminUnitSuccession.objects.count()
    assert units == 34 + 3321 + 1 + 10 + 121

    second = import_units(legacy_provinces=["Bình Thuận"])
    assert not second.changed
    assert (second.units_created, second.units_updated) == (0, 0)
    assert (second.successions_created, second.successions_updated) == (0, 0)
    call_command("import_units", "--legacy-province", "binh thuan", stdout=io.StringIO())
    assert AdminUnit.objects.count() == units
    assert AdminUnitSuccession.objects.count() == links


@pytest.mark.django_db
def test_a_changed_name_is_updated_in_place() -> None:
    import_units(legacy_provinces=[])
    AdminUnit.objects.filter(scheme=CURRENT, code="23059").update(name="Xã Cũ", folded_name="")

    version = names_version()
    summary = import_units(legacy_provinces=[])

    assert (summary.units_created, summary.units_updated) == (0, 1)
    unit = current("commune", code="23059")
    assert (unit.name, unit.folded_name) == ("Xã Hàm Thuận", "xa ham thuan")
    # Story pages name units from a per-process memo: told to read them again.
    assert names_version() != version


@pytest.mark.django_db
def test_an_unknown_legacy_province_is_refused() -> None:
    version = names_version()
    with pytest.raises(UnitsImportError, match="Atlantis"):
        import_units(legacy_provinces=["Atlantis"])
    assert not AdminUnit.objects.exists()
    assert names_version() == version


def test_every_legacy_unit_of_the_country_has_a_successor() -> None:
    """What `--all-legacy` would write, checked without a database."""
    source = legacy_source()
    chosen = select_legacy_provinces(source, None, all_legacy=True)
    assert len(chosen) == 63
    rows = legacy_rows(source, chosen)
    by_level: dict[str, int] = {}
    for row in rows:
        by_level[row.level] = by_level.get(row.level, 0) + 1
    assert by_level == {"province": 63, "district": 696, "commune": 10035}

    links = succession_rows(source, chosen, current_rows())
    with_successor = {link.predecessor for link in links}
    assert {row.key for row in rows} <= with_successor
    current_keys = {row.key for row in current_rows()}
    assert {link.successor for link in links} <= current_keys


def test_legacy_provinces_are_found_by_short_name_full_name_or_code() -> None:
    source = legacy_source()
    chosen = select_legacy_provinces(
        source, ["binh thuan", "Tỉnh Đắk Nông", "68"], all_legacy=False
    )
    assert chosen == {"60": "Tỉnh Bình Thuận", "67": "Tỉnh Đắk Nông", "68": "Tỉnh Lâm Đồng"}
