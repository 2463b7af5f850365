"""The form guard of the public-intake kit: honeypot, signed first-shown token, fill time."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import signing

from lantoa.core.intake.guard import FormGuard, FormToken, Verdict

GUARD = FormGuard(
    use="test-form", min_fill_setting="TEST_FORM_MIN_FILL", max_age_setting="TEST_FORM_MAX_AGE"
)
START = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _times(settings) -> None:
    settings.TEST_FORM_MIN_FILL = 5
    settings.TEST_FORM_MAX_AGE = 3600


def posted(token: str | None, **extra: str) -> dict[str, str]:
    return {"started": token or "", "website": "", **extra}


def test_a_form_filled_at_a_human_pace_passes_with_its_token() -> None:
    with time_machine.travel(START, tick=False) as traveller:
        raw = GUARD.issue_token()
        traveller.shift(6)
        check = GUARD.check(posted(raw))
    assert check.verdict == Verdict.OK
    assert check.token is not None and check.token.started == START.timestamp()


def test_a_filled_honeypot_is_a_bot_even_with_a_good_token() -> None:
    with time_machine.travel(START, tick=False) as traveller:
        raw = GUARD.issue_token()
        traveller.shift(60)
        assert GUARD.check(posted(raw, website="https://spam.example")).verdict == Verdict.BOT
        assert GUARD.check(posted(raw, website="   ")).verdict == Verdict.OK


@pytest.mark.parametrize("raw", [None, "", "forged:token", "eyJ0IjowfQ:1abc:def"])
def test_a_missing_or_forged_token_is_a_bot(raw: str | None) -> None:
    assert GUARD.check(posted(raw)).verdict == Verdict.BOT


def test_a_token_of_another_form_or_without_its_fields_is_a_bot() -> None:
    other = FormGuard(use="other-form", min_fill_setting="X", max_age_setting="Y")
    with time_machine.travel(START, tick=False) as traveller:
        foreign = other.issue_token()
        empty = signing.dumps({"x": 1}, salt=GUARD.salt, compress=True)
        traveller.shift(60)
        assert GUARD.check(posted(foreign)).verdict == Verdict.BOT
        assert GUARD.check(posted(empty)).verdict == Verdict.BOT
        assert other.check(posted(foreign)).verdict == Verdict.OK


def test_too_fast_keeps_the_first_time_so_the_second_send_passes() -> None:
    with time_machine.travel(START, tick=False) as traveller:
        raw = GUARD.issue_token()
        traveller.shift(2)
        check = GUARD.check(posted(raw))
        assert check.verdict == Verdict.TOO_FAST and check.token is not None
        again = GUARD.issue_token(check.token)  # the form shown again
        traveller.shift(3)  # five seconds after it was first shown
        second = GUARD.check(posted(again))
    assert second.verdict == Verdict.OK
    assert second.token == check.token


def test_a_token_older_than_the_maximum_age_is_expired_and_a_fresh_one_passes_at_once() -> None:
    with time_machine.travel(START, tick=False) as traveller:
        raw = GUARD.issue_token()
        traveller.shift(3601)
        assert GUARD.check(posted(raw)).verdict == Verdict.EXPIRED
        fresh = GUARD.issue_token(GUARD.expired_token())
        assert GUARD.check(posted(fresh)).verdict == Verdict.OK


def test_the_times_come_from_the_settings_named_by_the_use(settings) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        raw = GUARD.issue_token(FormToken(started=START.timestamp(), nonce="n1"))
        traveller.shift(10)
        assert GUARD.check(posted(raw)).verdict == Verdict.OK
        settings.TEST_FORM_MIN_FILL = 30
        assert GUARD.check(posted(raw)).verdict == Verdict.TOO_FAST
        settings.TEST_FORM_MAX_AGE = 5
        assert GUARD.check(posted(raw)).verdict == Verdict.EXPIRED


def test_without_its_settings_a_guard_uses_its_defaults(settings) -> None:
    del settings.TEST_FORM_MIN_FILL
    del settings.TEST_FORM_MAX_AGE
    assert (GUARD.min_fill_seconds(), GUARD.max_age_seconds()) == (3, 24 * 3600)
