"""The catalogue entries and places a story or a record names, from a per-process memo.

A story page shows its publication's priority group, field, movement, province and commune;
the staff record page its record's field, movement and place and its subject's priority
group (`attach_record_names`, issue 15: four joins of `selectors.get_record_for`).
Reading them with the publication (`select_related` over five tables) cost a story page
~1 ms of Django building the SQL of the joins on every cache miss (docs/performance.md,
issue 15). These tables are small and change rarely, so each process keeps the entries it
has read, by primary key, and a story is given them from there (`attach_names`).

The memo is trusted while the *names version* in Django's cache (shared by every process in
production) is the one it was filled under. Every service that creates or edits a catalogue
entry or an administrative unit calls `core.public_content.announce_names_change()` (at once
and again when its transaction commits, as for the page cache's generation), so the next
story page of every process reads them again. A writer that bypasses the services (the Django
shell, a data migration) is caught up within `MAX_AGE` seconds, the life of a cached page.
"""

from __future__ import annotations

import time
from collections.abc import Collection, Iterable
from typing import Any

from django.db import models
from django.db.models import Q

from lantoa.core.public_content import names_version
from lantoa.exemplars.models import Movement, PriorityGroup, Publication, Record, Sector
from lantoa.orgs.models import AdminUnit

# Seconds a process trusts its memo at most, whatever the version says (writers outside the
# services); the same as a cached public page lives (`portal.cached_pages`).
MAX_AGE = 60.0
# (field on Publication, model it names)
NAMED: tuple[tuple[str, type[models.Model]], ...] = (
    ("priority_group", PriorityGroup),
    ("sector", Sector),
    ("movement", Movement),
    ("province", AdminUnit),
    ("commune", AdminUnit),
)


class _Memo:
    def __init__(self) -> None:
        self.version: str | None = None
        self.filled_at = 0.0
        self.entries: dict[type[models.Model], dict[int, Any]] = {}

    def reset(self, version: str | None) -> None:
        self.version = version
        self.filled_at = time.monotonic()
        self.entries = {model: {} for model in (PriorityGroup, Sector, Movement, AdminUnit)}


_memo = _Memo()


def forget_names() -> None:
    """Empty this process's memo (tests, and a new version)."""
    _memo.reset(None)


def _read(model: type[models.Model], pks: set[int], provinces: Collection[int]) -> dict[int, Any]:
    """Entries to remember when `pks` are missing: a whole catalogue (a few dozen rows), or
    the missing units with every unit of the stories' provinces, so that a process reads
    each province's communes once rather than one commune a story page."""
    if model is not AdminUnit:
        return model._default_manager.in_bulk()
    units = AdminUnit.objects.filter(Q(pk__in=pks) | Q(parent_id__in=provinces))
    return {unit.pk: unit for unit in units}


# The record's own names, and its subject's priority group.
RECORD_NAMED: tuple[tuple[str, type[models.Model]], ...] = (
    ("sector", Sector),
    ("movement", Movement),
    ("admin_unit", AdminUnit),
)
SUBJECT_NAMED: tuple[tuple[str, type[models.Model]], ...] = (("priority_group", PriorityGroup),)


def _attach(
    objects: list[models.Model],
    named: tuple[tuple[str, type[models.Model]], ...],
    provinces: Collection[int] = (),
) -> None:
    """Put each object's entries in its foreign keys' caches, as `select_related` would:
    one query per table only for entries this process has not read yet under the current
    version (the version is checked by the caller)."""
    missing: dict[type[models.Model], set[int]] = {}
    for obj in objects:
        for name, model in named:
            pk = getattr(obj, f"{name}_id")
            if pk is not None and pk not in _memo.entries[model]:
                missing.setdefault(model, set()).add(pk)
    for model, pks in missing.items():
        _memo.entries[model].update(_read(model, pks, provinces))
    for obj in objects:
        for name, model in named:
            pk = getattr(obj, f"{name}_id")
            if pk is not None:
                # Through the field's cache, as select_related fills it (no query later).
                field = type(obj)._meta.get_field(name)
                assert isinstance(field, models.ForeignKey)
                field.set_cached_value(obj, _memo.entries[model].get(pk))


def _check_version() -> None:
    version = names_version()
    if version != _memo.version or time.monotonic() - _memo.filled_at > MAX_AGE:
        _memo.reset(version)


def attach_names(stories: Iterable[Publication]) -> None:
    """Give each story its catalogue entries and places, as `select_related` would: one
    cache lookup, and one query per table only for entries this process has not read yet
    under the current version."""
    stories = list(stories)
    _check_version()
    provinces = {story.province_id for story in stories if story.province_id is not None}
    _attach(list(stories), NAMED, provinces)


def attach_record_names(record: Record) -> None:
    """Give a record its field, movement and place, and its subject (when read with it) the
    priority group, as `select_related` would: one cache lookup, and a query only for an
    entry this process has not read under the current version. Like a story page, a name
    changed outside the services shows within `MAX_AGE` seconds."""
    _check_version()
    _attach([record], RECORD_NAMED)
    subject = record.subject if record.subject_id is not None else None
    if subject is not None:
        _attach([subject], SUBJECT_NAMED)
