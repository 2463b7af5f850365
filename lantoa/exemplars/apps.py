from django.apps import AppConfig


class ExemplarsConfig(AppConfig):
    name = "lantoa.exemplars"
    label = "exemplars"
    verbose_name = "Điển hình tiên tiến, gương người tốt việc tốt"
