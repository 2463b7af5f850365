from __future__ import annotations

import pytest

from lantoa.audit import services as audit
from lantoa.audit.models import AuditEvent


@pytest.fixture
def event(world):
    return audit.record(
        actor=world.user("quantri"),
        action="orgs.organisation.updated",
        obj=world.front_a,
        org=world.front_a,
        changes={"name": ["A", "B"]},
    )


def test_an_event_cannot_be_saved_again(event):
    event.action = "something.else"

    with pytest.raises(TypeError):
        event.save()
    assert AuditEvent.objects.get(pk=event.pk).action == "orgs.organisation.updated"


def test_an_event_cannot_be_deleted(event):
    with pytest.raises(TypeError):
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_a_queryset_cannot_update_or_delete_events(event):
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.update(action="x")

    assert AuditEvent.objects.get(pk=event.pk).action == "orgs.organisation.updated"


def test_bulk_update_is_refused_too(event):
    event.action = "x"

    with pytest.raises(TypeError):
        AuditEvent.objects.bulk_update([event], ["action"])


def test_recording_appends_a_new_row_each_time(world, event):
    again = audit.record(
        actor=world.user("quantri"),
        action="orgs.organisation.updated",
        obj=world.front_a,
        org=world.front_a,
    )

    assert again.pk != event.pk
    assert AuditEvent.objects.count() == 2
