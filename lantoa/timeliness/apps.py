from django.apps import AppConfig


class TimelinessConfig(AppConfig):
    name = "lantoa.timeliness"
    label = "timeliness"
    verbose_name = "Thời hạn xử lý"

    def ready(self) -> None:
        from lantoa.timeliness import signals  # noqa: F401  (connects the cache invalidation)
