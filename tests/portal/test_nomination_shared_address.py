"""Limits that fit shared addresses (issue 11, part 6): a commune office or a school puts many
people behind one address. The address's window, then the proof step (answered here as a
person reads it: the Vietnamese question on the page, not switched off), a proven device's
own allowance, the contact limits, and the hard hourly ceiling that the proof does not lift.
The numbers are the documented defaults (docs/nominations.md)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client
from django.utils import translation

from lantoa.nominations.models import Nomination
from lantoa.orgs.models import AdminUnit
from tests.personas import World
from tests.portal.nomination_helpers import (
    URL,
    asks_proof,
    code_of,
    hidden,
    send,
    send_again,
    t,
    text,
    token,
)

pytestmark = pytest.mark.usefixtures("_nomination_settings")

OFFICE = "203.0.113.20"
START = datetime.datetime(2026, 11, 23, 8, 0, tzinfo=datetime.UTC)


def person_sends(world: World, n: int, *, ip: str = OFFICE, **extra) -> tuple[Client, object, bool]:
    """One person, in their own browser, opens the form, sends it, and answers the proof
    step if it is asked; the client, the last answer and whether the proof was asked."""
    client = Client()
    page = client.get(URL)
    started = hidden(page, "started")[0]
    values = {"contact_phone": f"0912 000 {n:03d}", "contact_consent": "on", **extra}
    response = send(client, world, ip=ip, started=started, **values)
    proved = asks_proof(response)
    if proved:
        assert response.status_code == 200
        response = send_again(client, world, response, ip=ip, **values)
    return client, response, proved


def test_forty_people_behind_one_address_within_ten_minutes_are_all_received(
    world: World,
) -> None:
    asked = 0
    with time_machine.travel(START, tick=False) as traveller:
        for n in range(40):
            traveller.move_to(START + datetime.timedelta(seconds=n * 14))  # 9 min 6 s in all
            _client, response, proved = person_sends(world, n)
            code_of(response)
            asked += proved
    assert Nomination.objects.count() == 40
    assert len(set(Nomination.objects.values_list("contact_phone", flat=True))) == 40
    # The first ten went through on the address's window; the thirty others proved it.
    assert asked == 30


def test_forty_from_one_contact_are_not_received(world: World) -> None:
    refused = 0
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
    with time_machine.travel(START, tick=False) as traveller:
        for n in range(40):
            traveller.move_to(START + datetime.timedelta(seconds=n * 14))
            _client, response, _proved = person_sends(world, n, contact_phone="0987 654 321")
            if response.status_code == 429:
                refused += 1
                assert 'id="nomination-refused"' in text(response)
                assert int(response["Retry-After"]) > 0
            else:
                code_of(response)
    assert Nomination.objects.count() == 3 and refused == 37
    assert message in text(response)


def test_the_hard_ceiling_holds_even_after_the_proof(world: World) -> None:
    proven: list[Client] = []
    with time_machine.travel(START, tick=False) as traveller:
        for n in range(60):
            traveller.move_to(START + datetime.timedelta(seconds=n * 50))  # within 50 min
            client, response, proved = person_sends(world, n)
            code_of(response)
            if proved:
                proven.append(client)
        assert proven
        traveller.move_to(START + datetime.timedelta(minutes=51))
        # A device that passed the proof earlier, well within its own allowance, is refused.
        client = proven[0]
        response = send(client, world, ip=OFFICE, started=token())
        assert response.status_code == 429 and not asks_proof(response)
        assert t(
            "Too many reports were sent from this connection in the last hour. Please send "
            "yours later, or take it to the Fatherland Front committee of your commune."
        ) in text(response)
        assert int(response["Retry-After"]) > 0
        # So is a new person: no question is asked that could not help; another address
        # is not affected.
        response = send(Client(), world, ip=OFFICE, started=token())
        assert response.status_code == 429 and not asks_proof(response)
        code_of(send(Client(), world, ip="198.51.100.77", started=token()))
        # Once the first ones are more than an hour (and a slice of six minutes) old, the
        # address sends again.
        traveller.move_to(START + datetime.timedelta(minutes=67))
        code_of(send(client, world, ip=OFFICE, started=token()))
    assert Nomination.objects.count() == 62


def test_a_proven_device_has_its_own_allowance(world: World) -> None:
    with time_machine.travel(START, tick=False):
        for n in range(10):
            code_of(person_sends(world, n)[1])
        client, response, proved = person_sends(world, 10)
        assert proved
        code_of(response)
        assert response.cookies["lt_device"]["httponly"]
        # Four more from that device without a question (five in ten minutes) …
        for _ in range(4):
            code_of(send(client, world, ip=OFFICE, started=token()))
        # … the sixth waits.
        response = send(client, world, ip=OFFICE, started=token())
        assert response.status_code == 429 and not asks_proof(response)
        # A forged device cookie is no device: the question is asked.
        other = Client()
        other.cookies["lt_device"] = "forged"
        assert asks_proof(send(other, world, ip=OFFICE, started=token()))
    assert Nomination.objects.count() == 15


def test_a_wrong_or_replayed_answer_gets_a_new_question_and_stores_nothing(
    world: World,
) -> None:
    for n in range(10):
        code_of(person_sends(world, n)[1])
    client = Client()
    asked = send(client, world, ip=OFFICE, started=token())
    assert asks_proof(asked)
    question = hidden(asked, "proof")[0]
    values = {"started": hidden(asked, "started")[0], "proof": question}
    response = send(client, world, ip=OFFICE, proof_answer="999", **values)
    assert response.status_code == 200 and asks_proof(response)
    assert 'id="proof-error"' in text(response)
    assert t("That answer is not right. Please answer this new question.") in text(response)
    assert hidden(response, "proof")[0] != question
    # The same question cannot be answered twice (no guessing through the sums).
    response = send(client, world, ip=OFFICE, proof_answer="2", **values)
    assert asks_proof(response)
    assert Nomination.objects.count() == 10
    # Answered properly, it goes through.
    code_of(send_again(client, world, response, ip=OFFICE))
    assert Nomination.objects.count() == 11


def test_the_api_has_the_same_limits_with_a_429(client, world: World) -> None:
    body = {"what": "Anh Ba cứu người đuối nước ở hồ Hàm Thuận.", "commune": world.unit_a.code}
    url = "/api/v1/public/nominations"
    for n in range(10):
        answer = client.post(
            url,
            {**body, "contact_phone": f"0912 111 {n:03d}", "contact_consent": True},
            content_type="application/json",
            REMOTE_ADDR=OFFICE,
        )
        assert answer.status_code == 201, answer.content
    answer = client.post(url, body, content_type="application/json", REMOTE_ADDR=OFFICE)
    assert answer.status_code == 429
    assert int(answer["Retry-After"]) > 0
    assert answer.json()["error"]["details"]["limit"] == "rate_limited_ip"
    assert Nomination.objects.count() == 10


def test_the_api_refuses_a_commune_that_is_not_served(client, world: World) -> None:
    other = AdminUnit.objects.create(scheme="2025", level="province", code="01", name="Hà Nội")
    commune = AdminUnit.objects.create(
        scheme="2025", level="commune", code="00004", name="Phường Ba Đình", parent=other
    )
    answer = client.post(
        "/api/v1/public/nominations",
        {"what": "Anh Ba cứu người.", "commune": commune.code},
        content_type="application/json",
    )
    assert answer.status_code == 400, answer.content
    assert answer.json()["error"]["code"] == "commune_not_served"
    assert Nomination.objects.count() == 0
