"""Duplicate suggestions while reporting, and the verifier's merge."""

from __future__ import annotations

import datetime
import unicodedata
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from lantoa.accounts.models import User
from lantoa.audit.models import AuditEvent
from lantoa.core.errors import DomainError, NotFound
from lantoa.exemplars import duplicates
from lantoa.exemplars.duplicates import (
    merge_subjects,
    one_edit_variants,
    spelling_key,
    suggest_subjects,
    within_one_edit,
)
from lantoa.exemplars.models import Consent, Record, SensitiveItem, Subject
from lantoa.orgs.models import AdminUnit, Organisation
from tests.personas import World

pytestmark = pytest.mark.django_db


def subject(world: World, full_name: str, birth_year: int | None = 1990, **kwargs: Any) -> Subject:
    org: Organisation = kwargs.pop("org", world.youth_a)
    kwargs.setdefault("admin_unit", world.unit_a)
    kwargs.setdefault("kind", "individual")
    return Subject.objects.create(
        full_name=full_name,
        birth_year=birth_year,
        org=org,
        org_path=org.path,
        **kwargs,
    )


def record_about(world: World, about: Subject, title: str = "Cứu người đuối nước") -> Record:
    return Record.objects.create(
        kind="good_deed",
        title=title,
        summary="Lao xuống hồ cứu hai em nhỏ.",
        org=world.youth_a,
        org_path=world.youth_a.path,
        org_name=world.youth_a.name,
        handling_org=world.front_a,
        reporter=world.user("xa.doan"),
        state="reported",
        state_since=timezone.now(),
        subject=about,
    )


def names(suggestions: list[duplicates.Suggestion]) -> list[str]:
    return [s.subject.full_name for s in suggestions]


def suggest(world: World, name: str, username: str = "xa.doan", **kwargs: Any):
    return suggest_subjects(actor=world.user(username), name=name, **kwargs)


def other_province(world: World) -> AdminUnit:
    province = AdminUnit.objects.create(
        scheme="2025", level="province", code="01", name="Thành phố Hà Nội"
    )
    return AdminUnit.objects.create(
        scheme="2025", level="commune", code="00004", name="Phường Ba Đình", parent=province
    )


# --- Pure helpers -----------------------------------------------------------------------


def osa_distance(a: str, b: str) -> int:
    """Reference Damerau–Levenshtein (optimal string alignment), quadratic."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


SHORT = st.text(alphabet="anhy ", max_size=7)


@given(SHORT, SHORT)
def test_within_one_edit_agrees_with_the_reference_distance(a: str, b: str) -> None:
    assert within_one_edit(a, b) == (osa_distance(a, b) <= 1)


# No deadline: the reference distance over ~450 variants of an 8-letter word takes longer
# than hypothesis's 200 ms on a busy CI machine, and how long is not what this test checks.
@settings(deadline=None)
@given(st.text(alphabet="abcdhinuy", min_size=1, max_size=8))
def test_variants_are_exactly_the_strings_one_edit_away(word: str) -> None:
    variants = one_edit_variants(word)
    assert word in variants
    assert all(osa_distance(word, v) <= 1 for v in variants)
    assert len(variants) <= 54 * len(word) + 25


def test_variants_cover_i_y_and_common_typos() -> None:
    assert {"ly", "li", "l", "lyy", "yl"} <= one_edit_variants("ly")
    assert "anh" in one_edit_variants("an")
    assert "an" in one_edit_variants("anh")


def test_the_spelling_key_ignores_tone_placement_and_normal_form_but_not_diacritics() -> None:
    assert spelling_key("Nguyễn Thị Hoà") == spelling_key("nguyễn thị hòa")
    assert spelling_key("Thuỷ") == spelling_key(unicodedata.normalize("NFD", "Thủy"))
    assert spelling_key("Nguyễn Văn Ân") != spelling_key("Nguyễn Văn An")
    assert spelling_key("Hoà") != spelling_key("Hoá")


# --- Suggestions ------------------------------------------------------------------------


def test_a_name_typed_without_diacritics_finds_the_person_born_a_year_apart(
    world: World,
) -> None:
    an = subject(world, "Nguyễn Văn Ân", 1990)
    found = suggest(world, "nguyen van an", birth_year=1991, unit=world.unit_a)
    assert [s.subject for s in found] == [an]
    assert found[0].reasons == [
        "same folded name",
        "exact spelling differs only in diacritics",
        "birth year ±1",
        "same commune",
    ]
    assert found[0].subject.admin_unit == world.unit_a


def test_one_typo_in_the_given_name_or_the_surname_is_found(world: World) -> None:
    subject(world, "Nguyễn Văn An", 1990)
    subject(world, "Nguyễn Văn Anh", 1990)
    found = suggest(world, "Nguyễn Văn Anh", birth_year=1990)
    assert names(found) == ["Nguyễn Văn Anh", "Nguyễn Văn An"]
    assert "one edit apart" in found[1].reasons
    assert names(suggest(world, "Nguyễn Văn Na", birth_year=1990)) == ["Nguyễn Văn An"]
    assert names(suggest(world, "Ngyuễn Văn An", birth_year=1990)) == ["Nguyễn Văn An"]


def test_tone_placement_and_nfd_input_find_the_same_person(world: World) -> None:
    hoa = subject(world, "Trần Thị Hoà", 1988)
    thuy = subject(world, "Đặng Thị Thủy", 1975)
    found = suggest(world, "Trần Thị Hòa", birth_year=1988)
    assert [s.subject for s in found] == [hoa]
    assert "same spelling" in found[0].reasons  # placement only: not a diacritics warning
    nfd = unicodedata.normalize("NFD", "Đặng Thị Thuỷ")
    assert [s.subject for s in suggest(world, nfd, birth_year=1975)] == [thuy]
    assert [s.subject for s in suggest(world, "DANG THI THUY", birth_year=1975)] == [thuy]


def test_i_and_y_spellings_are_one_edit_apart(world: World) -> None:
    mai = subject(world, "Lý Thị Mai", 1992)
    found = suggest(world, "Lí Thị Mai", birth_year=1992)
    assert [s.subject for s in found] == [mai]
    assert "one edit apart" in found[0].reasons
    ly = subject(world, "Trần Thị Ly", 1992)
    assert [s.subject for s in suggest(world, "Trần Thị Li", birth_year=1992)] == [ly]


def test_reversed_name_order_is_found(world: World) -> None:
    an = subject(world, "Nguyễn Văn An", 1990)
    for typed in ("An Văn Nguyễn", "Văn An Nguyễn", "An Nguyen Van"):
        found = suggest(world, typed, birth_year=1990)
        assert [s.subject for s in found] == [an], typed
        assert "same names in a different order" in found[0].reasons
    reversed_ = subject(world, "Binh Tran Thi", 1991)
    assert [s.subject for s in suggest(world, "Trần Thị Bình", birth_year=1991)] == [reversed_]


def test_same_surname_or_same_given_name_alone_is_not_a_suggestion(world: World) -> None:
    subject(world, "Nguyễn Văn Bình", 1990)
    subject(world, "Lê Thị An", 1990)
    subject(world, "Nguyễn Văn Tuấn An", 1990)  # an extra word: two edits, not one
    assert suggest(world, "Nguyễn Văn An", birth_year=1990) == []


def test_birth_year_more_than_one_year_apart_is_not_a_suggestion(world: World) -> None:
    subject(world, "Nguyễn Văn An", 1987)
    subject(world, "Nguyễn Văn An", 1993)
    assert suggest(world, "Nguyễn Văn An", birth_year=1990) == []
    assert len(suggest(world, "Nguyễn Văn An", birth_year=1988)) == 1


def test_neighbouring_commune_ranks_below_the_same_commune(world: World) -> None:
    near = subject(world, "Phạm Minh Tú", 1990, admin_unit=world.unit_b)
    same = subject(world, "Phạm Minh Tú", 1990, admin_unit=world.unit_a)
    found = suggest(world, "Phạm Minh Tú", birth_year=1990, unit=world.unit_a.pk)
    assert [s.subject for s in found] == [same, near]
    assert "same commune" in found[0].reasons
    assert "neighbouring commune" in found[1].reasons
    assert found[0].score > found[1].score


def test_another_province_is_dropped_unless_name_and_year_match_exactly(world: World) -> None:
    far = other_province(world)
    subject(world, "Phạm Minh Tú", 1991, admin_unit=far)
    subject(world, "Phạm Minh Tu", 1990, admin_unit=far)  # diacritics aside: exact
    subject(world, "Phạm Minh Tứ", 1990, admin_unit=far)  # same folded name, exact
    subject(world, "Phạm Minh Túy", 1990, admin_unit=far)  # one edit: dropped
    found = suggest(world, "Phạm Minh Tú", birth_year=1990, unit=world.unit_a)
    assert sorted(names(found)) == ["Phạm Minh Tu", "Phạm Minh Tứ"]
    assert all("other province" in s.reasons for s in found)
    # Without a place, all four are candidates.
    assert len(suggest(world, "Phạm Minh Tú", birth_year=1990)) == 4


def test_pre_2025_communes_are_neighbours_through_their_province(world: World) -> None:
    province = AdminUnit.objects.create(
        scheme="pre2025", level="province", code="60", name="Tỉnh Bình Thuận"
    )
    units = {}
    for code, district_code in (("22900", "593"), ("22901", "593"), ("22990", "594")):
        district, _ = AdminUnit.objects.get_or_create(
            scheme="pre2025",
            level="district",
            code=district_code,
            defaults={"name": f"Huyện {district_code}", "parent": province},
        )
        units[code] = AdminUnit.objects.create(
            scheme="pre2025", level="commune", code=code, name=f"Xã {code}", parent=district
        )
    far = other_province(world)
    same = subject(world, "Trương Văn Lâm", 1970, admin_unit=units["22900"])
    near = subject(world, "Trương Văn Lâm", 1970, admin_unit=units["22990"])
    subject(world, "Trương Văn Lim", 1970, admin_unit=far)  # one edit, other province
    found = suggest(world, "Trương Văn Lâm", birth_year=1970, unit=units["22900"])
    assert [s.subject for s in found] == [same, near]
    assert "neighbouring commune" in found[1].reasons
    assert [s.subject for s in suggest(world, "Trương Văn Lâm", unit=units["22901"].pk)] == [
        same,
        near,
    ]


def test_kind_narrows_the_suggestions(world: World) -> None:
    person = subject(world, "Hoa Sen", 2000)
    subject(world, "Hoa Sen", 2000, kind="collective")
    assert [s.subject for s in suggest(world, "Hoa Sen", birth_year=2000, kind="individual")] == [
        person
    ]


def test_without_a_birth_year_the_same_province_is_required_when_a_unit_is_given(
    world: World,
) -> None:
    here = subject(world, "Võ Thị Sáu", 1990)
    subject(world, "Võ Thị Sáu", 1960, admin_unit=other_province(world))
    found = suggest(world, "Võ Thị Sáu", unit=world.unit_a)
    assert [s.subject for s in found] == [here]
    assert "birth year unknown" in found[0].reasons
    assert len(suggest(world, "Võ Thị Sáu")) == 2


def test_a_subject_without_a_birth_year_needs_the_same_province(world: World) -> None:
    unknown = subject(world, "Hồ Văn Lực", None)
    subject(world, "Hồ Văn Lực", None, admin_unit=other_province(world))
    found = suggest(world, "Hồ Văn Lực", birth_year=1990, unit=world.unit_a)
    assert [s.subject for s in found] == [unknown]


def test_the_other_communes_officer_does_not_see_commune_as_subjects(world: World) -> None:
    subject(world, "Nguyễn Văn Ân", 1990)
    assert suggest(world, "Nguyễn Văn Ân", "xab.doan", birth_year=1990) == []
    assert len(suggest(world, "Nguyễn Văn Ân", "xa.mttq", birth_year=1990)) == 1
    assert len(suggest(world, "Nguyễn Văn Ân", "quantri", birth_year=1990)) == 1
    assert suggest(world, "Nguyễn Văn Ân", "bao.bientap", birth_year=1990) == []


def test_merged_subjects_are_not_suggested(world: World) -> None:
    keep = subject(world, "Nguyễn Văn Ân", 1990)
    drop = subject(world, "Nguyen Van An", 1990)
    Subject.objects.filter(pk=drop.pk).update(merged_into=keep)
    assert [s.subject for s in suggest(world, "Nguyễn Văn Ân", birth_year=1990)] == [keep]


def test_limit_and_empty_names(world: World) -> None:
    for year in (1989, 1990, 1991):
        subject(world, "Nguyễn Văn Ân", year)
    assert len(suggest(world, "Nguyễn Văn Ân", birth_year=1990, limit=2)) == 2
    assert suggest(world, "  ", birth_year=1990) == []
    assert suggest(world, "Nguyễn Văn Ân", birth_year=1990, limit=0) == []


def test_the_number_of_queries_does_not_grow_with_the_subjects(world: World) -> None:
    def count(n: int) -> int:
        for i in range(n):
            unit = world.unit_a if i % 2 else world.unit_b
            subject(world, "Nguyễn Văn Ân" if i % 3 else "Nguyen Van Anh", 1990, admin_unit=unit)
        actor = User.objects.get(username="xa.doan")  # a fresh actor: grants not cached
        with CaptureQueriesContext(connection) as ctx:
            found = suggest_subjects(
                actor=actor, name="Nguyễn Văn An", birth_year=1990, unit=world.unit_a, limit=50
            )
            for s in found:
                assert s.subject.admin_unit is not None  # selected with the subject
        assert not any(
            q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
            for q in ctx.captured_queries
        )
        return len(ctx.captured_queries)

    few = count(3)
    many = count(30)
    assert few == many <= 4


def test_suggesting_never_merges(world: World) -> None:
    subject(world, "Nguyễn Văn Ân", 1990)
    subject(world, "Nguyễn Văn An", 1990)
    found = suggest(world, "Nguyễn Văn Ân", birth_year=1990)
    assert len(found) == 2  # two people, maybe one: the verifier decides
    assert not Subject.objects.filter(merged_into__isnull=False).exists()
    assert not AuditEvent.objects.filter(action="exemplars.subject.merged").exists()


# --- Merge ------------------------------------------------------------------------------


def test_a_verifier_merges_two_subjects_records_and_consents_follow(world: World) -> None:
    keep = subject(world, "Nguyễn Văn Ân", 1990, phone="0912345678")
    drop = subject(
        world, "Nguyen Van An", 1990, admin_unit=None, occupation="Ngư dân", phone="0999999999"
    )
    Subject.objects.filter(pk=keep.pk).update(admin_unit=None)
    keep.refresh_from_db()
    drop.admin_unit = world.unit_b
    drop.save()
    moved = [record_about(world, drop, f"Việc tốt {i}") for i in range(2)]
    stays = record_about(world, keep)
    consent = Consent.objects.create(
        subject=drop,
        purpose="publish_story",
        given_by="subject",
        given_on=datetime.date(2025, 8, 1),
        recorded_by=world.user("xa.doan"),
    )
    item = SensitiveItem.objects.create(subject=drop, kind="health", value="…")

    result = merge_subjects(
        actor=world.user("xa.mttq"), keep=keep, drop=drop, note="Cùng một người"
    )

    assert result.pk == keep.pk
    drop.refresh_from_db()
    keep.refresh_from_db()
    assert drop.merged_into_id == keep.pk
    assert set(Record.objects.filter(subject=keep)) == {*moved, stays}
    assert not Record.objects.filter(subject=drop).exists()
    for r in Record.objects.filter(pk__in=[m.pk for m in moved]):
        assert "nguyen van an" in r.search_text
    consent.refresh_from_db()
    item.refresh_from_db()
    assert consent.subject_id == keep.pk and item.subject_id == keep.pk
    # Empty fields filled, filled ones kept.
    assert keep.occupation == "Ngư dân"
    assert keep.admin_unit == world.unit_b
    assert keep.phone == "0912345678"

    event = AuditEvent.objects.get(action="exemplars.subject.merged")
    assert event.object_id == str(keep.pk)
    assert event.org_id == keep.org_id
    assert event.actor == world.user("xa.mttq")
    assert event.changes["dropped_id"] == drop.pk
    assert event.changes["dropped_name"] == "Nguyen Van An"
    assert event.changes["records_moved"] == 2
    assert event.changes["consents_moved"] == 1
    assert sorted(event.changes["fields_filled"]) == ["admin_unit", "occupation"]
    assert event.changes["note"] == "Cùng một người"

    # The dropped subject is no longer suggested; the kept one is.
    found = suggest(world, "Nguyễn Văn An", birth_year=1990)
    assert [s.subject for s in found] == [keep]


def test_earlier_merges_point_at_the_kept_subject(world: World) -> None:
    a, b, c = (subject(world, n, 1990) for n in ("Lê Văn Tám", "Le Van Tam", "Lê Văn Tâm"))
    verifier = world.user("xa.mttq")
    merge_subjects(actor=verifier, keep=b, drop=c)
    merge_subjects(actor=verifier, keep=a, drop=b)
    assert set(Subject.objects.filter(merged_into=a)) == {b, c}


def test_merge_refuses_itself_a_merged_subject_and_a_reporter(world: World) -> None:
    keep = subject(world, "Nguyễn Văn Ân", 1990)
    drop = subject(world, "Nguyen Van An", 1990)
    verifier = world.user("xa.mttq")
    with pytest.raises(DomainError) as self_merge:
        merge_subjects(actor=verifier, keep=keep, drop=keep)
    assert self_merge.value.code == "merge_self"
    with pytest.raises(NotFound):
        merge_subjects(actor=world.user("xa.doan"), keep=keep, drop=drop)
    with pytest.raises(NotFound):
        merge_subjects(actor=world.user("xab.doan"), keep=keep, drop=drop)
    assert not Subject.objects.filter(merged_into__isnull=False).exists()

    merge_subjects(actor=verifier, keep=keep, drop=drop)
    third = subject(world, "Nguyễn Văn Ấn", 1990)
    with pytest.raises(DomainError) as into_merged:
        merge_subjects(actor=verifier, keep=drop, drop=third)
    assert into_merged.value.code == "merge_merged"
    with pytest.raises(DomainError):
        merge_subjects(actor=verifier, keep=third, drop=drop)
    assert AuditEvent.objects.filter(action="exemplars.subject.merged").count() == 1


def test_merge_needs_the_right_on_both_subjects(world: World) -> None:
    here = subject(world, "Nguyễn Văn Ân", 1990)
    there = subject(world, "Nguyễn Văn Ân", 1990, org=world.youth_b, admin_unit=world.unit_b)
    with pytest.raises(NotFound):
        merge_subjects(actor=world.user("xa.mttq"), keep=here, drop=there)
    merge_subjects(actor=world.user("tinh.mttq"), keep=here, drop=there)
    there.refresh_from_db()
    assert there.merged_into_id == here.pk


def test_a_person_and_a_collective_are_not_merged(world: World) -> None:
    person = subject(world, "Nguyễn Văn Ân", 1990)
    group = subject(world, "Nhóm Ân", None, kind="collective")
    with pytest.raises(DomainError):
        merge_subjects(actor=world.user("xa.mttq"), keep=person, drop=group)
