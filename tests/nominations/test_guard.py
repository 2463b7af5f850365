"""The nominations' policy over the intake kit keeps what was issued before the kit valid."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core import signing

from lantoa.nominations import guard
from lantoa.nominations.models import TRACKING_CODE


def test_ip_hashes_are_computed_as_before_so_old_rows_still_compare() -> None:
    key = f"lantoa.nominations.ip:{settings.SECRET_KEY}".encode()
    expected = hmac.new(key, b"203.0.113.7", hashlib.sha256).hexdigest()
    assert guard.hash_ip("203.0.113.7") == expected
    assert guard.hash_ip(None) == guard.hash_ip("") == ""


def test_a_form_rendered_before_the_kit_still_passes() -> None:
    before = signing.dumps({"t": 0.0, "n": "n1"}, salt="lantoa.nominations.form", compress=True)
    check = guard.FORM.check({"started": before, "website": ""})
    assert check.verdict == "ok" and check.token is not None and check.token.nonce == "n1"


def test_tracking_codes_keep_their_format() -> None:
    assert TRACKING_CODE.display("ABCDE23456") == "LT-ABCDE-23456"
    assert TRACKING_CODE.normalise("lt abcde 23456") == "ABCDE23456"
    assert len(TRACKING_CODE.new_code()) == 10
