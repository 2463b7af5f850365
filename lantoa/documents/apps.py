from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "lantoa.documents"
    label = "documents"
    verbose_name = _("Official documents")
    default_auto_field = "django.db.models.BigAutoField"
