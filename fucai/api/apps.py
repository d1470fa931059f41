from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "fucai.api"
    label = "api"
    verbose_name = "API"
