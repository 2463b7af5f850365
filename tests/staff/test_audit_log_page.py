"""The audit log page counts no further than its cap and offers every described action."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from lantoa.audit import services as audit
from lantoa.audit.actions import describe
from tests.personas import World


def _events(world: World, n: int) -> None:
    for _ in range(n):
        audit.record(
            actor=world.user("quantri"),
            action="orgs.organisation.updated",
            obj=world.front_a,
            org=world.front_a,
        )


@pytest.mark.parametrize(("events", "shown"), [(3, "3 sự kiện"), (4, "Hơn 3 sự kiện")])
def test_the_log_counts_up_to_its_cap_then_says_more_than(
    world: World, login, monkeypatch, events: int, shown: str
) -> None:
    monkeypatch.setattr("lantoa.core.paginator.COUNT_CAP", 3)
    _events(world, events)

    with translation.override("vi"):
        html = login("xa.quantri").get(reverse("staff:audit_log"), HTTP_ACCEPT_LANGUAGE="vi")

    assert html.status_code == 200
    assert shown in html.content.decode()
    body = html.content.decode().split("<tbody>")[1].split("</tbody>")[0]
    assert body.count("<tr>") == min(events, 3)  # a page past the cap is never offered


def test_the_action_filter_offers_every_described_action_and_filters(world: World, login) -> None:
    _events(world, 2)
    client = login("xa.quantri")

    page = client.get(reverse("staff:audit_log"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'value="accounts.user.signed_in"' in page  # never written in this commune
    filtered = client.get(
        reverse("staff:audit_log"), {"action": "accounts.user.signed_in"}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "No event matches." in filtered
    assert describe("orgs.organisation.updated") in page


def test_a_role_without_the_log_gets_404(world: World, login) -> None:
    assert login("xa.doan").get(reverse("staff:audit_log")).status_code == 404


@pytest.mark.parametrize("asked", ["tests.undescribed", "orgs.organisation"])
def test_an_undescribed_code_or_a_prefix_still_filters(world: World, login, asked: str) -> None:
    _events(world, 2)
    audit.record(
        actor=world.user("quantri"),
        action="tests.undescribed",
        obj=world.front_a,
        org=world.front_a,
    )
    client = login("xa.quantri")

    page = client.get(reverse("staff:audit_log"), {"action": asked}, HTTP_ACCEPT_LANGUAGE="en")

    body = page.content.decode().split("<tbody>")[1].split("</tbody>")[0]
    assert body.count("<tr>") == (1 if asked == "tests.undescribed" else 2)
    assert f'<option value="{asked}" selected>' in page.content.decode()
