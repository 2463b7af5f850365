from django.urls import path

from lantoa.staff import views

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
]
