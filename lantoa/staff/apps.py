from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "lantoa.staff"
    label = "staff"
