"""The demo's citizen nominations: two in each state a citizen can track, codes printed."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from lantoa.demo.nominations import NOMINATIONS, demo_nominations, seed_nominations
from lantoa.demo.orgs import seed_demo
from lantoa.exemplars.models import Record, RecordSource
from lantoa.nominations.services import PublicState, nomination_status


@pytest.mark.django_db
def test_demo_nominations_cover_every_tracking_state_and_their_codes_are_printed() -> None:
    seed_demo()
    assert seed_nominations() == len(NOMINATIONS) == 10

    nominations = demo_nominations()
    assert len(nominations) == 10
    assert all(n.record.source == RecordSource.CITIZEN for n in nominations)
    states = Counter(nomination_status(n.tracking_code).state for n in nominations)  # type: ignore[union-attr]
    assert states == dict.fromkeys(PublicState, 2)
    assert sum(1 for n in nominations if n.has_contact) == 4

    output = io.StringIO()
    call_command("demo_logins", stdout=output)
    printed = output.getvalue()
    for nomination in nominations:
        assert nomination.display_code in printed

    # A printed code opens its status page.
    code = nominations[0].display_code
    response = Client().get(reverse("portal:nomination_status", args=[code]))
    assert response.status_code == 200
    assert code in response.content.decode()

    # Sent once: a second run (make run again) sends nothing.
    assert seed_nominations() == 0
    assert Record.objects.filter(source=RecordSource.CITIZEN).count() == 10
