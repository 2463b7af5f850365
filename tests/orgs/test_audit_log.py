from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lantoa.audit import services as audit
from lantoa.audit.models import AuditEvent
from lantoa.core.errors import NotFound
from lantoa.orgs.audit_log import action_choices_for, events_visible_to, get_event_for
from lantoa.orgs.models import Membership, Role

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def event(world, *, org, action="orgs.organisation.updated", actor="quantri", at=None):
    user = world.user(actor) if actor else None
    if at is None:
        return audit.record(actor=user, action=action, obj=org, org=org)
    with time_machine.travel(at, tick=False):
        return audit.record(actor=user, action=action, obj=org, org=org)


@pytest.fixture
def events(world):
    return {
        "a": event(world, org=world.front_a, action="orgs.membership.added"),
        "a_youth": event(world, org=world.youth_a, action="orgs.organisation.updated"),
        "b": event(world, org=world.front_b, action="orgs.membership.added"),
        "b_youth": event(world, org=world.youth_b, action="orgs.membership.ended"),
        "province": event(world, org=world.front, action="orgs.organisation.created"),
        "no_org": audit.record(
            actor=None, action="accounts.user.created", obj=world.user("xa.doan")
        ),
    }


def ids(qs) -> set[int]:
    return set(qs.values_list("pk", flat=True))


def test_the_org_admin_of_commune_a_reads_commune_a_events_only(world, events):
    seen = ids(events_visible_to(world.user("xa.quantri")))

    assert seen == {events["a"].pk, events["a_youth"].pk}


def test_an_event_of_commune_b_is_not_found_for_commune_a_admin(world, events):
    admin = world.user("xa.quantri")

    assert get_event_for(admin, events["a_youth"].pk) == events["a_youth"]
    with pytest.raises(NotFound):
        get_event_for(admin, events["b"].pk)
    with pytest.raises(NotFound):
        get_event_for(admin, events["no_org"].pk)
    with pytest.raises(NotFound):
        get_event_for(admin, "not-a-number")
    with pytest.raises(NotFound):
        get_event_for(admin, 10**9)


def test_the_system_admin_reads_everything(world, events):
    assert ids(events_visible_to(world.user("quantri"))) == {e.pk for e in events.values()}


@pytest.mark.parametrize("username", ["xa.doan", "xa.mttq", "tinh.tuyengiao", "bao.bientap"])
def test_roles_without_view_audit_read_nothing(world, events, username):
    user = world.user(username)

    assert not events_visible_to(user).exists()
    assert action_choices_for(user) == []
    with pytest.raises(NotFound):
        get_event_for(user, events["a"].pk)


def test_an_anonymous_actor_reads_nothing(world, events):
    from django.contrib.auth.models import AnonymousUser

    assert not events_visible_to(AnonymousUser()).exists()


def test_an_ended_membership_no_longer_opens_the_log(world, events):
    admin = world.user("xa.quantri")
    Membership.objects.filter(user=admin, role=Role.ORG_ADMIN).update(
        ended_at=datetime.datetime(2025, 1, 1, tzinfo=HCM)
    )

    assert not events_visible_to(admin).exists()


def test_filter_by_actor_matches_part_of_the_username_in_any_case(world):
    event(world, org=world.front_a, actor="xa.quantri")
    event(world, org=world.front_a, actor="quantri")
    event(world, org=world.front_a, actor=None)
    root = world.user("quantri")

    assert set(
        events_visible_to(root, actor_q="XA.QUAN").values_list("actor_label", flat=True)
    ) == {"xa.quantri"}
    assert set(
        events_visible_to(root, actor_q=" quantri ").values_list("actor_label", flat=True)
    ) == {"xa.quantri", "quantri"}
    assert set(events_visible_to(root, actor_q="system").values_list("actor_label", flat=True)) == {
        "system"
    }


def test_filter_by_action_takes_an_exact_code_or_a_dotted_prefix(world, events):
    root = world.user("quantri")

    assert ids(events_visible_to(root, action="orgs.membership.added")) == {
        events["a"].pk,
        events["b"].pk,
    }
    assert ids(events_visible_to(root, action="orgs.membership")) == {
        events["a"].pk,
        events["b"].pk,
        events["b_youth"].pk,
    }
    assert ids(events_visible_to(root, action="orgs.membership.")) == ids(
        events_visible_to(root, action="orgs.membership")
    )
    # A prefix stops at a dot: "orgs.member" is not "orgs.membership".
    assert not events_visible_to(root, action="orgs.member").exists()


def test_filter_by_date_is_inclusive_and_in_local_time(world):
    root = world.user("quantri")
    late_1st = event(world, org=world.front_a, at=datetime.datetime(2025, 3, 1, 23, 30, tzinfo=HCM))
    early_2nd = event(world, org=world.front_a, at=datetime.datetime(2025, 3, 2, 0, 30, tzinfo=HCM))
    late_2nd = event(world, org=world.front_a, at=datetime.datetime(2025, 3, 2, 23, 59, tzinfo=HCM))
    on_3rd = event(world, org=world.front_a, at=datetime.datetime(2025, 3, 3, 9, 0, tzinfo=HCM))
    # 23:30 on the 1st in Hồ Chí Minh City is 16:30 UTC, the same UTC day as 00:30 on the 2nd.
    assert (
        late_1st.at.astimezone(datetime.UTC).date() == early_2nd.at.astimezone(datetime.UTC).date()
    )

    day_2 = datetime.date(2025, 3, 2)
    assert ids(events_visible_to(root, date_from=day_2, date_to=day_2)) == {
        early_2nd.pk,
        late_2nd.pk,
    }
    assert ids(events_visible_to(root, date_from=day_2)) == {early_2nd.pk, late_2nd.pk, on_3rd.pk}
    assert ids(events_visible_to(root, date_to=day_2)) >= {late_1st.pk, early_2nd.pk, late_2nd.pk}
    assert on_3rd.pk not in ids(events_visible_to(root, date_to=day_2))


def test_filters_combine_and_org_narrows_to_a_subtree(world, events):
    root = world.user("quantri")

    assert ids(events_visible_to(root, org=world.front_a)) == {events["a"].pk, events["a_youth"].pk}
    assert ids(events_visible_to(root, org=world.front_a, action="orgs.membership")) == {
        events["a"].pk
    }
    with pytest.raises(NotFound):
        events_visible_to(world.user("xa.quantri"), org=world.front_b)


def test_events_come_newest_first(world):
    first = event(world, org=world.front_a, at=datetime.datetime(2025, 1, 1, 8, tzinfo=HCM))
    third = event(world, org=world.front_a, at=datetime.datetime(2025, 1, 3, 8, tzinfo=HCM))
    second = event(world, org=world.front_a, at=datetime.datetime(2025, 1, 2, 8, tzinfo=HCM))

    listed = list(events_visible_to(world.user("xa.quantri")))

    assert listed == [third, second, first]


def test_action_choices_are_every_described_action_whatever_the_scope(world, events):
    from lantoa.audit.actions import described

    commune, national = (
        action_choices_for(world.user("xa.quantri")),
        action_choices_for(world.user("quantri")),
    )

    # The same list for everyone who may read a log: codes never written in the scope find
    # no event, and the list costs no read of the log.
    assert commune == national == sorted(described())
    assert {e.action for e in events.values()} <= set(commune)
    assert "orgs.membership.added" in commune


def test_listing_events_takes_a_constant_number_of_queries(world):
    admin = world.user("xa.quantri")

    def render_page() -> int:
        admin_copy = type(admin).objects.get(pk=admin.pk)  # fresh: no cached grants
        with CaptureQueriesContext(connection) as ctx:
            for e in events_visible_to(admin_copy, action="orgs"):
                _ = (e.actor.username if e.actor else "", e.org.name if e.org else "", e.at)
        return len(ctx.captured_queries)

    for _i in range(3):
        event(world, org=world.youth_a, actor="xa.quantri")
    few = render_page()
    for _i in range(20):
        event(world, org=world.front_a, actor="xa.mttq")
    many = render_page()

    assert AuditEvent.objects.count() > 20
    assert few == many <= 2
