from django.apps import AppConfig


class DemoConfig(AppConfig):
    # No models: the app exists for its management commands (seed_demo, demo_logins).
    name = "lantoa.demo"
    label = "demo"
    verbose_name = "Dữ liệu mẫu"
