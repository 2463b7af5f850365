from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "lantoa.search"
    label = "search"
    verbose_name = "Tìm kiếm"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from lantoa.search.schema import repair_after_migrate

        post_migrate.connect(repair_after_migrate, sender=self)
