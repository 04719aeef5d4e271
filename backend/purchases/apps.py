from django.apps import AppConfig


class PurchasesConfig(AppConfig):
    name = "purchases"
    verbose_name = "Purchasing"

    def ready(self) -> None:
        from . import signals  # noqa: F401 - connects the receivers
