"""The proof step of the public-intake kit: a sum in words, answered once, signed, expiring."""

from __future__ import annotations

import datetime

import time_machine
from django.utils import translation

from lantoa.core.intake.proof import Outcome, ProofStep

STEP = ProofStep(use="tests", max_age=1800)


def test_the_question_is_read_in_words_in_the_page_language() -> None:
    question = STEP.ask()
    assert 2 <= question.a + question.b <= 20
    with translation.override("vi"):
        text = question.text
    assert text.startswith("Hỏi: ") and text.endswith("bằng bao nhiêu?")
    assert str(question.a) not in text.split()  # words, not digits


def test_the_right_answer_passes_once(db) -> None:
    question = STEP.ask()
    assert STEP.check(question.token, f" {question.a + question.b} ") == Outcome.PASSED
    assert STEP.check(question.token, str(question.a + question.b)) == Outcome.INVALID


def test_a_wrong_answer_uses_the_question_up(db) -> None:
    question = STEP.ask()
    assert STEP.check(question.token, "99") == Outcome.WRONG
    assert STEP.check(question.token, str(question.a + question.b)) == Outcome.INVALID
    assert STEP.check(STEP.ask().token, "") == Outcome.WRONG


def test_full_width_digits_are_read(db) -> None:
    question = STEP.ask()
    typed = str(question.a + question.b).translate(
        str.maketrans("0123456789", "０１２３４５６７８９")
    )
    assert STEP.check(question.token, typed) == Outcome.PASSED


def test_forged_expired_and_foreign_tokens_are_invalid(db) -> None:
    assert STEP.check(None, "3") == Outcome.INVALID
    assert STEP.check("forged:token", "3") == Outcome.INVALID
    other = ProofStep(use="elsewhere").ask()
    assert STEP.check(other.token, str(other.a + other.b)) == Outcome.INVALID
    start = datetime.datetime(2026, 11, 23, 8, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        question = STEP.ask()
        traveller.shift(1801)
        assert STEP.check(question.token, str(question.a + question.b)) == Outcome.INVALID
