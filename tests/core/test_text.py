from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from lantoa.core.text import fold

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
