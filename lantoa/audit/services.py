"""The one way to write the audit log."""

from __future__ import annotations

from typing import Any

from django.db import models

from lantoa.audit.models import AuditEvent
from lantoa.core import context


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    org: Any = None,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. `org` is the organisation whose subtree may read it."""
    ctx = context.current()
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        actor=actor if is_user else None,
        actor_label=(actor.get_username() if is_user else "system"),
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
