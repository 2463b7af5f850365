from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "lantoa.orgs"
    label = "orgs"
    verbose_name = "Tổ chức và địa bàn"

    def ready(self) -> None:
        # The audit log shows this app's actions as sentences (lantoa.audit.actions).
        from lantoa.audit import actions
        from lantoa.orgs import audit_actions

        actions.register(audit_actions.SENTENCES)
        # Cached grants are read afresh after any membership or organisation write.
        from lantoa.orgs import signals  # noqa: F401
