from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "lantoa.jobs"
    label = "jobs"
