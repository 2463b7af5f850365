from django.apps import AppConfig


class NominationsConfig(AppConfig):
    name = "lantoa.nominations"
    label = "nominations"
    verbose_name = "Tin báo của người dân"
