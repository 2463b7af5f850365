from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lantoa.core.paths import PathField, child_path
from lantoa.core.text import fold
from lantoa.orgs.models.units import AdminUnit


class OrgKind(models.TextChoices):
    PARTY_COMMITTEE = "party_committee", _("Party committee")
    PROPAGANDA_BOARD = "propaganda_board", _("Propaganda and mass-mobilisation board")
    FATHERLAND_FRONT = "fatherland_front", _("Fatherland Front committee")
    YOUTH_UNION = "youth_union", _("Youth Union")
    WOMENS_UNION = "womens_union", _("Women's Union")
    FARMERS_ASSOCIATION = "farmers_association", _("Farmers' Association")
    VETERANS_ASSOCIATION = "veterans_association", _("Veterans' Association")
    TRADE_UNION = "trade_union", _("Trade union / labour federation")
    MEDIA_AGENCY = "media_agency", _("Media agency")
    OTHER = "other", _("Other")


class OrgLevel(models.TextChoices):
    CENTRAL = "central", _("Central")
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District (before 2025)")
    COMMUNE = "commune", _("Commune")
    VILLAGE = "village", _("Village / branch")


LEVEL_ORDER = [
    OrgLevel.CENTRAL,
    OrgLevel.PROVINCE,
    OrgLevel.DISTRICT,
    OrgLevel.COMMUNE,
    OrgLevel.VILLAGE,
]


class OrganisationManager(models.Manager["Organisation"]):
    def create_child(self, *, parent: Organisation | None, **fields: Any) -> Organisation:
        """Insert an organisation under `parent` (a root when None), with its path, depth and
        first entry in the name history. The only way a node enters the tree: the path
        holds the row's own id, so it needs the insert first and an update after, and a
        second copy of that sequence would drift (depth, name history, placeholder)."""
        if "path" in fields or "depth" in fields:
            raise TypeError("create_child() computes path and depth; do not pass them.")
        with transaction.atomic(using=self.db):
            # A unique placeholder: the path column is unique and the id is not known yet.
            org = self.model(
                parent=parent,
                path=f"/new-{uuid.uuid4().hex}/",
                depth=(parent.depth + 1) if parent else 1,
                **fields,
            )
            org.save(using=self.db)
            org.path = child_path(parent.path if parent else "", org.pk)
            org.save(using=self.db, update_fields=["path"])
            OrganisationName.objects.using(self.db).create(
                organisation=org, name=org.name, valid_from=org.valid_from, valid_to=org.valid_to
            )
        return org


class Organisation(models.Model):
    """A node of the organisation tree (materialised path, see `paths.py`).

    `name` is the current name; `names` keeps every name with its validity so that a record
    shows the name as issued. A merged or dissolved organisation keeps its row (valid_to set)
    and its history; a merged one is moved under its successor so the successor's officers
    keep seeing what it did.
    """

    name = models.CharField(_("name"), max_length=255)
    folded_name = models.CharField(max_length=255, editable=False, db_index=True)
    kind = models.CharField(_("kind"), max_length=30, choices=OrgKind.choices)
    level = models.CharField(_("level"), max_length=10, choices=OrgLevel.choices)
    admin_unit = models.ForeignKey(
        AdminUnit,
        verbose_name=_("administrative unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = PathField(unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=1, editable=False)
    valid_from = models.DateField(_("established on"), null=True, blank=True)
    valid_to = models.DateField(_("closed on"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganisationManager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["path"]
        indexes = [
            models.Index(fields=["parent", "name"], name="orgs_org_parent_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.folded_name = fold(self.name)
        super().save(*args, **kwargs)

    @property
    def is_active(self) -> bool:
        return self.valid_to is None

    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/")[:-1]]

    def name_on(self, day: datetime.date) -> str:
        """The name the organisation bore on `day` (as issued on a document of that date)."""
        for entry in self.names.all():
            if (entry.valid_from is None or entry.valid_from <= day) and (
                entry.valid_to is None or day <= entry.valid_to
            ):
                return entry.name
        return self.name


class OrganisationName(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(_("name"), max_length=255)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("organisation name")
        verbose_name_plural = _("organisation names")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    REPORTER = "reporter", _("Reporter")
    VERIFIER = "verifier", _("Verifier")
    LEADER = "leader", _("Leader")
    EDITOR = "editor", _("Editor (press)")
    ORG_ADMIN = "org_admin", _("Organisation administrator")
    SYSTEM_ADMIN = "system_admin", _("System administrator")


# Roles that decide, verify or administer: granting one takes a second person's confirmation.
CONFIRMED_ROLES = frozenset({Role.VERIFIER, Role.LEADER, Role.ORG_ADMIN})


class Membership(models.Model):
    """`user` holds `role` in `organisation`; the role applies to its whole subtree.

    A membership gives rights only once confirmed (`confirmed_at` set): a verifier, leader or
    org-admin grant waits for someone other than the grantor and the grantee
    (`orgs.services.confirm_membership`). The default is "confirmed now", so rows written
    outside the services (demo, fixtures, migrations) keep working as before.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    org_path = PathField(editable=False)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    title = models.CharField(_("position"), max_length=120, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(
        _("confirmed at"), null=True, blank=True, default=timezone.now
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"],
                condition=models.Q(ended_at__isnull=True),
                name="orgs_membership_one_active_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.organisation}"

    @property
    def is_pending(self) -> bool:
        return self.confirmed_at is None and self.ended_at is None
