"""The one way to write the audit log."""

from __future__ import annotations

from typing import Any

from django.db import models

from lantoa.audit.models import AuditEvent
from lantoa.core import context
from lantoa.core.actors import Actor


def record(
    *,
    actor: Actor | None,
    action: str,
    obj: models.Model,
    org: Any = None,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. `org` is the organisation whose subtree may read it."""
    ctx = context.current()
    user = actor if actor is not None and actor.is_authenticated else None
    return AuditEvent.objects.create(
        actor=user,
        actor_label=(user.get_username() if user is not None else "system"),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        org=org,
        org_path=org.path if org is not None else "",
        ip=ctx.ip,
        request_id=ctx.request_id,
        changes=changes or {},
    )


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """{field: [old, new]} for the fields that changed."""
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }
