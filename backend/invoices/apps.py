from django.apps import AppConfig


class InvoicesConfig(AppConfig):
    name = "invoices"
    verbose_name = "Accounts payable"

    def ready(self) -> None:
        from . import signals  # noqa: F401 - connects the receivers
