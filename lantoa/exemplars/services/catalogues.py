"""Editing the catalogues (priority groups, fields of work): system administrators only.

Entries are never deleted (records and subjects point at them): an entry no longer offered is
made inactive. Every change is audited with what changed.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from lantoa.audit import services as audit
from lantoa.core.actors import Actor
from lantoa.core.errors import DomainError, NotFound
from lantoa.core.public_content import announce_names_change
from lantoa.exemplars.models import PriorityGroup, Sector
from lantoa.exemplars.roles import RecordAction
from lantoa.orgs.access import can_anywhere

CATALOGUES: dict[str, type[PriorityGroup] | type[Sector]] = {
    "priority_groups": PriorityGroup,
    "sectors": Sector,
}
FIELDS = ("code", "name", "name_en", "order", "is_active")


def save_catalogue_entry(
    *,
    actor: Actor,
    catalogue: str,
    entry: PriorityGroup | Sector | None = None,
    code: str,
    name: str,
    name_en: str = "",
    order: int = 0,
    is_active: bool = True,
) -> PriorityGroup | Sector:
    """Create an entry (`entry` None) or change one, in Vietnamese and English."""
    if not can_anywhere(actor, RecordAction.MANAGE_CATALOGUES):
        raise NotFound()
    model = CATALOGUES.get(catalogue)
    if model is None or (entry is not None and not isinstance(entry, model)):
        raise NotFound()
    code = slugify(code).replace("-", "_")
    name, name_en = " ".join(name.split()), " ".join(name_en.split())
    if not code or not name:
        raise DomainError(_("A code and a Vietnamese name are required."), code="required")
    with transaction.atomic():
        if entry is None:
            target = model()
            before: dict[str, Any] = {}
        else:
            target = model.objects.select_for_update().get(pk=entry.pk)
            before = {f: getattr(target, f) for f in FIELDS}
        for field, value in zip(FIELDS, (code, name, name_en, order, is_active), strict=True):
            setattr(target, field, value)
        try:
            with transaction.atomic():
                target.save()
        except IntegrityError:
            raise DomainError(
                _("Another entry already has this code."), code="duplicate_code"
            ) from None
        after = {f: getattr(target, f) for f in FIELDS}
        audit.record(
            actor=actor,
            action=f"exemplars.catalogue.{'changed' if before else 'created'}",
            obj=target,
            changes=audit.diff(before, after) if before else {f: [None, after[f]] for f in FIELDS},
        )
        # Story and record pages name entries from a per-process memo (exemplars.names).
        announce_names_change()
    return target
