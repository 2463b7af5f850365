"""Import administrative units and their 2025 succession from the two PyPI packages.

* Current units (scheme "2025", valid from 1 July 2025): the 34 provinces and 3,321
  communes, wards and special zones of `vietnam-provinces`, with its official codes.
* Pre-2025 units (scheme "pre2025", valid to 30 June 2025): provinces, districts and
  communes of `vietnamadminunits` (table `admin_units_legacy` of its bundled SQLite file).
* Succession: which legacy unit became which current unit, from the converter data of
  `vietnamadminunits` (`converter_2025.json`).

The two packages do not agree on every current commune code (about 130 differ), so the
converter's current communes are matched to `vietnam-provinces` by name within the province
(exact spelling first, then folded, then by code), never by the converter's code.

The import is idempotent: units are keyed by (scheme, level, code), successions by
(predecessor, successor); a second run creates nothing and updates nothing. See
docs/admin-units.md.
"""

from __future__ import annotations

import datetime
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from lantoa.core.public_content import announce_names_change
from lantoa.core.text import fold
from lantoa.orgs.models import AdminUnit, AdminUnitSuccession

CURRENT_VALID_FROM = datetime.date(2025, 7, 1)
LEGACY_VALID_TO = datetime.date(2025, 6, 30)
EFFECTIVE_DATE = CURRENT_VALID_FROM

# Legacy provinces imported when none are named (the demo's former Bình Thuận).
DEFAULT_LEGACY_PROVINCES: tuple[str, ...] = ("Bình Thuận",)

PROVINCE_BASIS = (
    "Nghị quyết số 202/2025/QH15 ngày 12/6/2025 của Quốc hội về sắp xếp đơn vị hành chính cấp tỉnh"
)
DISTRICT_BASIS = (
    "Luật Tổ chức chính quyền địa phương số 72/2025/QH15 (đơn vị hành chính cấp huyện chấm "
    "dứt hoạt động từ ngày 01/7/2025)"
)
# The commune-level resolutions of the Standing Committee of the National Assembly, one per
# current province. Only the ones checked are listed; the others get the generic basis.
COMMUNE_BASIS_BY_PROVINCE: dict[str, str] = {
    "68": (
        "Nghị quyết số 1671/NQ-UBTVQH15 ngày 16/6/2025 của Ủy ban Thường vụ Quốc hội về việc "
        "sắp xếp các đơn vị hành chính cấp xã của tỉnh Lâm Đồng năm 2025"
    ),
}
COMMUNE_BASIS_DEFAULT = (
    "Nghị quyết của Ủy ban Thường vụ Quốc hội về sắp xếp các đơn vị hành chính cấp xã năm 2025"
)

CURRENT = AdminUnit.Scheme.CURRENT.value
LEGACY = AdminUnit.Scheme.LEGACY.value
PROVINCE = AdminUnit.Level.PROVINCE.value
DISTRICT = AdminUnit.Level.DISTRICT.value
COMMUNE = AdminUnit.Level.COMMUNE.value
MERGE = AdminUnitSuccession.Kind.MERGE.value
SPLIT = AdminUnitSuccession.Kind.SPLIT.value
RENAME = AdminUnitSuccession.Kind.RENAME.value

UNIT_FIELDS = ("name", "folded_name", "division_type", "parent_id", "valid_from", "valid_to")
SUCCESSION_FIELDS = ("kind", "effective_date", "legal_basis")
BATCH = 500

UnitKey = tuple[str, str, str]  # (scheme, level, code)


class UnitsImportError(ValueError):
    """The source data or the arguments do not allow the import; `str()` is readable."""


@dataclass
class ImportSummary:
    units_created: int = 0
    units_updated: int = 0
    units_unchanged: int = 0
    successions_created: int = 0
    successions_updated: int = 0
    successions_unchanged: int = 0
    legacy_provinces: list[str] = field(default_factory=list)
    created_by_level: Counter[str] = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return bool(
            self.units_created
            or self.units_updated
            or self.successions_created
            or self.successions_updated
        )


@dataclass(frozen=True)
class UnitRow:
    scheme: str
    level: str
    code: str
    name: str
    division_type: str
    parent: UnitKey | None
    valid_from: datetime.date | None
    valid_to: datetime.date | None

    @property
    def key(self) -> UnitKey:
        return (self.scheme, self.level, self.code)


@dataclass(frozen=True)
class SuccessionRow:
    predecessor: UnitKey
    successor: UnitKey
    kind: str
    legal_basis: str


# --- source data ------------------------------------------------------------------------


def _legacy_query(sql: str) -> list[dict[str, Any]]:
    from vietnamadminunits.database import query

    return list(query(sql))


def _converter_data() -> dict[str, Any]:
    source = resources.files("vietnamadminunits") / "data" / "converter_2025.json"
    with source.open("r", encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


# Typographic apostrophes and dashes, as the two packages spell them differently.
_PUNCTUATION = str.maketrans("’‘ʼ–—", "'''--")


def clean_name(name: str) -> str:
    """The name as the package gives it, in NFC with single spaces (some have two)."""
    return " ".join(unicodedata.normalize("NFC", name or "").split())


def _spelling_key(name: str) -> str:
    """Lower-case NFC name with apostrophes, dashes and spaces normalised (accents kept)."""
    text = unicodedata.normalize("NFC", name).lower()
    text = text.translate(_PUNCTUATION)
    text = re.sub(r"\s*-\s*", " - ", text)
    text = re.sub(r"\s*'\s*", "'", text)
    return " ".join(text.split())


def _loose_key(name: str) -> str:
    return fold(_spelling_key(name))


def _province_name(name: str, division_type: str) -> str:
    """`vietnam-provinces` says "Lâm Đồng" but "Thành phố Hà Nội": use the full form."""
    if name.startswith(("Tỉnh ", "Thành phố ")):
        return name
    return f"Thành phố {name}" if division_type.startswith("thành phố") else f"Tỉnh {name}"


def current_rows() -> list[UnitRow]:
    from vietnam_provinces import Province, Ward

    rows: list[UnitRow] = []
    for province in Province.iter_all():
        division_type = str(province.division_type.value)
        rows.append(
            UnitRow(
                scheme=CURRENT,
                level=PROVINCE,
                code=f"{int(province.code):02d}",
                name=_province_name(clean_name(province.name), division_type),
                division_type=division_type,
                parent=None,
                valid_from=CURRENT_VALID_FROM,
                valid_to=None,
            )
        )
    for ward in Ward.iter_all():
        rows.append(
            UnitRow(
                scheme=CURRENT,
                level=COMMUNE,
                code=f"{int(ward.code):05d}",
                name=clean_name(ward.name),
                division_type=str(ward.division_type.value),
                parent=(CURRENT, PROVINCE, f"{int(ward.province_code):02d}"),
                valid_from=CURRENT_VALID_FROM,
                valid_to=None,
            )
        )
    return rows


_LEGACY_COLUMNS = (
    "province, provinceShort, provinceCode, provinceKey, district, districtType, districtCode, "
    "districtKey, ward, wardType, wardCode, wardKey"
)


def legacy_source() -> list[dict[str, Any]]:
    return _legacy_query(f"SELECT {_LEGACY_COLUMNS} FROM admin_units_legacy")  # noqa: S608


def select_legacy_provinces(
    source: list[dict[str, Any]], names: Iterable[str] | None, *, all_legacy: bool
) -> dict[str, str]:
    """The legacy provinces to import: {code: full name}. Unknown names raise."""
    provinces: dict[str, tuple[str, str]] = {}
    for row in source:
        provinces[row["provinceCode"]] = (row["province"], row["provinceShort"])
    if all_legacy:
        return {code: full for code, (full, _short) in sorted(provinces.items())}
    wanted = list(DEFAULT_LEGACY_PROVINCES if names is None else names)
    by_key: dict[str, str] = {}
    for code, (full, short) in provinces.items():
        by_key[_loose_key(full)] = code
        by_key[_loose_key(short)] = code
        by_key[code] = code
    chosen: dict[str, str] = {}
    unknown: list[str] = []
    for name in wanted:
        code = by_key.get(_loose_key(name)) or by_key.get(name.strip(), "")
        if not code:
            unknown.append(name)
        else:
            chosen[code] = provinces[code][0]
    if unknown:
        raise UnitsImportError(
            _("Unknown pre-2025 province(s): %(names)s.") % {"names": ", ".join(unknown)}
        )
    return dict(sorted(chosen.items()))


def _legacy_province_type(name: str) -> str:
    return "thành phố trung ương" if name.startswith("Thành phố") else "tỉnh"


def legacy_rows(source: list[dict[str, Any]], province_codes: Iterable[str]) -> list[UnitRow]:
    codes = set(province_codes)
    rows: dict[UnitKey, UnitRow] = {}
    for r in source:
        if r["provinceCode"] not in codes:
            continue
        province = UnitRow(
            scheme=LEGACY,
            level=PROVINCE,
            code=r["provinceCode"],
            name=clean_name(r["province"]),
            division_type=_legacy_province_type(r["province"]),
            parent=None,
            valid_from=None,
            valid_to=LEGACY_VALID_TO,
        )
        district = UnitRow(
            scheme=LEGACY,
            level=DISTRICT,
            code=r["districtCode"],
            name=clean_name(r["district"]),
            division_type=(r["districtType"] or "").lower(),
            parent=province.key,
            valid_from=None,
            valid_to=LEGACY_VALID_TO,
        )
        rows.setdefault(province.key, province)
        rows.setdefault(district.key, district)
        if r["wardCode"]:
            commune = UnitRow(
                scheme=LEGACY,
                level=COMMUNE,
                code=r["wardCode"],
                name=clean_name(r["ward"]),
                division_type=(r["wardType"] or "").lower(),
                parent=district.key,
                valid_from=None,
                valid_to=LEGACY_VALID_TO,
            )
            rows.setdefault(commune.key, commune)
    return list(rows.values())


def _match_current_communes(current: list[UnitRow]) -> dict[tuple[str, str], UnitKey]:
    """Map the converter's current communes {(provinceKey, wardKey): unit key} onto the
    units of `vietnam-provinces`, by name within the province (see the module docstring)."""
    by_spelling: dict[tuple[str, str], list[UnitRow]] = {}
    by_loose: dict[tuple[str, str], list[UnitRow]] = {}
    by_code: dict[str, UnitRow] = {}
    for row in current:
        if row.level != COMMUNE or row.parent is None:
            continue
        province_code = row.parent[2]
        by_spelling.setdefault((province_code, _spelling_key(row.name)), []).append(row)
        by_loose.setdefault((province_code, _loose_key(row.name)), []).append(row)
        by_code[row.code] = row
    matched: dict[tuple[str, str], UnitKey] = {}
    unmatched = []
    for r in _legacy_query(
        "SELECT provinceKey, wardKey, provinceCode, ward, wardCode FROM admin_units"
    ):
        province_code = r["provinceCode"]
        candidates = by_spelling.get((province_code, _spelling_key(r["ward"])), [])
        if len(candidates) != 1:
            candidates = by_loose.get((province_code, _loose_key(r["ward"])), []) or candidates
        if len(candidates) > 1:
            candidates = [c for c in candidates if c.code == r["wardCode"]]
        if len(candidates) != 1:
            same_code = by_code.get(r["wardCode"])
            candidates = (
                [same_code]
                if same_code and same_code.parent and same_code.parent[2] == province_code
                else []
            )
        if len(candidates) == 1:
            matched[(r["provinceKey"], r["wardKey"])] = candidates[0].key
        else:
            unmatched.append(f"{r['ward']} ({r['wardCode']})")
    if unmatched:
        raise UnitsImportError(
            _("Current communes not found in vietnam-provinces: %(names)s.")
            % {"names": ", ".join(unmatched[:10])}
        )
    return matched


def succession_rows(
    source: list[dict[str, Any]], province_codes: Iterable[str], current: list[UnitRow]
) -> list[SuccessionRow]:
    codes = set(province_codes)
    data = _converter_data()
    current_provinces = {
        r["provinceKey"]: r["provinceCode"]
        for r in _legacy_query("SELECT DISTINCT provinceKey, provinceCode FROM admin_units")
    }
    communes = _match_current_communes(current)

    # Old province key → new province key, and each current commune's number of predecessors
    # over the whole country (so that kinds do not depend on what is imported).
    new_province_of: dict[str, str] = {}
    for new_key, old_keys in data["DICT_PROVINCE"].items():
        for old_key in old_keys:
            new_province_of[old_key] = new_key
    province_predecessors = Counter(new_province_of.values())
    whole: dict[str, tuple[str, str]] = {}
    parts: dict[str, list[tuple[str, str]]] = {}
    for new_province, wards in data["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_ward, old_keys in wards.items():
            for old_key in old_keys:
                whole[old_key] = (new_province, new_ward)
    for new_province, old_wards in data["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, targets in old_wards.items():
            parts[old_key] = [(new_province, t["newWardKey"]) for t in targets]
    commune_predecessors = Counter(whole.values())
    for targets in parts.values():
        commune_predecessors.update(targets)

    def current_province(new_province_key: str) -> UnitKey:
        return (CURRENT, PROVINCE, current_provinces[new_province_key])

    province_of = {row.key: row.parent[2] for row in current if row.parent}

    def commune_basis(successor: UnitKey) -> str:
        return COMMUNE_BASIS_BY_PROVINCE.get(province_of[successor], COMMUNE_BASIS_DEFAULT)

    rows: dict[tuple[UnitKey, UnitKey], SuccessionRow] = {}

    def add(pred: UnitKey, succ: UnitKey, kind: str, basis: str) -> None:
        rows.setdefault((pred, succ), SuccessionRow(pred, succ, kind, basis))

    for r in source:
        if r["provinceCode"] not in codes:
            continue
        new_province = new_province_of[r["provinceKey"]]
        province_kind = MERGE if province_predecessors[new_province] > 1 else RENAME
        add(
            (LEGACY, PROVINCE, r["provinceCode"]),
            current_province(new_province),
            province_kind,
            PROVINCE_BASIS,
        )
        district = (LEGACY, DISTRICT, r["districtCode"])
        add(district, current_province(new_province), MERGE, DISTRICT_BASIS)
        # A commune row; or a district without communes (the island districts), which the
        # converter maps straight to its special zone.
        old_key = f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey'] or ''}"
        pred = (LEGACY, COMMUNE, r["wardCode"]) if r["wardCode"] else district
        if old_key in parts:
            for target in parts[old_key]:
                succ = communes[target]
                add(pred, succ, SPLIT, commune_basis(succ))
        elif old_key in whole:
            target = whole[old_key]
            succ = communes[target]
            kind = MERGE if commune_predecessors[target] > 1 else RENAME
            add(pred, succ, kind, commune_basis(succ))
        elif r["wardCode"]:
            raise UnitsImportError(
                _("No successor found for %(name)s (%(code)s).")
                % {"name": r["ward"], "code": r["wardCode"]}
            )
    return list(rows.values())


# --- writing ----------------------------------------------------------------------------


def _upsert_units(rows: list[UnitRow], summary: ImportSummary) -> dict[UnitKey, int]:
    """Create or update `rows` level by level (parents first); return {key: id}."""
    ids: dict[UnitKey, int] = {}
    for level in (PROVINCE, DISTRICT, COMMUNE):
        level_rows = [row for row in rows if row.level == level]
        if not level_rows:
            continue
        for scheme in sorted({row.scheme for row in level_rows}):
            scheme_rows = [row for row in level_rows if row.scheme == scheme]
            parent_keys = {row.parent for row in scheme_rows if row.parent} - ids.keys()
            for parent_scheme, parent_level, _code in parent_keys:
                ids.update(_ids_of(parent_scheme, parent_level))
            existing = {
                unit.code: unit for unit in AdminUnit.objects.filter(scheme=scheme, level=level)
            }
            to_create: list[AdminUnit] = []
            to_update: list[AdminUnit] = []
            for row in scheme_rows:
                wanted = {
                    "name": row.name,
                    "folded_name": fold(row.name),
                    "division_type": row.division_type,
                    "parent_id": ids[row.parent] if row.parent else None,
                    "valid_from": row.valid_from,
                    "valid_to": row.valid_to,
                }
                unit = existing.get(row.code)
                if unit is None:
                    to_create.append(AdminUnit(scheme=scheme, level=level, code=row.code, **wanted))
                    continue
                changed = False
                for name, value in wanted.items():
                    if getattr(unit, name) != value:
                        setattr(unit, name, value)
                        changed = True
                if changed:
                    to_update.append(unit)
                else:
                    summary.units_unchanged += 1
            AdminUnit.objects.bulk_create(to_create, batch_size=BATCH)
            AdminUnit.objects.bulk_update(to_update, UNIT_FIELDS, batch_size=BATCH)
            summary.units_created += len(to_create)
            summary.units_updated += len(to_update)
            summary.created_by_level[f"{scheme}/{level}"] += len(to_create)
            ids.update(_ids_of(scheme, level))
    return ids


def _ids_of(scheme: str, level: str) -> dict[UnitKey, int]:
    return {
        (scheme, level, code): pk
        for pk, code in AdminUnit.objects.filter(scheme=scheme, level=level).values_list(
            "pk", "code"
        )
    }


def _upsert_successions(
    rows: list[SuccessionRow], ids: dict[UnitKey, int], summary: ImportSummary
) -> None:
    predecessor_ids = {ids[row.predecessor] for row in rows}
    existing = {
        (s.predecessor_id, s.successor_id): s
        for s in AdminUnitSuccession.objects.filter(predecessor__scheme=LEGACY)
        if s.predecessor_id in predecessor_ids
    }
    to_create: list[AdminUnitSuccession] = []
    to_update: list[AdminUnitSuccession] = []
    for row in rows:
        pred, succ = ids[row.predecessor], ids[row.successor]
        wanted = {
            "kind": row.kind,
            "effective_date": EFFECTIVE_DATE,
            "legal_basis": row.legal_basis,
        }
        succession = existing.get((pred, succ))
        if succession is None:
            to_create.append(AdminUnitSuccession(predecessor_id=pred, successor_id=succ, **wanted))
            continue
        changed = False
        for name, value in wanted.items():
            if getattr(succession, name) != value:
                setattr(succession, name, value)
                changed = True
        if changed:
            to_update.append(succession)
        else:
            summary.successions_unchanged += 1
    AdminUnitSuccession.objects.bulk_create(to_create, batch_size=BATCH)
    AdminUnitSuccession.objects.bulk_update(to_update, SUCCESSION_FIELDS, batch_size=BATCH)
    summary.successions_created += len(to_create)
    summary.successions_updated += len(to_update)


def import_units(
    *, legacy_provinces: list[str] | None = None, all_legacy: bool = False
) -> ImportSummary:
    """Import the current units and the chosen pre-2025 provinces with their succession.

    `legacy_provinces=None` means the default set (`DEFAULT_LEGACY_PROVINCES`); an empty
    list imports current units only; `all_legacy=True` imports every pre-2025 province.
    """
    summary = ImportSummary()
    current = current_rows()
    source = legacy_source()
    chosen = select_legacy_provinces(source, legacy_provinces, all_legacy=all_legacy)
    summary.legacy_provinces = list(chosen.values())
    legacy = legacy_rows(source, chosen)
    successions = succession_rows(source, chosen, current)
    with transaction.atomic():
        ids = _upsert_units([*current, *legacy], summary)
        _upsert_successions(successions, ids, summary)
        # Story and record pages name units from a per-process memo (exemplars.names).
        announce_names_change()
    return summary
