from lantoa.core.paths import PathField, child_path
from lantoa.orgs.models.organisations import (
    CONFIRMED_ROLES,
    LEVEL_ORDER,
    Membership,
    Organisation,
    OrganisationName,
    OrgKind,
    OrgLevel,
    Role,
)
from lantoa.orgs.models.units import AdminUnit, AdminUnitSuccession

__all__ = [
    "CONFIRMED_ROLES",
    "LEVEL_ORDER",
    "AdminUnit",
    "AdminUnitSuccession",
    "Membership",
    "OrgKind",
    "OrgLevel",
    "Organisation",
    "OrganisationName",
    "PathField",
    "Role",
    "child_path",
]
