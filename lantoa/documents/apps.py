from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "lantoa.documents"
    label = "documents"
    verbose_name = _("Official documents")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lantoa.audit import actions
        from lantoa.documents import audit_actions

        # The log shows the documents' actions as sentences (lantoa.audit.actions).
        actions.register(audit_actions.SENTENCES)
