from django.utils.translation import gettext_lazy as _

SENTENCES = {
    "orgs.organisation.created": _("Created an organisation"),
    "orgs.organisation.updated": _("Changed an organisation"),
    "orgs.organisation.moved": _("Moved an organisation"),
    "orgs.organisation.merged": _("Merged an organisation into another"),
    "orgs.membership.added": _("Gave a role"),
    "orgs.membership.confirmed": _("Confirmed a role"),
    "orgs.membership.refused": _("Refused a role awaiting confirmation"),
    "orgs.membership.ended": _("Ended a role"),
    "orgs.members.imported": _("Imported a member list"),
}
