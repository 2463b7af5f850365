from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "lantoa.audit"
    label = "audit"

    def ready(self) -> None:
        # The audit log shows this app's actions as sentences (lantoa.audit.actions).
        from lantoa.audit import actions, audit_actions

        actions.register(audit_actions.SENTENCES)
