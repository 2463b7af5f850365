from django.urls import path

from lantoa.staff import views
from lantoa.staff.views import documents, documents_issuers
from lantoa.staff.views.accounts import (
    account_deactivate,
    account_detail,
    account_reset_link,
    my_account,
    my_sign_out_everywhere,
    my_token_revoke,
    reset_approve,
)
from lantoa.staff.views.documents_record import document_record
from lantoa.staff.views.grants import grant_confirm, grant_refuse, grants
from lantoa.staff.views.pickers import (
    pick_mentor,
    pick_merge_target,
    pick_parent,
    pick_record_org,
    pick_unit,
    pick_unit_new,
)
from lantoa.staff.views.records_publish import record_publish, record_unpublish

app_name = "staff"
urlpatterns = [
    path("", views.home, name="home"),
    path("orgs/", views.org_list, name="org_list"),
    path("orgs/<int:pk>/", views.org_detail, name="org_detail"),
    path("orgs/<int:pk>/new/", views.org_create, name="org_create"),
    path("orgs/<int:pk>/edit/", views.org_edit, name="org_edit"),
    path("orgs/<int:pk>/move/", views.org_move, name="org_move"),
    path("orgs/<int:pk>/merge/", views.org_merge, name="org_merge"),
    # Organisation pickers (JSON for the combobox; each searches what its form accepts)
    path("orgs/<int:pk>/pick/parent/", pick_parent, name="pick_parent"),
    path("orgs/<int:pk>/pick/merge/", pick_merge_target, name="pick_merge_target"),
    path("pick/record-orgs/", pick_record_org, name="pick_record_org"),
    path("pick/mentors/", pick_mentor, name="pick_mentor"),
    # Administrative-unit pickers of the organisation forms (edit, and a new unit under pk)
    path("orgs/<int:pk>/pick/units/", pick_unit, name="pick_unit"),
    path("orgs/<int:pk>/pick/units/new/", pick_unit_new, name="pick_unit_new"),
    path("orgs/<int:pk>/members/add/", views.member_add, name="member_add"),
    path("orgs/<int:pk>/members/import/", views.member_import, name="member_import"),
    path(
        "orgs/<int:pk>/members/import/template.<str:fmt>",
        views.member_import_template,
        name="member_import_template",
    ),
    path("memberships/<int:pk>/end/", views.member_end, name="member_end"),
    path("grants/", grants, name="grants"),
    path("grants/<int:pk>/confirm/", grant_confirm, name="grant_confirm"),
    path("grants/<int:pk>/refuse/", grant_refuse, name="grant_refuse"),
    path("resets/<int:pk>/approve/", reset_approve, name="reset_approve"),
    path("accounts/<int:pk>/", account_detail, name="account_detail"),
    path("accounts/<int:pk>/reset-link/", account_reset_link, name="account_reset_link"),
    path("accounts/<int:pk>/deactivate/", account_deactivate, name="account_deactivate"),
    path("me/", my_account, name="my_account"),
    path("me/tokens/<int:pk>/revoke/", my_token_revoke, name="my_token_revoke"),
    path("me/sign-out-everywhere/", my_sign_out_everywhere, name="my_sign_out_everywhere"),
    path("audit/", views.audit_log, name="audit_log"),
    path("audit/export.csv", views.audit_export, name="audit_export"),
    path("audit/export.xlsx", views.audit_export_xlsx, name="audit_export_xlsx"),
    path("audit/export/", views.audit_export_job, name="audit_export_job"),
    # Background jobs
    path("jobs/<uuid:pk>/", views.job_detail, name="job_detail"),
    path("jobs/<uuid:pk>/progress/", views.job_progress, name="job_progress"),
    path("jobs/<uuid:pk>/result/", views.job_result, name="job_result"),
    path("jobs/digest/", views.digest_now, name="digest_now"),
    # Catalogues (system administrators)
    path("catalogues/", views.catalogue_list, name="catalogue_list"),
    path("catalogues/<str:catalogue>/new/", views.catalogue_edit, name="catalogue_new"),
    path("catalogues/<str:catalogue>/<int:pk>/", views.catalogue_edit, name="catalogue_edit"),
    # Notifications (the bell)
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read_all, name="notifications_read_all"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification_read"),
    # Exemplar registry
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/summary/", views.inbox_summary, name="inbox_summary"),
    path("records/", views.records, name="record_list"),
    path("records/new/", views.record_new, name="record_new"),
    path("records/bulk/", views.record_bulk, name="record_bulk"),
    path("records/export/", views.record_export, name="record_export"),
    path("records/<int:pk>/", views.record_detail, name="record_detail"),
    path("records/<int:pk>/evidence/<int:eid>/", views.record_evidence, name="record_evidence"),
    path("records/<int:pk>/transition/", views.record_transition, name="record_transition"),
    path("records/<int:pk>/replications/", views.record_replicate, name="record_replicate"),
    path(
        "records/<int:pk>/replications/<int:rid>/confirm/",
        views.record_replication_confirm,
        name="record_replication_confirm",
    ),
    path("orgs/pick/", views.org_picker, name="org_picker"),
    path("records/<int:pk>/consents/", views.record_consent, name="record_consent"),
    path(
        "records/<int:pk>/consents/<int:cid>/evidence/",
        views.record_consent_evidence,
        name="record_consent_evidence",
    ),
    path(
        "records/<int:pk>/consents/<int:cid>/withdraw/",
        views.record_consent_withdraw,
        name="record_consent_withdraw",
    ),
    path("records/<int:pk>/progress/", views.record_progress, name="record_progress"),
    path(
        "records/<int:pk>/milestones/<int:mid>/done/",
        views.record_milestone_done,
        name="record_milestone_done",
    ),
    path("records/<int:pk>/honours/", views.record_honour, name="record_honour"),
    path("records/<int:pk>/publish/", record_publish, name="record_publish"),
    path("records/<int:pk>/unpublish/", record_unpublish, name="record_unpublish"),
    path("subjects/suggest/", views.subject_suggest, name="subject_suggest"),
    # Official documents
    path("documents/", documents.document_home, name="document_home"),
    path("documents/issuers/new/", documents_issuers.issuer_new, name="issuer_new"),
    path("documents/issuers/<int:pk>/edit/", documents_issuers.issuer_edit, name="issuer_edit"),
    path(
        "documents/issuers/<int:pk>/retirement/",
        documents_issuers.issuer_retirement,
        name="issuer_retirement",
    ),
    path("documents/issuers/<int:pk>/terms/new/", documents_issuers.term_new, name="term_new"),
    path("documents/issuers/<int:pk>/", documents.issuer_register, name="issuer_register"),
    path(
        "documents/issuers/<int:pk>/register.xlsx",
        documents.issuer_register_export,
        name="issuer_register_export",
    ),
    path("documents/issuers/<int:pk>/new/", documents.document_new, name="document_new"),
    path("documents/issuers/<int:pk>/record/", document_record, name="document_record"),
    path("documents/<int:pk>/", documents.document_detail, name="document_detail"),
    path("documents/<int:pk>/files/<int:file_pk>/", documents.document_file, name="document_file"),
    path(
        "documents/<int:pk>/certificates.zip",
        documents.document_certificates,
        name="document_certificates",
    ),
    path(
        "documents/<int:pk>/certificates/job/",
        documents.document_certificates_job,
        name="document_certificates_job",
    ),
    path(
        "documents/<int:pk>/certificates/<int:certificate_pk>/revoke/",
        documents.certificate_revoke,
        name="certificate_revoke",
    ),
    path("documents/<int:pk>/<slug:action>/", documents.document_action, name="document_action"),
    path("subjects/<int:pk>/", views.subject_detail, name="subject_detail"),
    path("subjects/<int:pk>/merge/<int:other>/", views.subject_merge, name="subject_merge"),
    path("subjects/<int:pk>/sensitive/", views.subject_sensitive_add, name="subject_sensitive_add"),
    path(
        "subjects/<int:pk>/sensitive/<int:iid>/consent/",
        views.subject_sensitive_consent,
        name="subject_sensitive_consent",
    ),
]
