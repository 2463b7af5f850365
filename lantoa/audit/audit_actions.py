from django.utils.translation import gettext_lazy as _

SENTENCES = {
    "audit.log.exported": _("Exported the audit log"),
}
