"""Read replica support. With DATABASE_REPLICA_URL set, the read-heavy selectors (lists,
reports, dashboard) read from the "replica" alias through `.using(read_replica())`; every
other read and every write goes to the primary. Reads that must see the caller's own latest
write (details after an update, the approval inbox, anything in a transaction) stay on the
primary."""

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

REPLICA_ALIAS = "replica"


def read_replica() -> str:
    return REPLICA_ALIAS if REPLICA_ALIAS in settings.DATABASES else DEFAULT_DB_ALIAS


class PrimaryReplicaRouter:
    """Everything defaults to the primary; only explicit `.using(read_replica())` reads the
    replica. Both aliases hold the same data, so relations between them are allowed."""

    def db_for_read(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS
