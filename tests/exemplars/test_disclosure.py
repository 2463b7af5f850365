"""The public-text check: what it finds for each display choice, and what it leaves alone."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from lantoa.exemplars.disclosure import check_public_text, marked, redacted, unresolved

COMMUNE = SimpleNamespace(name="Xã Hàm Thuận", level="commune")


def record(**kwargs: Any) -> Any:
    subject = SimpleNamespace(full_name="Nguyễn Văn Ân", address="thôn Phú Lập, xã Hàm Thuận")
    fields = {"subject": subject, "place": "Bến đò Sông Quao", "admin_unit": COMMUNE}
    return SimpleNamespace(**(fields | kwargs))


def found(text: str, name: str = "initials", place: str = "commune", **kw: Any) -> set:
    hits = check_public_text(
        record=record(**kw), name_display=name, place_display=place, texts={"summary": text}
    )
    return {(h.kind, h.text) for h in hits}


@pytest.mark.parametrize(
    "text",
    [
        "Anh Nguyễn Văn Ân cứu hai em nhỏ.",
        "Anh Nguyen Van An cuu hai em nho.",  # typed without diacritics
        "NGUYỄN VĂN ÂN đã cứu hai em nhỏ.",
        "Nguyễn Ân và Văn Ân là một người.",
    ],
)
def test_the_hidden_or_shortened_name_is_found_folded(text: str) -> None:
    assert {kind for kind, _ in found(text)} == {"name"}
    assert {kind for kind, _ in found(text, name="hidden")} == {"name"}


def test_the_full_name_is_allowed_when_it_is_shown_but_another_person_is_not() -> None:
    text = "Anh Nguyễn Văn Ân cứu bà Phạm Thị Lan và em Ân cảm ơn."
    assert found(text, name="full") == {("person", "Phạm Thị Lan")}
    assert ("name", "Ân") in found(text, name="initials")


def test_a_lone_given_name_that_is_a_common_word_is_left_alone() -> None:
    # "an" (Ân folded) is also "an toàn": only a form of address makes it a name.
    assert found("Giữ an toàn cho bà con, đường làng sạch đẹp.") == set()


def test_places_finer_than_allowed_with_the_names_after_place_words() -> None:
    text = "Ở thôn Phú Lập, hẻm 12/3 đường Trần Phú, gần Bến đò Sông Quao, tổ dân phố Bình Hưng."
    hits = found(text, name="full")
    assert hits == {
        ("place", "thôn Phú Lập"),
        ("place", "hẻm 12/3"),
        ("place", "đường Trần Phú"),
        ("place", "Bến đò Sông Quao"),
        ("place", "tổ dân phố Bình Hưng"),
    }
    assert found(text, name="full", place="exact") == set()
    assert found("o thon Phu Lap", name="full") == {("place", "thon Phu Lap")}


def test_province_only_hides_the_commune_too() -> None:
    text = "Người dân xã Hàm Thuận khen ngợi; Hàm Thuận tự hào."
    assert found(text, name="full", place="commune") == set()
    assert found(text, name="full", place="province") == {
        ("place", "xã Hàm Thuận"),
        ("place", "Hàm Thuận"),
    }


def test_phones_emails_and_id_numbers_are_found_whatever_the_choices() -> None:
    text = "Gọi 0912 345 678 hoặc +84 912345678, thư an@example.vn, CCCD 001095012345."
    assert found(text, name="full", place="exact") == {
        ("phone", "0912 345 678"),
        ("phone", "+84 912345678"),
        ("email", "an@example.vn"),
        ("id_number", "001095012345"),
    }


def test_lowercase_words_after_place_words_and_forms_of_address_are_not_names() -> None:
    assert (
        found("Bà con trong làng góp công, con đường nhỏ, bản thân anh ấy.", name="full") == set()
    )


def test_a_confirmed_false_match_needs_a_reason_and_covers_the_same_words() -> None:
    text = "Học theo Bác Hồ, bà Phạm Thị Lan giúp đỡ."
    hits = check_public_text(
        record=record(), name_display="full", place_display="commune", texts={"story": text}
    )
    keys = {h.key for h in hits}
    assert keys == {"person:ho", "person:pham thi lan"}
    assert len(unresolved(hits, {"person:ho": "Bác Hồ: Chủ tịch Hồ Chí Minh"})) == 1
    assert len(unresolved(hits, {"person:ho": "   "})) == 2


def test_hits_are_marked_in_place_and_can_be_edited_out() -> None:
    text = "Chị Ân ở thôn Phú Lập cứu bà Phạm Thị Lan."
    hits = check_public_text(
        record=record(), name_display="hidden", place_display="commune", texts={"title": text}
    )
    segments = marked(text, hits)
    assert "".join(s for s, _ in segments) == text
    assert [s for s, hit in segments if hit] == ["Ân", "thôn Phú Lập", "Phạm Thị Lan"]
    assert redacted(text, hits) == "Chị ấy ở địa phương cứu bà ấy."
