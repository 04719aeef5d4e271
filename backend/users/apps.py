from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "users"
    verbose_name = "Identity and access"

    def ready(self) -> None:
        from . import schema, signals  # noqa: F401  (OpenAPI auth extension, cache eviction)
