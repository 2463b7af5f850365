"""Citizen nominations: the spam defences (honeypot, form token, timing) and the rate limits
per connection and per contact, for the form and for the API."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from lantoa.core.intake.limits import Limit
from lantoa.exemplars.models import Record
from lantoa.nominations import guard
from lantoa.nominations.models import Nomination
from lantoa.nominations.services import NominationInvalid, submit_nomination
from tests.personas import World
from tests.portal.nomination_helpers import URL, WHAT, code_of, send, t, text, token

pytestmark = pytest.mark.usefixtures("_nomination_settings")


# --- Spam defences ---------------------------------------------------------------------------


def test_the_eleventh_nomination_from_one_ip_within_ten_minutes_asks_the_proof_step(
    client, world: World
) -> None:
    start = datetime.datetime(2026, 11, 23, 9, 9, 30, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        for i in range(10):
            traveller.move_to(start + datetime.timedelta(seconds=i * 55))
            code_of(send(client, world, started=token()))
        # 9 min 30 s after the first, across a 60-second slice boundary.
        traveller.move_to(start + datetime.timedelta(minutes=9, seconds=30))
        response = send(client, world, what="Lần thứ mười một", started=token())
        page = text(response)
        assert response.status_code == 200
        assert 'id="proof-step"' in page and 'name="proof_answer"' in page
        assert (
            t(
                "Please answer the small question at the end of the form, then send your "
                "report again. Everything you typed and the photos you chose are kept."
            )
            in page
        )
        assert "Lần thứ mười một" in page
        assert Nomination.objects.count() == Record.objects.count() == 10
        # Another connection is not affected.
        code_of(send(client, world, ip="198.51.100.9", started=token()))
        # Once the first ones are more than ten (or eleven) minutes old, it goes through.
        traveller.move_to(start + datetime.timedelta(minutes=13))
        code_of(send(client, world, what="Lần thứ mười một", started=token()))
    assert Nomination.objects.count() == 12


def test_a_filled_honeypot_gets_a_fake_success_and_nothing_is_stored(client, world: World):
    response = send(client, world, website="https://spam.example")
    assert response.status_code == 200
    fake = code_of(response)
    assert 'id="tracking-link"' in text(response)
    assert Nomination.objects.count() == Record.objects.count() == 0
    assert client.get(reverse("portal:nomination_status", args=[fake])).status_code == 404
    # A form posted without the token it was given is a bot too.
    response = send(client, world, started=None)
    code_of(response)
    response = send(client, world, started="forged:token")
    code_of(response)
    assert Nomination.objects.count() == 0
    # Bots do not use up the limit of the connection.
    for _ in range(5):
        code_of(send(client, world, started=token()))
    assert Nomination.objects.count() == 5


def test_a_form_sent_too_fast_is_shown_again_with_a_message(client, world: World, settings):
    settings.NOMINATION_MIN_FILL_SECONDS = 3
    start = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        page = text(client.get(URL))
        started = re.search(r'name="started" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
        traveller.shift(1)
        response = send(client, world, started=started)
        page = text(response)
        assert response.status_code == 200
        assert t("Please take a moment to check your report, then send it again.") in page
        assert WHAT in page
        assert Nomination.objects.count() == 0
        # The form shown again keeps the time it was first shown: the next send passes.
        again = re.search(r'name="started" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
        traveller.shift(3)
        code_of(send(client, world, started=again))
    assert Nomination.objects.count() == 1


def test_a_form_left_open_for_days_asks_to_send_again(client, world: World) -> None:
    start = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        started = token()
        traveller.shift(2 * 24 * 3600)
        response = send(client, world, started=started)
        page = text(response)
        assert (
            t("This form was open for a long time. Please check your report and send it again.")
            in page
        )
        assert WHAT in page and Nomination.objects.count() == 0
        fresh = re.search(r'name="started" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
        code_of(send(client, world, started=fresh))
    assert Nomination.objects.count() == 1


def test_one_contact_may_send_three_a_day(client, world: World) -> None:
    for i, phone in enumerate(["0912 345 678", "+84912345678", "0912.345.678"]):
        code_of(
            send(
                client,
                world,
                ip=f"198.51.100.{i + 1}",
                contact_phone=phone,
                contact_consent="on",
            )
        )
    response = send(
        client, world, ip="198.51.100.50", contact_phone="84 912 345 678", contact_consent="on"
    )
    assert response.status_code == 429
    with translation.override("vi"):
        message = translation.ngettext(
            "Too many reports were sent with this phone number or e-mail address in the last "
            "hour. Please try again later, or contact the Fatherland Front committee of your "
            "commune directly.",
            "Too many reports were sent with this phone number or e-mail address in the last "
            "%(hours)d hours. Please try again later, or contact the Fatherland Front "
            "committee of your commune directly.",
            24,
        ) % {"hours": 24}
    assert message in text(response)
    assert Nomination.objects.count() == 3
    # E-mail addresses are compared without case.
    for i in range(3):
        code_of(
            send(
                client,
                world,
                ip=f"192.0.2.{i + 1}",
                contact_email="Lan@Example.vn",
                contact_consent="on",
            )
        )
    response = send(
        client, world, ip="192.0.2.99", contact_email="lan@example.VN", contact_consent="on"
    )
    assert response.status_code == 429
    # The refused attempt did not use up the connection's own limit.
    assert not Limit("nominations-ip", limit=1, window=600).is_blocked("192.0.2.99")


def test_the_service_applies_the_limits_for_the_api_too(world: World) -> None:
    for _ in range(10):
        submit_nomination(what=WHAT, commune=world.unit_a, when=None, ip="203.0.113.1")
    with pytest.raises(guard.ProofRequired) as info:
        submit_nomination(what=WHAT, commune=world.unit_a, when=None, ip="203.0.113.1")
    assert info.value.code == "rate_limited_ip" and info.value.retry_after > 0
    assert Nomination.objects.count() == 10
    # An input error does not count against the limit.
    cache.clear()
    for _ in range(11):
        with pytest.raises(NominationInvalid):
            submit_nomination(what="", commune=world.unit_a, when=None, ip="203.0.113.2")
    submit_nomination(what=WHAT, commune=world.unit_a, when=None, ip="203.0.113.2")
