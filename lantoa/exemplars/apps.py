from django.apps import AppConfig


class ExemplarsConfig(AppConfig):
    name = "lantoa.exemplars"
    label = "exemplars"
    verbose_name = "Điển hình tiên tiến, gương người tốt việc tốt"

    def ready(self) -> None:
        # Registers the consent-withdrawal hook that takes published stories down.
        from lantoa.exemplars import (
            catalogue_choices,  # noqa: F401  (its signals replace the catalogues' version)
            publishing,  # noqa: F401
            roles,
        )
        from lantoa.exemplars.stories import article, index

        # The registry's actions and the roles that grant them, for `orgs.access`.
        roles.declare()

        # The search app applies the story outbox through the domain, never the reverse.
        index.register()
        # A story's stored article is rendered again when what it shows is written.
        article.register()
        # The audit log shows this app's actions as sentences (lantoa.audit.actions).
        from lantoa.audit import actions
        from lantoa.exemplars import audit_actions

        actions.register(audit_actions.SENTENCES)
