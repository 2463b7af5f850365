"""Issue 11, part 7: the contact a citizen left with a nomination is never in the API, for
the handling organisation or any other tree (it is on the record page only)."""

from __future__ import annotations

import pytest

from tests.exemplars.helpers import step
from tests.staff.test_nomination_contact import EMAIL, NAME, PHONE, _nominate


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize("username", ["xa.mttq", "xab.doan"])
def test_the_api_never_carries_the_contact(api_as, world, username) -> None:
    record = _nominate(world)
    step(world, record, "xa.mttq", "verify")
    client = api_as(username)

    detail = client.get(f"/api/v1/records/{record.pk}")
    listing = client.get("/api/v1/records")

    assert detail.status_code == 200 and listing.status_code == 200
    for body in (detail.content.decode(), listing.content.decode()):
        assert PHONE not in body and EMAIL not in body and NAME not in body
