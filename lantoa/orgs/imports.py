"""Bulk import of members from an XLSX or CSV file: validate everything, then write everything.

The import is all-or-nothing. Every row is checked first and every problem is collected, so
the org admin fixes the whole file in one go; only a file without a single error is applied,
inside one transaction, through the same services as the one-by-one form
(`accounts.services.create_user`, `orgs.services.add_member`), so each new account and each
role is audited as usual, plus one event for the import as a whole. Reading the file and the
templates are in `lantoa.orgs.import_files`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from lantoa.accounts import services as accounts
from lantoa.accounts.models import User
from lantoa.audit import services as audit
from lantoa.core.actors import Actor
from lantoa.core.errors import DomainError, NotFound
from lantoa.core.text import fold
from lantoa.orgs import services
from lantoa.orgs.access import Action, is_system_admin, require, scope_q
from lantoa.orgs.import_files import (
    _HEADER_KEYS,
    COLUMNS,
    ImportFailed,
    RowError,
    _clean,
    _key,
    _read,
    _refuse,
)
from lantoa.orgs.import_files import template_csv as template_csv
from lantoa.orgs.import_files import template_xlsx as template_xlsx
from lantoa.orgs.models import Membership, Organisation, Role

REQUIRED_COLUMNS = ("username", "full_name", "email", "phone", "role")

# Role cell → role code. Codes, English labels and the Vietnamese labels officials use.
ROLE_ALIASES: dict[str, tuple[str, ...]] = {
    Role.REPORTER: ("reporter", "báo cáo viên", "cán bộ báo cáo", "báo cáo"),
    Role.VERIFIER: ("verifier", "xác minh", "cán bộ xác minh", "xác minh viên"),
    Role.LEADER: ("leader", "lãnh đạo", "cán bộ lãnh đạo"),
    Role.EDITOR: ("editor", "editor (press)", "biên tập", "biên tập viên"),
    Role.ORG_ADMIN: (
        "org_admin",
        "organisation administrator",
        "organization administrator",
        "quản trị tổ chức",
        "quản trị viên tổ chức",
    ),
}
SYSTEM_ADMIN_ALIASES = ("system_admin", "system administrator", "quản trị hệ thống")

USERNAME_RE = re.compile(r"^[A-Za-z0-9._-]+$")
PHONE_RE = re.compile(r"^[0-9+().\s-]+$")

# Lengths of the model fields the cells end up in.
MAX_LENGTHS = {"username": 150, "full_name": 150, "email": 254, "phone": 20, "title": 120}


@dataclass(frozen=True)
class ImportResult:
    created_users: int
    memberships: int
    rows: int
    # Usernames of the new accounts, each sent an invitation link to set its password.
    invited: tuple[str, ...] = ()


@dataclass
class _Row:
    number: int
    values: dict[str, str]
    user: User | None = None
    org: Organisation | None = None
    role: str = ""


_ROLE_KEYS = {_key(alias): role for role, aliases in ROLE_ALIASES.items() for alias in aliases}
_SYSTEM_ADMIN_KEYS = {_key(alias) for alias in SYSTEM_ADMIN_ALIASES}


# --- checking the rows ----------------------------------------------------------------------


def _parse(filename: str, data: bytes) -> tuple[dict[str, str], list[_Row], list[RowError]]:
    """Headers (key → header as written), the non-blank data rows, header errors."""
    if not data:
        raise _refuse(_("The file is empty."))
    if len(data) > settings.MEMBER_IMPORT_MAX_BYTES:
        raise _refuse(
            _("The file is too large: at most %(size)d KB.")
            % {"size": settings.MEMBER_IMPORT_MAX_BYTES // 1024}
        )
    max_rows = settings.MEMBER_IMPORT_MAX_ROWS
    header: dict[str, tuple[int, str]] | None = None
    header_row = 1
    errors: list[RowError] = []
    rows: list[_Row] = []
    for number, cells in _read(filename, data):
        if not any(cells):
            continue
        if header is None:
            header, header_row = {}, number
            for index, cell in enumerate(cells):
                key = _HEADER_KEYS.get(_key(cell))
                if key is None:
                    continue  # extra columns ("STT", notes…) are ignored
                if key in header:
                    errors.append(RowError(number, cell, _("This column appears twice.")))
                    continue
                header[key] = (index, cell)
            continue
        if len(rows) >= max_rows:
            raise _refuse(
                _("The file has more than %(max)d rows; split it into several files.")
                % {"max": max_rows}
            )
        values = {
            key: (cells[index] if index < len(cells) else "")
            for key, (index, _header) in header.items()
        }
        rows.append(_Row(number=number, values=values))
    if header is None:
        raise _refuse(_("The file is empty."))
    for key in REQUIRED_COLUMNS:
        if key not in header:
            expected = f"{COLUMNS[key][0]} ({COLUMNS[key][1]})"
            errors.append(RowError(header_row, expected, _("This required column is missing.")))
    if not errors and not rows:
        raise _refuse(_("The file has a header but no member rows."))
    return {key: text for key, (_index, text) in header.items()}, rows, errors


def _check_rows(
    *, actor: Actor, org: Organisation, headers: dict[str, str], rows: list[_Row]
) -> list[RowError]:
    """Every problem of every row, with a constant number of queries."""
    errors: list[RowError] = []

    def error(row: _Row, key: str, message: str) -> None:
        errors.append(RowError(row.number, headers.get(key, ""), message))

    usernames = {row.values["username"].lower() for row in rows if row.values["username"]}
    emails = {row.values["email"].lower() for row in rows if row.values["email"]}
    users_by_name = {
        user.username.lower(): user
        for user in User.objects.annotate(lower_name=Lower("username")).filter(
            lower_name__in=usernames
        )
    }
    email_owner = dict(
        User.objects.annotate(lower_email=Lower("email"))
        .filter(lower_email__in=emails)
        .values_list("lower_email", "username")
    )
    orgs_by_id, orgs_by_name = _organisations_named(actor, org, rows)
    # Accounts the importer already administers: only their names may be echoed back. An
    # account known only elsewhere is confirmed to exist (the username is taken either
    # way) but its name and address stay with its own organisations.
    in_tree = set(
        Membership.objects.filter(
            scope_q(actor, Action.MANAGE_MEMBERS, field="org_path"),
            user__in=users_by_name.values(),
            ended_at__isnull=True,
        ).values_list("user_id", flat=True)
    )

    seen_usernames: dict[str, int] = {}
    seen_emails: dict[str, int] = {}
    for row in rows:
        v = row.values
        username, email = v["username"], v["email"]
        checked_username = False

        # Username: present, well-formed, once in the file; an existing account or a new one.
        if not username:
            error(row, "username", _("The username is required."))
        elif not USERNAME_RE.match(username) or len(username) > MAX_LENGTHS["username"]:
            error(
                row,
                "username",
                _(
                    "Use only letters without accents, digits, dots, hyphens and underscores "
                    "(at most 150 characters)."
                ),
            )
        elif username.lower() in seen_usernames:
            error(
                row,
                "username",
                _("This username already appears in row %(row)d.")
                % {"row": seen_usernames[username.lower()]},
            )
        else:
            seen_usernames[username.lower()] = row.number
            row.user = users_by_name.get(username.lower())
            checked_username = True

        if email:
            if email.lower() in seen_emails:
                error(
                    row,
                    "email",
                    _("This e-mail address already appears in row %(row)d.")
                    % {"row": seen_emails[email.lower()]},
                )
            else:
                seen_emails[email.lower()] = row.number
            try:
                validate_email(email)
            except ValidationError:
                error(row, "email", _("This is not a valid e-mail address."))
            owner = email_owner.get(email.lower())
            if owner is not None and owner.lower() != username.lower() and row.user is None:
                error(row, "email", _("This e-mail address belongs to another account."))

        if row.user is not None:
            # Existing account: the file may repeat its name and address, not contradict them.
            if email and email.lower() != row.user.email.lower():
                error(
                    row,
                    "email",
                    _("The account %(username)s has another e-mail address; check the username.")
                    % {"username": row.user.username},
                )
            if v["full_name"] and fold(v["full_name"]) != fold(row.user.full_name):
                if row.user.pk in in_tree:
                    message = _(
                        "The account %(username)s exists under another name (%(name)s); check "
                        "the username."
                    ) % {"username": row.user.username, "name": row.user.full_name}
                else:
                    message = _(
                        "The account %(username)s exists under another name; check the username."
                    ) % {"username": row.user.username}
                error(row, "full_name", message)
            if row.user.pk == actor.pk and not is_system_admin(actor):
                error(row, "username", _("You cannot give a role to yourself."))
            if not row.user.is_active:
                error(
                    row,
                    "username",
                    _("The account %(username)s is disabled.") % {"username": row.user.username},
                )
        elif checked_username:
            if not v["full_name"]:
                error(row, "full_name", _("The full name is required for a new account."))
            if not email:
                error(row, "email", _("The e-mail address is required for a new account."))

        for key in ("full_name", "phone", "title"):
            if len(v.get(key, "")) > MAX_LENGTHS[key]:
                error(row, key, _("At most %(max)d characters.") % {"max": MAX_LENGTHS[key]})
        if v["phone"] and not PHONE_RE.match(v["phone"]):
            error(row, "phone", _("This is not a valid phone number."))

        role_key = _key(v["role"])
        if not role_key:
            error(row, "role", _("The role is required."))
        elif role_key in _SYSTEM_ADMIN_KEYS:
            error(row, "role", _("System administrators cannot be imported."))
        elif role_key not in _ROLE_KEYS:
            error(row, "role", _("Unknown role “%(role)s”.") % {"role": v["role"]})
        else:
            row.role = _ROLE_KEYS[role_key]

        wanted = v.get("organisation", "")
        if not wanted:
            row.org = org
        else:
            found = orgs_by_id.get(wanted) if wanted.isdigit() else None
            candidates = [found] if found else orgs_by_name.get(wanted, [])
            if not candidates:
                error(
                    row, "organisation", _("Organisation “%(name)s” not found.") % {"name": wanted}
                )
            elif len(candidates) > 1:
                error(
                    row,
                    "organisation",
                    _("Several organisations are named “%(name)s”; give the number (id) instead.")
                    % {"name": wanted},
                )
            else:
                row.org = candidates[0]
        if row.org is not None and not row.org.is_active:
            error(row, "organisation", _("A closed organisation cannot receive members."))

    errors.extend(_existing_membership_errors(rows, headers))
    return errors


def _organisations_named(
    actor: Actor, org: Organisation, rows: list[_Row]
) -> tuple[dict[str, Organisation], dict[str, list[Organisation]]]:
    """The organisations the rows name, looked up in `org`'s subtree within the actor's scope
    only: one outside either answers "not found", exactly like one that does not exist."""
    wanted = {row.values.get("organisation", "") for row in rows} - {""}
    if not wanted:
        return {}, {}
    ids = [int(value) for value in wanted if value.isdigit() and len(value) < 18]
    subtree = Organisation.objects.filter(path__under=org.path).filter(
        scope_q(actor, Action.MANAGE_MEMBERS)
    )
    by_id: dict[str, Organisation] = {}
    by_name: dict[str, list[Organisation]] = {}
    # Names match exactly, up to case and Unicode normalisation (the folded column narrows the
    # candidates through its index; the comparison itself keeps every diacritic).
    exact = {value.casefold(): value for value in wanted}
    for candidate in subtree.filter(Q(pk__in=ids) | Q(folded_name__in={fold(w) for w in wanted})):
        if str(candidate.pk) in wanted:
            by_id[str(candidate.pk)] = candidate
        name = _clean(candidate.name).casefold()
        if name in exact:
            by_name.setdefault(exact[name], []).append(candidate)
    return by_id, by_name


def _existing_membership_errors(rows: list[_Row], headers: dict[str, str]) -> list[RowError]:
    existing_rows = [row for row in rows if row.user is not None and row.org and row.role]
    if not existing_rows:
        return []
    active = set(
        Membership.objects.filter(
            user__in={row.user for row in existing_rows},
            organisation__in={row.org for row in existing_rows},
            ended_at__isnull=True,
        ).values_list("user_id", "organisation_id", "role")
    )
    errors = []
    for row in existing_rows:
        assert row.user is not None and row.org is not None
        if (row.user.pk, row.org.pk, row.role) in active:
            errors.append(
                RowError(
                    row.number,
                    headers.get("role", ""),
                    _("%(user)s already has this role in %(org)s.")
                    % {"user": row.user.username, "org": row.org.name},
                )
            )
    return errors


# --- the import -----------------------------------------------------------------------------


def import_members(*, actor: Actor, org: Organisation, filename: str, data: bytes) -> ImportResult:
    """Create the accounts and roles listed in the file, all or none.

    Raises NotFound if the actor may not manage `org`'s members, `ImportFailed` (listing every
    problem) if anything in the file is wrong; in that case nothing was written. New accounts
    have no usable password: each is sent an invitation link (`ImportResult.invited`).
    """
    require(actor, Action.MANAGE_MEMBERS, org)
    if not org.is_active:
        raise _refuse(_("A closed organisation cannot receive members."))
    headers, rows, errors = _parse(filename, data)
    if errors:
        raise ImportFailed(errors=errors)
    errors = _check_rows(actor=actor, org=org, headers=headers, rows=rows)
    if errors:
        raise ImportFailed(errors=sorted(errors, key=lambda e: e.row))

    created_users = 0
    invited: list[str] = []
    current: _Row | None = None
    try:
        with transaction.atomic():
            for current in rows:
                assert current.org is not None
                user = current.user
                if user is None:
                    v = current.values
                    user = accounts.create_user(
                        actor=actor,
                        username=v["username"],
                        full_name=v["full_name"],
                        email=v["email"],
                        phone=v["phone"],
                        audit_org=current.org,
                    )
                    created_users += 1
                    invited.append(user.username)
                services.add_member(
                    actor=actor,
                    org=current.org,
                    user=user,
                    role=current.role,
                    title=current.values.get("title", ""),
                )
            audit.record(
                actor=actor,
                action="orgs.members.imported",
                obj=org,
                org=org,
                changes={
                    "filename": [None, filename[-255:]],
                    "rows": [None, len(rows)],
                    "created_users": [None, created_users],
                    "memberships": [None, len(rows)],
                },
            )
    except (DomainError, NotFound) as exc:
        # Someone changed the data between the check and the write: nothing was kept.
        number = current.number if current is not None else 1
        message = str(getattr(exc, "message", "")) or _(
            "The organisation of this row was not found."
        )
        raise ImportFailed(errors=[RowError(number, "", message)]) from None
    except IntegrityError:
        number = current.number if current is not None else 1
        raise ImportFailed(
            errors=[
                RowError(
                    number, "", _("This row conflicts with a change made meanwhile; try again.")
                )
            ]
        ) from None
    return ImportResult(
        created_users=created_users,
        memberships=len(rows),
        rows=len(rows),
        invited=tuple(invited),
    )
