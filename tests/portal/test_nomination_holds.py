"""Nothing lost (issue 11, part 5): a form shown again keeps the photos, held on the server for
the same browser, shown back as thumbnails with "remove", and sent with the form again."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from lantoa.exemplars.models import Evidence
from lantoa.nominations import tasks
from lantoa.nominations.models import Nomination, PhotoHold
from tests.personas import World
from tests.portal.nomination_helpers import (
    WHAT,
    code_of,
    hidden,
    jpeg,
    send,
    send_again,
    text,
    token,
)

pytestmark = pytest.mark.usefixtures("_nomination_settings")

START = datetime.datetime(2026, 11, 23, 8, 0, tzinfo=datetime.UTC)


def photo(name: str, colour: tuple[int, int, int] = (200, 60, 40)) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg(colour=colour), "image/jpeg")


def refused_with_photos(client: Client, world: World, count: int = 2):
    """A form refused for a field (a phone number without consent) with `count` photos."""
    photos = [photo(f"anh{i}.jpg", (40 * i, 90, 160)) for i in range(count)]
    response = send(client, world, photos=photos, contact_phone="0912 345 678")
    assert response.status_code == 200 and 'id="id_contact_consent_error"' in text(response)
    return response


def test_a_refused_form_shows_the_text_and_the_photos_back_and_sending_again_stores_them(
    client, world: World, django_capture_on_commit_callbacks
) -> None:
    response = refused_with_photos(client, world)
    page = text(response)
    assert WHAT in page and 'value="Nguyễn Thị Lan"' in page
    tokens = hidden(response, "held")
    assert len(tokens) == 2 and 'id="held-photos"' in page
    assert page.count('class="nom-held-thumb"') == 2
    assert 'name="remove_held"' in page
    assert response.cookies["lt_browser"]["httponly"]
    assert PhotoHold.objects.count() == 2
    # The thumbnail is served to this browser, privately.
    thumb = client.get(f"/bao-tin/anh-tam/{tokens[0]}/")
    assert thumb.status_code == 200 and thumb["Content-Type"] == "image/jpeg"
    assert "no-store" in thumb["Cache-Control"]
    assert b"".join(thumb.streaming_content)[:2] == b"\xff\xd8"
    names = list(PhotoHold.objects.values_list("file", flat=True))

    with django_capture_on_commit_callbacks(execute=True):
        response = send_again(
            client, world, response, contact_phone="0912 345 678", contact_consent="on"
        )
    code_of(response)
    nomination = Nomination.objects.get()
    assert Evidence.objects.filter(record=nomination.record).count() == 2
    # Used: the holds and their files are gone.
    assert PhotoHold.objects.count() == 0
    assert not any(default_storage.exists(name) for name in names)


def test_new_photos_are_added_to_the_held_ones_and_a_removed_one_is_not_sent(
    client, world: World
) -> None:
    response = refused_with_photos(client, world)
    first, second = hidden(response, "held")
    values = {
        "started": hidden(response, "started")[0],
        "held": [first, second],
        "remove_held": [second],
        "photos": [photo("moi.jpg")],
        "contact_phone": "0912 345 678",
        "contact_consent": "on",
    }
    code_of(send(client, world, **values))
    nomination = Nomination.objects.get()
    assert Evidence.objects.filter(record=nomination.record).count() == 2
    assert PhotoHold.objects.count() == 0


def test_photos_are_held_through_the_proof_step(world: World) -> None:
    for _n in range(10):
        code_of(send(Client(), world, ip="203.0.113.30", started=token()))
    client = Client()
    response = send(client, world, ip="203.0.113.30", started=token(), photos=[photo("a.jpg")])
    assert 'id="proof-step"' in text(response)
    assert len(hidden(response, "held")) == 1
    code_of(send_again(client, world, response, ip="203.0.113.30"))
    assert Evidence.objects.filter(record=Nomination.objects.first().record).count() == 1


def test_another_browser_can_neither_see_nor_use_a_held_photo(client, world: World) -> None:
    response = refused_with_photos(client, world, count=1)
    (held,) = hidden(response, "held")
    other = Client()
    assert other.get(f"/bao-tin/anh-tam/{held}/").status_code == 404
    # Sent from the other browser, the token is refused cleanly: the form comes back with a
    # warning, nothing is stored, and the hold stays its owner's.
    values = {"started": token(), "held": [held]}
    response = send(other, world, **values)
    page = text(response)
    assert response.status_code == 200 and 'id="photos-again"' in page
    assert WHAT in page and Nomination.objects.count() == 0
    assert PhotoHold.objects.count() == 1
    # A forged token is refused the same way.
    response = send(client, world, held=["forged:token"], started=token())
    assert 'id="photos-again"' in text(response) and Nomination.objects.count() == 0
    # Without the stale token, the other browser's form goes through (without the photo).
    code_of(send(other, world, started=token()))
    assert Evidence.objects.count() == 0


def test_an_expired_hold_is_refused_cleanly_and_purged_by_the_periodic_job(
    client, world: World, django_capture_on_commit_callbacks
) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        response = refused_with_photos(client, world, count=1)
        (held,) = hidden(response, "held")
        name = PhotoHold.objects.get().file.name
        traveller.shift(3601)
        assert client.get(f"/bao-tin/anh-tam/{held}/").status_code == 404
        response = send_again(client, world, response, contact_phone="", contact_consent="")
        page = text(response)
        assert 'id="photos-again"' in page
        with translation.override("vi"):
            with_count = translation.ngettext(
                "A photo you chose earlier could not be kept (it was kept for one hour only, or "
                "in another browser): please choose it again.",
                "%(counter)s photos you chose earlier could not be kept (they were kept for one "
                "hour only, or in another browser): please choose them again.",
                1,
            ) % {"counter": 1}
        assert with_count in page
        assert Nomination.objects.count() == 0 and 'name="held"' not in page
        # The nightly job deletes it and its file.
        with django_capture_on_commit_callbacks(execute=True):
            assert tasks.purge_photo_holds.call() == 1
        assert PhotoHold.objects.count() == 0 and not default_storage.exists(name)


def test_a_form_with_held_photos_sent_twice_makes_one_nomination(client, world: World) -> None:
    response = refused_with_photos(client, world, count=1)
    first = send_again(client, world, response, contact_phone="", contact_consent="")
    second = send_again(client, world, response, contact_phone="", contact_consent="")
    assert code_of(first) == code_of(second)
    assert Nomination.objects.count() == 1 and Evidence.objects.count() == 1
