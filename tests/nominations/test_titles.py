"""A record made from a nomination gets a readable title, not the raw text cut with "…"."""

from __future__ import annotations

from lantoa.nominations.services import TITLE_MAX, title_from


def test_the_first_sentence_is_the_title_when_it_fits() -> None:
    text = "Chị Lan nhặt được ví tiền ở chợ.  Chị đã trả lại cho người đánh rơi ngay hôm đó."
    assert title_from(text) == "Chị Lan nhặt được ví tiền ở chợ"


def test_a_long_sentence_gives_its_first_clause() -> None:
    text = (
        "Chú Tư chạy xe ôm ở chợ Ma Lâm nhặt được ví có 5 triệu đồng, đã mang lên công an "
        "xã để trả lại người mất ngay trong buổi sáng hôm đó mà không nhận tiền cảm ơn."
    )
    assert len(text) > TITLE_MAX
    assert title_from(text) == "Chú Tư chạy xe ôm ở chợ Ma Lâm nhặt được ví có 5 triệu đồng"


def test_a_long_clause_is_cut_at_a_whole_word_without_an_ellipsis() -> None:
    text = " ".join(["Người dân trong thôn cùng nhau góp công góp của"] * 4)
    title = title_from(text)
    assert len(title) <= TITLE_MAX and "…" not in title
    assert text.startswith(title) and text[len(title)] == " "
