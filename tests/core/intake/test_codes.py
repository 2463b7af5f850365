"""Readable codes of the public-intake kit: prefix, alphabet, typed back, unique."""

from __future__ import annotations

import pytest

from lantoa.accounts.models import User
from lantoa.core.intake.codes import ALPHABET, CodeCollision, CodeFormat
from lantoa.nominations.models import TRACKING_CODE

RECEIPT = CodeFormat(prefix="BN", length=8, group=4)
ONE_TIME = CodeFormat(prefix="", length=6, group=3, alphabet="0123456789")


def test_new_codes_use_only_the_alphabet_without_look_alikes() -> None:
    codes = {TRACKING_CODE.new_code() for _ in range(500)}
    assert len(codes) == 500
    assert all(len(code) == 10 and set(code) <= set(ALPHABET) for code in codes)
    assert not set("".join(codes)) & set("OI01")
    assert all(len(c) == 6 and c.isdigit() for c in (ONE_TIME.new_code() for _ in range(50)))


def test_each_use_shows_its_own_prefix_and_groups() -> None:
    assert TRACKING_CODE.display("ABCDE23456") == "LT-ABCDE-23456"
    assert RECEIPT.display("ABCD2345") == "BN-ABCD-2345"
    assert ONE_TIME.display("123456") == "123-456"


@pytest.mark.parametrize(
    "typed",
    [
        "LT-ABCDE-23456",
        "lt-abcde-23456",
        "  LT ABCDE 23456 ",
        "abcde23456",
        "ABCDE–23456",  # an en dash from a phone keyboard
        "ｌｔ－ＡＢＣＤＥ－２３４５６",  # full-width, from a Vietnamese input method
        "LT.ABCDE.23456",
    ],
)
def test_a_typed_code_is_read_tolerantly(typed: str) -> None:
    assert TRACKING_CODE.normalise(typed) == "ABCDE23456"


@pytest.mark.parametrize(
    "typed",
    [
        None,
        "",
        "LT-ABCDE-2345",  # too short
        "LT-ABCDE-234567",  # too long
        "LT-ABCDO-23456",  # O is not in the alphabet, nor is 0
        "LT-ABCDE-23451",  # nor 1
        "BN-ABCDE-23456",  # another use's prefix
        "LT-ABCDE-2345Đ",
    ],
)
def test_what_cannot_be_a_code_of_this_use_is_none(typed: str | None) -> None:
    assert TRACKING_CODE.normalise(typed) is None


def test_a_code_that_starts_like_the_prefix_is_not_cut() -> None:
    assert TRACKING_CODE.normalise("LTABC23456") == "LTABC23456"
    assert TRACKING_CODE.normalise("LT-LTABC-23456") == "LTABC23456"
    assert RECEIPT.normalise("bn abcd 2345") == "ABCD2345"
    assert RECEIPT.normalise("LT-ABCD-2345") is None


def test_look_alikes_read_as_the_digit_when_the_alphabet_has_only_the_digit() -> None:
    assert ONE_TIME.normalise("1O2-S8l") == "102581"
    assert ONE_TIME.normalise("IZ3 4B6") == "123486"
    assert ONE_TIME.normalise("12345X") is None


def test_an_alphabet_must_be_upper_case_without_repeats() -> None:
    with pytest.raises(ValueError):
        CodeFormat(prefix="X", alphabet="abc")
    with pytest.raises(ValueError):
        CodeFormat(prefix="X", alphabet="AAB")


@pytest.mark.django_db
def test_create_unique_tries_another_code_when_one_is_taken(monkeypatch) -> None:
    User.objects.create(username="TAKEN")
    offered = iter(["TAKEN", "TAKEN", "FRESH"])
    monkeypatch.setattr(CodeFormat, "new_code", lambda self: next(offered))

    user = RECEIPT.create_unique(lambda code: User.objects.create(username=code))

    assert user.username == "FRESH"
    assert sorted(User.objects.values_list("username", flat=True)) == ["FRESH", "TAKEN"]


@pytest.mark.django_db
def test_create_unique_gives_up_after_its_attempts_and_leaves_the_transaction_usable(
    monkeypatch,
) -> None:
    User.objects.create(username="TAKEN")
    tries: list[str] = []

    def always_taken(self: CodeFormat) -> str:
        tries.append("TAKEN")
        return "TAKEN"

    monkeypatch.setattr(CodeFormat, "new_code", always_taken)
    with pytest.raises(CodeCollision) as info:
        RECEIPT.create_unique(lambda code: User.objects.create(username=code), attempts=3)
    assert info.value.code == "code_collision"
    assert len(tries) == 3
    assert User.objects.count() == 1  # each attempt ran in its own savepoint
