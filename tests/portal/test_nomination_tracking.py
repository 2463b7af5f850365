"""Citizen nominations: the public tracking page and the status it shows for each state."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from lantoa.exemplars import services as exemplars
from lantoa.exemplars.models import Record, RecordState
from lantoa.nominations import guard
from lantoa.nominations.models import Nomination
from lantoa.nominations.selectors import nomination_of
from lantoa.nominations.services import PublicState, nomination_status, submit_nomination
from tests.personas import World
from tests.portal.nomination_helpers import WHAT, code_of, send, t, text
from tests.portal.nominations_vi import VI

pytestmark = pytest.mark.usefixtures("_nomination_settings")


# --- Tracking --------------------------------------------------------------------------------


def test_the_tracking_page_follows_the_record(client, world: World) -> None:
    code = code_of(send(client, world))
    url = reverse("portal:nomination_status", args=[code])
    page = text(client.get(url))
    assert 'data-status="received"' in page and t("Received") in page
    assert code in page
    record = Record.objects.get()
    exemplars.transition_record(actor=world.user("xa.mttq"), record=record, action="verify")
    page = text(client.get(url))
    assert 'data-status="verified"' in page and t("Verified") in page
    assert world.user("xa.mttq").full_name not in page  # no officer's name


@pytest.mark.parametrize(
    ("state", "public", "vietnamese"),
    [
        (RecordState.REPORTED, PublicState.RECEIVED, "Đã tiếp nhận"),
        (RecordState.UNDER_VERIFICATION, PublicState.BEING_VERIFIED, "Đang xác minh"),
        (RecordState.VERIFIED, PublicState.VERIFIED, "Đã xác minh"),
        (RecordState.PROPOSED, PublicState.VERIFIED, "Đã xác minh"),
        (RecordState.NURTURING, PublicState.VERIFIED, "Đã xác minh"),
        (RecordState.RECOGNISED, PublicState.VERIFIED, "Đã xác minh"),
        (RecordState.REJECTED, PublicState.NOT_CONFIRMED, "Không được xác nhận"),
        (RecordState.RETURNED, PublicState.MORE_INFORMATION_NEEDED, "Cần bổ sung thông tin"),
    ],
)
def test_every_state_has_a_citizen_friendly_status(world: World, state, public, vietnamese):
    nomination = submit_nomination(what=WHAT, commune=world.unit_a, when=None, ip=None)
    since = timezone.now() - datetime.timedelta(days=3)
    Record.objects.filter(pk=nomination.record_id).update(state=state, state_since=since)
    status = nomination_status(nomination.tracking_code)
    assert status is not None
    assert status.state == public and status.code == nomination.display_code
    assert status.changed_on == timezone.localdate(since)
    assert status.received_on == timezone.localdate()
    labels = {
        PublicState.RECEIVED: "Received",
        PublicState.BEING_VERIFIED: "Being verified",
        PublicState.VERIFIED: "Verified",
        PublicState.NOT_CONFIRMED: "Not confirmed",
        PublicState.MORE_INFORMATION_NEEDED: "More information needed",
    }
    assert VI[labels[public]] == vietnamese
    with translation.override("vi"):
        assert nomination_status(nomination.tracking_code).label == t(labels[public])  # type: ignore[union-attr]


def test_codes_are_read_in_any_case_with_or_without_dashes(client, world: World) -> None:
    nomination = submit_nomination(what=WHAT, commune=world.unit_a, when=None, ip=None)
    raw = nomination.tracking_code
    for typed in (raw, raw.lower(), f"lt-{raw[:5]}-{raw[5:]}".lower(), f" LT {raw[:5]} {raw[5:]} "):
        status = nomination_status(typed)
        assert status is not None and status.code == nomination.display_code, typed
    assert nomination_status("") is None and nomination_status("LT-OOOOO-11111") is None
    # A code typed any way lands on the canonical page.
    response = client.get("/bao-tin/theo-doi/", {"code": raw.lower()})
    assert response.status_code == 302 and response["Location"].endswith(
        f"/bao-tin/theo-doi/{nomination.display_code}/"
    )
    response = client.get(f"/bao-tin/theo-doi/{raw.lower()}/")
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200


def test_a_malformed_code_is_explained_on_the_tracking_form(client, world: World) -> None:
    response = client.get("/bao-tin/theo-doi/", {"code": "12"})
    assert response.status_code == 200
    assert 'id="id_code_error"' in text(response)
    assert client.get("/bao-tin/theo-doi/").status_code == 200


def test_an_unknown_code_is_a_404_with_help(client, world: World) -> None:
    response = client.get("/bao-tin/theo-doi/LT-ABCDE-23456/")
    page = text(response)
    assert response.status_code == 404
    assert t("Report not found") in page
    assert t("Codes never contain the letters O and I or the digits 0 and 1.") in page
    assert 'id="track-form"' in page and 'value="LT-ABCDE-23456"' in page


def test_guessing_codes_is_slowed_down(client, world: World, settings) -> None:
    settings.NOMINATION_LOOKUP_MISSES_PER_IP = 3
    for i in range(3):
        assert client.get(f"/bao-tin/theo-doi/LT-ABCDE-2345{i + 2}/").status_code == 404
    response = client.get("/bao-tin/theo-doi/LT-ABCDE-23459/")
    assert response.status_code == 429
    assert guard.lookup_refused_message() in text(response)


def test_the_tracking_page_never_shows_personal_data(client, world: World) -> None:
    response = send(
        client,
        world,
        contact_name="Phan Văn Báo",
        contact_phone="0987 654 321",
        contact_email="bao.tin@example.vn",
        contact_consent="on",
    )
    code = code_of(response)
    for url in (reverse("portal:nomination_status", args=[code]), "/bao-tin/theo-doi/"):
        page = text(client.get(url))
        for secret in (
            "Phan Văn Báo",
            "0987",
            "654",
            "bao.tin@example.vn",
            "Nguyễn Thị Lan",  # the person reported
            WHAT[:30],
            world.front_a.name,
        ):
            assert secret not in page, (url, secret)
    nomination = Nomination.objects.get()
    assert nomination.contact_email == "bao.tin@example.vn"
    # Officers of the commune's tree see the contact; others do not.
    assert nomination_of(world.user("xa.mttq"), nomination.record) == nomination
    assert nomination_of(world.user("xab.doan"), nomination.record) is None
