from lantoa.staff.views.audit import audit_export, audit_export_job, audit_export_xlsx, audit_log
from lantoa.staff.views.home import home
from lantoa.staff.views.jobs import digest_now, job_detail, job_progress, job_result
from lantoa.staff.views.members import (
    member_add,
    member_end,
    member_import,
    member_import_template,
)
from lantoa.staff.views.orgs import (
    org_create,
    org_detail,
    org_edit,
    org_list,
    org_merge,
    org_move,
)
from lantoa.staff.views.records_detail import (
    record_consent,
    record_consent_withdraw,
    record_detail,
    record_evidence,
    record_honour,
    record_milestone_done,
    record_progress,
    record_replicate,
    record_transition,
)
from lantoa.staff.views.records_list import inbox, inbox_summary, record_bulk, records
from lantoa.staff.views.records_report import record_new, subject_suggest

__all__ = [
    "audit_export",
    "audit_export_job",
    "audit_export_xlsx",
    "audit_log",
    "digest_now",
    "home",
    "inbox",
    "inbox_summary",
    "job_detail",
    "job_progress",
    "job_result",
    "member_add",
    "member_end",
    "member_import",
    "member_import_template",
    "org_create",
    "org_detail",
    "org_edit",
    "org_list",
    "org_merge",
    "org_move",
    "record_bulk",
    "record_consent",
    "record_consent_withdraw",
    "record_detail",
    "record_evidence",
    "record_honour",
    "record_milestone_done",
    "record_new",
    "record_progress",
    "record_replicate",
    "record_transition",
    "records",
    "subject_suggest",
]
