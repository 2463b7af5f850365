from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "lantoa.orgs"
    label = "orgs"
    verbose_name = "Tổ chức và địa bàn"
