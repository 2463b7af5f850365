from lantoa.staff.views.audit import audit_export, audit_export_job, audit_export_xlsx, audit_log
from lantoa.staff.views.catalogues import catalogue_edit, catalogue_list
from lantoa.staff.views.home import home
from lantoa.staff.views.jobs import digest_now, job_detail, job_progress, job_result
from lantoa.staff.views.members import (
    member_add,
    member_end,
    member_import,
    member_import_template,
)
from lantoa.staff.views.notifications import (
    notification_read,
    notifications,
    notifications_read_all,
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
    record_consent_evidence,
    record_consent_withdraw,
    record_detail,
    record_evidence,
    record_honour,
    record_milestone_done,
    record_progress,
    record_transition,
)
from lantoa.staff.views.records_list import (
    inbox,
    inbox_summary,
    record_bulk,
    record_export,
    records,
)
from lantoa.staff.views.records_report import record_new, subject_suggest
from lantoa.staff.views.replication import (
    org_picker,
    record_replicate,
    record_replication_confirm,
)
from lantoa.staff.views.subjects import (
    subject_detail,
    subject_merge,
    subject_sensitive_add,
    subject_sensitive_consent,
)

__all__ = [
    "audit_export",
    "audit_export_job",
    "audit_export_xlsx",
    "audit_log",
    "catalogue_edit",
    "catalogue_list",
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
    "notification_read",
    "notifications",
    "notifications_read_all",
    "org_create",
    "org_detail",
    "org_edit",
    "org_list",
    "org_merge",
    "org_move",
    "org_picker",
    "record_bulk",
    "record_consent",
    "record_consent_evidence",
    "record_consent_withdraw",
    "record_detail",
    "record_evidence",
    "record_export",
    "record_honour",
    "record_milestone_done",
    "record_new",
    "record_progress",
    "record_replicate",
    "record_replication_confirm",
    "record_transition",
    "records",
    "subject_detail",
    "subject_merge",
    "subject_sensitive_add",
    "subject_sensitive_consent",
    "subject_suggest",
]
