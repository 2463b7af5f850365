"""Records: one exemplar, good deed, good practice or idea, from first report to replication."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lantoa.core.paths import PathField
from lantoa.core.text import fold


class RecordKind(models.TextChoices):
    GOOD_DEED = "good_deed", _("Good deed")
    EXEMPLAR = "exemplar", _("Advanced exemplar")
    GOOD_PRACTICE = "good_practice", _("Good practice")
    IDEA = "idea", _("Promising idea")


class RecordState(models.TextChoices):
    REPORTED = "reported", _("Reported")
    UNDER_VERIFICATION = "under_verification", _("Under verification")
    RETURNED = "returned", _("Returned for more information")
    REJECTED = "rejected", _("Rejected")
    VERIFIED = "verified", _("Verified")
    PROPOSED = "proposed", _("Proposed to a higher level")
    NURTURING = "nurturing", _("Nurturing")
    RECOGNISED = "recognised", _("Recognised")


class RecordSource(models.TextChoices):
    OFFICER = "officer", _("Officer")
    CITIZEN = "citizen", _("Citizen")
    PRESS = "press", _("Press")
    OTHER = "other", _("Other")


class Record(models.Model):
    """The one record a good example lives in. `org` reported it (its path scopes who sees
    it while unverified); `handling_org` is the organisation whose officers must act now
    (the level above the reporter, then higher levels after a proposal)."""

    kind = models.CharField(_("kind"), max_length=16, choices=RecordKind.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=2000)
    story = models.TextField(_("story"), blank=True)  # sanitised HTML (lantoa.core.html)
    search_text = models.TextField(editable=False, default="")  # folded title + summary + names
    deed_date = models.DateField(_("date of the deed"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=255, blank=True)
    admin_unit = models.ForeignKey(
        "orgs.AdminUnit",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    sector = models.ForeignKey(
        "exemplars.Sector",
        verbose_name=_("field"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="records",
    )
    movement = models.ForeignKey(
        "exemplars.Movement",
        verbose_name=_("movement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="records",
    )
    source = models.CharField(
        _("source"), max_length=10, choices=RecordSource.choices, default=RecordSource.OFFICER
    )
    subject = models.ForeignKey(
        "exemplars.Subject",
        verbose_name=_("about"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="records",
    )
    # A copy of the subject's priority group, so that the list's filter reads an index of
    # this table instead of joining the subjects (issue 15). `save()` copies it from the
    # subject; a change of the subject's group is copied onto its records by
    # `services.subjects.copy_priority_group`, in the same transaction.
    priority_group = models.ForeignKey(
        "exemplars.PriorityGroup",
        verbose_name=_("priority group"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("reporting organisation"),
        on_delete=models.PROTECT,
        related_name="records",
    )
    org_path = PathField()
    org_name = models.CharField(_("reporting organisation (as issued)"), max_length=255)
    handling_org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("handled by"),
        on_delete=models.PROTECT,
        related_name="handled_records",
    )
    # Set by a proposal: where the record goes back if the higher level declines it.
    previous_handling_org = models.ForeignKey(
        "orgs.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The state before the current one: where "back to where it came from" steps lead (a
    # declined proposal returns a recognised record to recognised, not to verified).
    previous_state = models.CharField(
        _("previous state"), max_length=20, choices=RecordState.choices, blank=True
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reported_records",
    )
    state = models.CharField(
        _("state"), max_length=20, choices=RecordState.choices, default=RecordState.REPORTED
    )
    state_since = models.DateTimeField(_("in this state since"))
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    idempotency_key = models.CharField(max_length=80, null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("record")
        verbose_name_plural = _("records")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "idempotency_key"],
                name="exm_record_idempotency",
                condition=models.Q(idempotency_key__isnull=False),
            ),
        ]
        indexes = [
            models.Index(fields=["handling_org", "state", "due_at"], name="exm_record_inbox"),
            # The own-tree part of a list: its keys come from the index alone (the
            # deferred join of selectors.RecordRows).
            models.Index(
                fields=["org_path", "created_at", "id"],
                name="exm_record_path_created",
                opclasses=["varchar_pattern_ops", "", ""],
            ),
            # Overdue records in a state (the shared part of an overdue list, the
            # digest): the keys and the path come from the index alone.
            models.Index(
                fields=["state", "due_at", "created_at", "id", "org_path"],
                name="exm_record_state_due",
            ),
            # A verifier's list filtered by state under her organisation, newest first.
            models.Index(
                fields=["state", "org_path", "created_at", "id"],
                name="exm_record_state_path",
                opclasses=["", "varchar_pattern_ops", "", ""],
            ),
            # Lists read newest first through an index that matches each part of the
            # visibility union (selectors.record_list) and filter, and stop at the page
            # (issue 15): every record in a state; the shared states across all trees;
            # a field, a movement, the overdue.
            models.Index(fields=["state", "created_at", "id"], name="exm_record_state_new"),
            # Newest first with the path inside: PostgreSQL walks it for a big subtree (a
            # province) and stops at the page, where the path range would sort 28,000
            # keys; a small subtree takes the range (the planner weighs the two).
            models.Index(
                fields=["created_at", "id", "org_path"],
                name="exm_record_newest_path",
                opclasses=["", "", "varchar_pattern_ops"],
            ),
            models.Index(
                fields=["created_at", "id", "org_path", "due_at"],
                name="exm_record_shared_new",
                condition=models.Q(state__in=["nurturing", "proposed", "recognised", "verified"]),
            ),
            # A field, a movement, a priority group: newest first across the shared records
            # and large trees; inside a small tree, a range of the path within the value
            # (decision 112). The path and the state come last, so that the shared part's page
            # and capped count test them in the index alone: PostgreSQL's count scanned the
            # table, 11,000 rows for 1,001 (issue 15).
            models.Index(
                fields=["sector", "created_at", "id", "org_path", "state"],
                name="exm_record_sector_new",
            ),
            models.Index(
                fields=["movement", "created_at", "id", "org_path", "state"],
                name="exm_record_movement_new",
            ),
            models.Index(
                fields=["priority_group", "created_at", "id", "org_path", "state"],
                name="exm_record_group_new",
            ),
            models.Index(
                fields=["priority_group", "org_path", "created_at", "id"],
                name="exm_record_group_path",
                opclasses=["", "varchar_pattern_ops", "", ""],
            ),
            # The own-tree part filtered by a field, a kind or a movement: a range of the tree
            # within the value, its keys from the index alone (a province's 3,000
            # records of one field were read row by row, 180 ms at a million records).
            models.Index(
                fields=["sector", "org_path", "created_at", "id"],
                name="exm_record_sector_path",
                opclasses=["", "varchar_pattern_ops", "", ""],
            ),
            models.Index(
                fields=["kind", "org_path", "created_at", "id"],
                name="exm_record_kind_path",
                opclasses=["", "varchar_pattern_ops", "", ""],
            ),
            models.Index(
                fields=["movement", "org_path", "created_at", "id"],
                name="exm_record_movement_path",
                opclasses=["", "varchar_pattern_ops", "", ""],
            ),
            models.Index(
                fields=["org_path", "due_at", "created_at", "id"],
                name="exm_record_path_due",
                opclasses=["varchar_pattern_ops", "", "", ""],
            ),
            # The open records (those with a due date: a transition sets one when the next
            # step waits on someone and clears it otherwise), newest first: an overdue
            # list's parts walk it and stop at the page, whatever the role
            # (`due_at < now` implies the condition, bound or not). Its size is the backlog,
            # not the history: the shared part read 41,000 overdue keys of
            # `exm_record_state_due` and sorted them, 8 ms at a million records (issue 15).
            models.Index(
                fields=["created_at", "id", "org_path", "state", "due_at"],
                name="exm_record_open_new",
                opclasses=["", "", "varchar_pattern_ops", "", ""],
                condition=models.Q(due_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.refresh_search_text()
        self.priority_group_id = (
            self.subject.priority_group_id if self.subject_id and self.subject is not None else None
        )
        fields = kwargs.get("update_fields")
        if fields is not None and "subject" in fields and "priority_group" not in fields:
            # The copy follows the subject wherever the subject is saved.
            kwargs["update_fields"] = [*fields, "priority_group"]
        super().save(*args, **kwargs)

    def refresh_search_text(self) -> None:
        parts = [self.title, self.summary, self.place]
        if self.subject_id and self.subject is not None:
            parts.append(self.subject.full_name)
        self.search_text = fold(" ".join(p for p in parts if p))


class Evidence(models.Model):
    """A photo or document attached to a record, stored under a generated name."""

    class Kind(models.TextChoices):
        PHOTO = "photo", _("Photo")
        DOCUMENT = "document", _("Document")

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to="evidence/%Y/%m/")
    original_name = models.CharField(_("original name"), max_length=255)
    content_type = models.CharField(max_length=80)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    # Smaller copies of a photo for the public pages: {"320": stored file name, ...}.
    variants = models.JSONField(default=dict, blank=True)
    caption = models.CharField(_("caption"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.original_name


class RecordStep(models.Model):
    """One hand-over on the record's timeline, with the time spent in the previous step."""

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(_("action"), max_length=30)
    from_state = models.CharField(max_length=20, choices=RecordState.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=RecordState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True)
    actor_org = models.ForeignKey(
        "orgs.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_org_name = models.CharField(max_length=255, blank=True)
    at = models.DateTimeField()
    note = models.TextField(_("note"), blank=True)
    seconds_in_previous = models.PositiveBigIntegerField(null=True, blank=True)
    previous_due_at = models.DateTimeField(null=True, blank=True)
    was_overdue = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.record_id}: {self.from_state} → {self.to_state}"


class NurturePlan(models.Model):
    record = models.OneToOneField(Record, on_delete=models.CASCADE, related_name="nurture_plan")
    mentor_org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("mentor unit"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    goal = models.TextField(_("goal"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("nurturing plan")
        verbose_name_plural = _("nurturing plans")

    def __str__(self) -> str:
        return f"{self.record}"


class Milestone(models.Model):
    plan = models.ForeignKey(NurturePlan, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=200)
    due_date = models.DateField(_("due date"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return self.title


class ProgressNote(models.Model):
    plan = models.ForeignKey(NurturePlan, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("progress"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        ordering = ["at"]

    def __str__(self) -> str:
        return self.text[:50]


class Replication(models.Model):
    """A unit that learned from / applied the example: the spread the seed asks for.

    Either an organisation of the system (`org`), counted for spread once an officer of that
    unit confirms it (`confirmed_at`; at once when one of its own officers records it), or a
    unit outside the system named with its place (`outside_name`, `outside_place`), counted
    at once and shown as outside. `learned_from` names the replication it learned from, so
    that spread can follow chains later."""

    record = models.ForeignKey(Record, on_delete=models.PROTECT, related_name="replications")
    org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replications",
    )
    org_path = PathField(blank=True)  # "" for a unit outside the system
    org_name = models.CharField(max_length=255)  # as issued; the outside unit's name
    outside_name = models.CharField(_("unit outside the system"), max_length=255, blank=True)
    outside_place = models.CharField(_("place of the unit"), max_length=255, blank=True)
    learned_from = models.ForeignKey(
        "self",
        verbose_name=_("learned from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="taught",
    )
    date = models.DateField(_("date"))
    what = models.TextField(_("what they did"))
    result = models.TextField(_("result"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("replication")
        verbose_name_plural = _("replications")
        ordering = ["date", "id"]
        constraints = [
            # A unit of the system or one outside it, never both, never neither.
            models.CheckConstraint(
                condition=(models.Q(org__isnull=False) & models.Q(outside_name=""))
                | (models.Q(org__isnull=True) & ~models.Q(outside_name="")),
                name="exm_replication_one_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.org_name} – {self.record}"

    @property
    def is_outside(self) -> bool:
        return self.org_id is None

    @property
    def is_counted(self) -> bool:
        return self.is_outside or self.confirmed_at is not None


# Which replications count for spread: confirmed by the unit, or a unit outside the system.
COUNTED_REPLICATIONS = models.Q(confirmed_at__isnull=False) | models.Q(org__isnull=True)


def spread_units() -> models.Expression:
    """Units that learned and followed, as one aggregate over counted replications: the
    distinct confirmed organisations plus each unit outside the system."""
    return models.Count(
        "org", distinct=True, filter=models.Q(confirmed_at__isnull=False)
    ) + models.Count("pk", filter=models.Q(org__isnull=True))


class Honour(models.Model):
    """A commendation received (free text until the awards issue)."""

    record = models.ForeignKey(Record, on_delete=models.PROTECT, related_name="honours")
    text = models.CharField(_("honour"), max_length=255)
    date = models.DateField(_("date"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("honour")
        verbose_name_plural = _("honours")
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return self.text


class RecordShare(models.Model):
    """The record (or parts of it about a person) leaving the organisation tree: to the
    public portal, to the press, or elsewhere. Allowed only while the subject's consents cover
    every purpose listed; withdrawing one of them revokes the share at once."""

    class Audience(models.TextChoices):
        PUBLIC = "public", _("Public portal")
        PRESS = "press", _("Press")
        OTHER = "other", _("Other")

    record = models.ForeignKey(Record, on_delete=models.PROTECT, related_name="shares")
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices)
    purposes = models.JSONField(_("purposes relied on"), default=list)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    shared_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=255, blank=True)

    class Meta:
        verbose_name = _("share")
        verbose_name_plural = _("shares")
        ordering = ["-shared_at"]

    def __str__(self) -> str:
        return f"{self.record} → {self.get_audience_display()}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
