from django.apps import AppConfig
from django.db.backends.signals import connection_created


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self):
        from .search import register_sqlite_functions

        # Every connection opened from now on (the request's, the worker's, the tests').
        connection_created.connect(register_sqlite_functions, dispatch_uid="core.search.sqlite_functions")
