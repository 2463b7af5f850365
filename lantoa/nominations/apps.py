from django.apps import AppConfig


class NominationsConfig(AppConfig):
    name = "lantoa.nominations"
    label = "nominations"
    verbose_name = "Tin báo của người dân"

    def ready(self) -> None:
        # The audit log shows this app's actions as sentences (lantoa.audit.actions).
        from lantoa.audit import actions
        from lantoa.nominations import audit_actions

        actions.register(audit_actions.SENTENCES)
