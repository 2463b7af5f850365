"""Writes on records: report, transitions, evidence, replication, honours, nurturing.

Every function runs in one transaction, locks the record it changes, checks the actor's
right and the transition against `workflow.TRANSITIONS`, writes the timeline step and the
audit event, and raises `DomainError` with a message a user can read.

The package is split by concept: `intake` (the one way a record is created), `content` (the
checks every report's content passes and the storing of its files; `attach_files` takes no
lock and is called inside the other services' transactions), `completion` (what a returned
record's reporter may change when resubmitting),
`subjects` (people and collectives), `reporting` (the officer's report and evidence),
`transitions` (workflow steps and the shared locking and timeline helpers) and `followup`
(honours and nurturing after verification), `replication` (units that learned and followed,
and their confirmation). The names other code uses are
re-exported here, so `from lantoa.exemplars import services; services.report_record(...)`
keeps working.
"""

from __future__ import annotations

from lantoa.exemplars.services.completion import ReportChanges
from lantoa.exemplars.services.content import MAX_PHOTOS, attach_files, check_report
from lantoa.exemplars.services.followup import (
    add_honour,
    add_progress_note,
    complete_milestone,
)
from lantoa.exemplars.services.intake import handling_org_for, receive_record
from lantoa.exemplars.services.replication import add_replication, confirm_replication
from lantoa.exemplars.services.reporting import attach_evidence, report_record
from lantoa.exemplars.services.subjects import (
    SubjectInput,
    add_sensitive_item,
    can_view_record_subject,
    copy_priority_group,
    create_subject,
)
from lantoa.exemplars.services.transitions import MilestoneInput, PlanInput, transition_record

__all__ = [
    "MAX_PHOTOS",
    "MilestoneInput",
    "PlanInput",
    "ReportChanges",
    "SubjectInput",
    "add_honour",
    "add_progress_note",
    "add_replication",
    "add_sensitive_item",
    "attach_evidence",
    "attach_files",
    "can_view_record_subject",
    "check_report",
    "complete_milestone",
    "confirm_replication",
    "copy_priority_group",
    "create_subject",
    "handling_org_for",
    "receive_record",
    "report_record",
    "transition_record",
]
