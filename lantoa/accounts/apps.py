from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "lantoa.accounts"
    label = "accounts"

    def ready(self) -> None:
        # The audit log shows this app's actions as sentences (lantoa.audit.actions).
        from lantoa.accounts import audit_actions
        from lantoa.audit import actions

        actions.register(audit_actions.SENTENCES)
