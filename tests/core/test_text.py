from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from lantoa.core.text import COMBINING_LIMIT, fold

VIETNAMESE = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyàằầèềìòồờùừỳáắấéếíóốớúứýảẳẩẻểỉỏổởủửỷãẵẫẽễĩõỗỡũữỹạặậẹệịọộợụựỵ"
)


def test_it_folds_vietnamese_names_and_topics() -> None:
    assert fold("Nguyễn Văn Ân") == "nguyen van an"
    assert fold("CỨU NGƯỜI ĐUỐI NƯỚC") == "cuu nguoi duoi nuoc"
    assert fold("Hoà") == fold("Hòa") == "hoa"
    assert fold("  Đặng   Thị\tThủy ") == "dang thi thuy"


@given(st.text(alphabet=VIETNAMESE + VIETNAMESE.upper() + " ", max_size=40))
def test_folding_is_idempotent_and_ascii(text: str) -> None:
    folded = fold(text)
    assert fold(folded) == folded
    assert folded.isascii()


@given(st.text(alphabet=VIETNAMESE + " ", max_size=40))
def test_nfc_and_nfd_spellings_fold_alike(text: str) -> None:
    assert fold(unicodedata.normalize("NFD", text)) == fold(unicodedata.normalize("NFC", text))


def test_no_combining_mark_lies_past_the_limit_the_table_covers() -> None:
    # `fold` drops the marks below COMBINING_LIMIT only: the whole of Unicode is checked.
    assert not [c for c in range(COMBINING_LIMIT, 0x110000) if unicodedata.combining(chr(c))]


@given(st.text(max_size=60))
def test_folding_drops_exactly_the_combining_marks(text: str) -> None:
    # As it was written: NFC, lower, đ → d, NFD, every mark of combining class > 0 dropped.
    text_d = unicodedata.normalize("NFC", text).lower().replace("đ", "d").replace("Đ", "d")
    decomposed = unicodedata.normalize("NFD", text_d)
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    assert fold(text) == " ".join(kept.split())
