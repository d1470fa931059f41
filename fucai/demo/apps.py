from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "fucai.demo"
    label = "demo"
    verbose_name = "Demo data"
