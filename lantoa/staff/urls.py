from django.urls import path

from lantoa.staff import views
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
    path("orgs/<int:pk>/members/add/", views.member_add, name="member_add"),
    path("orgs/<int:pk>/members/import/", views.member_import, name="member_import"),
    path(
        "orgs/<int:pk>/members/import/template.<str:fmt>",
        views.member_import_template,
        name="member_import_template",
    ),
    path("memberships/<int:pk>/end/", views.member_end, name="member_end"),
    path("audit/", views.audit_log, name="audit_log"),
    path("audit/export.csv", views.audit_export, name="audit_export"),
    path("audit/export.xlsx", views.audit_export_xlsx, name="audit_export_xlsx"),
    path("audit/export/", views.audit_export_job, name="audit_export_job"),
    # Background jobs
    path("jobs/<uuid:pk>/", views.job_detail, name="job_detail"),
    path("jobs/<uuid:pk>/progress/", views.job_progress, name="job_progress"),
    path("jobs/<uuid:pk>/result/", views.job_result, name="job_result"),
    path("jobs/digest/", views.digest_now, name="digest_now"),
    # Exemplar registry
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/summary/", views.inbox_summary, name="inbox_summary"),
    path("records/", views.records, name="record_list"),
    path("records/new/", views.record_new, name="record_new"),
    path("records/bulk/", views.record_bulk, name="record_bulk"),
    path("records/<int:pk>/", views.record_detail, name="record_detail"),
    path("records/<int:pk>/evidence/<int:eid>/", views.record_evidence, name="record_evidence"),
    path("records/<int:pk>/transition/", views.record_transition, name="record_transition"),
    path("records/<int:pk>/replications/", views.record_replicate, name="record_replicate"),
    path("records/<int:pk>/consents/", views.record_consent, name="record_consent"),
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
]
