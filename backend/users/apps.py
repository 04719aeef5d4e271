from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "users"
    verbose_name = "Identity and access"

    def ready(self) -> None:
        from . import schema  # noqa: F401  (registers the OpenAPI authentication extension)
