"""The catalogues' entries as a select's choices, cached under a version that every write of
an entry replaces (`core.versioned`, as the grants and the bell; decision 135), and with
Redis kept in each process's memory while Redis reports no write of that version.

The record list's filters offer every priority group and field: two queries and a model
per entry on each page, for lists that change a few times a year. Each entry is kept as
(id, Vietnamese name, English name); the label is chosen in the active language when the
choices are drawn. Without a shared cache the entries are read every time.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import get_language

from lantoa.core import versioned
from lantoa.exemplars.models import Movement, PriorityGroup, Sector

CATALOGUES_VERSION = "exemplars:catalogues:v"


def catalogues_changed() -> None:
    versioned.changed(CATALOGUES_VERSION)


def _entries(model: type[models.Model]) -> list[tuple[int, str, str]]:
    def read() -> list[tuple[int, str, str]]:
        return list(model._default_manager.values_list("pk", "name", "name_en"))

    key = f"exemplars:catalogue:{model._meta.model_name}"
    # Tuples of plain values: safe to hand out from this process's memory (decision 142).
    return versioned.cached(CATALOGUES_VERSION, key, read, watch=CATALOGUES_VERSION)


def filter_entries() -> tuple[list[tuple[int, str, str]], ...]:
    """The entries the record filters offer (priority groups, fields), as cached: all that
    an unbound filter form's choices depend on, with the language."""
    return _entries(PriorityGroup), _entries(Sector)


def choices(model: type[models.Model], empty_label: Any) -> list[tuple[Any, str]]:
    """Every entry of `model` (in its catalogue's order) after `empty_label`, each named in
    the active language as `BilingualName` names it."""
    english = (get_language() or "").startswith("en")
    return [
        ("", str(empty_label)),
        *((pk, name_en if english and name_en else name) for pk, name, name_en in _entries(model)),
    ]


@receiver(post_save, sender=PriorityGroup)
@receiver(post_delete, sender=PriorityGroup)
@receiver(post_save, sender=Sector)
@receiver(post_delete, sender=Sector)
@receiver(post_save, sender=Movement)
@receiver(post_delete, sender=Movement)
def _catalogue_changed(**kwargs: Any) -> None:
    catalogues_changed()
