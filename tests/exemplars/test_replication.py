"""Replication names who really followed: any unit (confirmed by it) or one outside."""

from __future__ import annotations

import datetime

import pytest

from lantoa.audit.models import AuditEvent
from lantoa.core.errors import DomainError, NotFound
from lantoa.exemplars import services
from lantoa.exemplars.models import Record, Replication
from lantoa.exemplars.selectors import replications_awaiting, spread_from, spread_of
from lantoa.exemplars.stories.public import spread_counts
from tests.exemplars.helpers import report, step
from tests.personas import World

DAY = datetime.date(2026, 1, 5)


def _verified(world: World) -> Record:
    record = report(world)
    return step(world, record, "xa.mttq", "verify")


def _add(world: World, record: Record, username: str = "xa.doan", **kwargs) -> Replication:
    kwargs.setdefault("what", "Mở lớp dạy bơi")
    return services.add_replication(actor=world.user(username), record=record, date=DAY, **kwargs)


def test_a_unit_named_by_another_counts_once_it_confirms(world: World) -> None:
    record = _verified(world)
    replication = _add(world, record, org=world.youth_b)
    assert replication.confirmed_at is None and not replication.is_counted
    assert spread_of(record) == {"units": 0, "entries": 1}
    assert spread_counts([record.pk]).get(record.pk, 0) == 0
    assert list(replications_awaiting(world.user("xab.doan"))) == [replication]
    assert list(replications_awaiting(world.user("xa.doan"))) == []

    services.confirm_replication(actor=world.user("xab.doan"), replication=replication)
    replication.refresh_from_db()
    assert replication.confirmed_by == world.user("xab.doan")
    assert spread_of(record) == {"units": 1, "entries": 1}
    assert spread_counts([record.pk]) == {record.pk: 1}
    assert AuditEvent.objects.filter(action="exemplars.replication.confirmed").count() == 1
    assert record.steps.filter(action="replication_confirmed").exists()


def test_the_units_own_officer_needs_no_confirmation(world: World) -> None:
    record = _verified(world)
    replication = _add(world, record, "xab.doan", org=world.youth_b)
    assert replication.is_counted and replication.confirmed_by == world.user("xab.doan")
    assert spread_of(record)["units"] == 1


def test_only_the_named_unit_confirms_and_only_once(world: World) -> None:
    record = _verified(world)
    replication = _add(world, record, org=world.youth_b)
    with pytest.raises(NotFound):
        services.confirm_replication(actor=world.user("xa.mttq"), replication=replication)
    services.confirm_replication(actor=world.user("tinh.mttq"), replication=replication)
    with pytest.raises(DomainError) as refused:
        services.confirm_replication(actor=world.user("xab.doan"), replication=replication)
    assert refused.value.code == "confirmed"


def test_a_unit_outside_the_system_counts_at_once_and_is_marked(world: World) -> None:
    record = _verified(world)
    replication = _add(
        world, record, outside_name="  HTX  Nông nghiệp Tân Lập ", outside_place="Xã Tân Lập"
    )
    assert replication.is_outside and replication.is_counted
    assert replication.org_name == "HTX Nông nghiệp Tân Lập" and replication.org_path == ""
    _add(world, record, org=world.youth_b)  # pending: not counted yet
    assert spread_of(record) == {"units": 1, "entries": 2}
    assert spread_counts([record.pk]) == {record.pk: 1}


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({}, "unit_required"),
        ({"org": "youth_b", "outside_name": "HTX", "outside_place": "X"}, "unit_required"),
        ({"outside_name": "HTX Tân Lập"}, "place_required"),
        ({"org": "youth_b", "what": "   "}, "required"),
    ],
)
def test_a_unit_must_be_named_one_way(world: World, kwargs: dict, code: str) -> None:
    record = _verified(world)
    if kwargs.get("org"):
        kwargs["org"] = world.youth_b
    with pytest.raises(DomainError) as refused:
        _add(world, record, **kwargs)
    assert refused.value.code == code
    assert not Replication.objects.exists()


def test_the_database_refuses_a_replication_naming_no_unit(world: World) -> None:
    from django.db import IntegrityError, transaction

    record = _verified(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        Replication.objects.create(
            record=record, date=DAY, what="x", recorded_by=world.user("xa.doan")
        )


def test_a_closed_organisation_cannot_be_named(world: World) -> None:
    from lantoa.orgs.models import Organisation

    record = _verified(world)
    Organisation.objects.filter(pk=world.youth_b.pk).update(valid_to=DAY)
    world.youth_b.refresh_from_db()
    with pytest.raises(DomainError) as refused:
        _add(world, record, org=world.youth_b)
    assert refused.value.code == "org_closed"


def test_a_chain_names_what_it_learned_from_on_the_same_example(world: World) -> None:
    record = _verified(world)
    first = _add(world, record, "xab.doan", org=world.youth_b)
    second = _add(
        world,
        record,
        outside_name="Chi đoàn thôn 3",
        outside_place="Xã Tân Lập",
        learned_from=first,
    )
    assert list(first.taught.all()) == [second]
    other = _verified(world)
    with pytest.raises(DomainError) as refused:
        _add(world, other, org=world.youth_a, learned_from=first)
    assert refused.value.code == "invalid_learned_from"


def test_an_org_admin_without_an_officer_role_cannot_record(world: World) -> None:
    record = _verified(world)
    with pytest.raises(DomainError) as refused:
        _add(world, record, "xa.quantri", org=world.youth_b)
    assert refused.value.code == "forbidden"


def test_the_named_unit_is_told_a_confirmation_waits(world: World) -> None:
    from lantoa.notifications.models import Notification

    record = _verified(world)
    _add(world, record, org=world.youth_b)
    [notice] = Notification.objects.filter(kind="replication_to_confirm")
    assert notice.user == world.user("xab.doan") and record.title in notice.title
    assert notice.url == f"/staff/records/{record.pk}/"
    _add(world, record, "xab.doan", org=world.youth_b)  # their own: nothing to confirm
    _add(world, record, outside_name="HTX Tân Lập", outside_place="Tân Lập")
    assert Notification.objects.filter(kind="replication_to_confirm").count() == 1


def test_the_spread_from_the_listed_replications_equals_the_counted_one(world: World) -> None:
    """`spread_from` (the record page, from the replications it lists) counts as
    `spread_of`: pending, confirmed, the same unit twice, outside units."""
    record = _verified(world)
    assert spread_from([]) == spread_of(record) == {"units": 0, "entries": 0}
    pending = _add(world, record, org=world.youth_b)
    _add(world, record, outside_name="HTX Tân Lập", outside_place="Xã Tân Lập")
    _add(world, record, outside_name="HTX Hòa Bình", outside_place="Xã Hòa Bình")
    listed = list(record.replications.all())
    assert spread_from(listed) == spread_of(record) == {"units": 2, "entries": 3}
    services.confirm_replication(actor=world.user("xab.doan"), replication=pending)
    _add(world, record, "xab.doan", org=world.youth_b, what="Lần hai")  # the same unit again
    listed = list(record.replications.all())
    assert spread_from(listed) == spread_of(record) == {"units": 3, "entries": 4}
