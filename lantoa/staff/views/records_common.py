"""Small reads shared by the registry pages."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lantoa.core import versioned
from lantoa.core.actors import Actor
from lantoa.orgs.access import GRANTS_VERSION, grants, role_allows
from lantoa.orgs.models import Organisation


def own_orgs_for(actor: Actor, action: str) -> list[Organisation]:
    """The actor's own organisations (their memberships) whose role allows `action`, the
    deepest first: a commune officer reports for the commune, not for the province.

    With a shared cache, kept under the grants' version (decision 128), which any save of a
    membership or an organisation (a rename, a closing) and a move replace: the record
    page asks this on every view, the organisations change rarely (issue 15). With Redis,
    from the process's memory while Redis reports no change of that version (decision
    142): callers must not change the list."""
    ids = sorted({g.org_id for g in grants(actor) if role_allows(g.role, action)})
    if not ids:
        return []

    def read() -> list[Organisation]:
        return list(
            Organisation.objects.filter(pk__in=ids, valid_to__isnull=True).order_by(
                "-depth", "name"
            )
        )

    key = "staff:own-orgs:" + ",".join(str(pk) for pk in ids)
    return versioned.cached(GRANTS_VERSION, key, read, watch=GRANTS_VERSION)


def ancestors_of(org: Organisation) -> QuerySet[Organisation]:
    """Where a record handled by `org` may be proposed: its ancestors, the parent first."""
    return Organisation.objects.filter(pk__in=org.ancestor_ids(), valid_to__isnull=True).order_by(
        "-depth"
    )


def proposal_targets(org: Organisation) -> list[Organisation]:
    """`ancestors_of(org)` as the record page lists them, kept like `own_orgs_for` under the
    grants' version (replaced by any organisation saved or moved)."""
    key = f"staff:ancestors:{org.pk}:{org.path}"
    return versioned.cached(
        GRANTS_VERSION, key, lambda: list(ancestors_of(org)), watch=GRANTS_VERSION
    )


def humanise_seconds(seconds: int | None) -> str:
    """A duration as an officer says it: "3 days 2 hours", "5 hours 10 minutes"."""
    if seconds is None:
        return ""
    minutes = seconds // 60
    if minutes < 1:
        return _("less than a minute")
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts: list[str] = []
    if days:
        parts.append(ngettext("%(n)d day", "%(n)d days", days) % {"n": days})
        if hours:
            parts.append(ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours})
    elif hours:
        parts.append(ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours})
        if minutes:
            parts.append(ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes})
    else:
        parts.append(ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes})
    return " ".join(parts)
