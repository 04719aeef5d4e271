from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Reports and dashboard"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (dashboard cache invalidation)
