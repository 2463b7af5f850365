from lantoa.staff.views.audit import audit_export, audit_log
from lantoa.staff.views.home import home
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

__all__ = [
    "audit_export",
    "audit_log",
    "home",
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
]
