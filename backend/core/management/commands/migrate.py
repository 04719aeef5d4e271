"""Django's migrate, after preparing $DATA_DIR (prepare_data_dir): on a fresh machine the SQLite
file's folder, the broker's folders and the secret key must exist before anything else runs,
and settings import creates none of them."""

from django.core.management.commands.migrate import Command as MigrateCommand

from core.management.commands.prepare_data_dir import prepare_data_dir


class Command(MigrateCommand):
    def execute(self, *args, **options):
        prepare_data_dir()
        return super().execute(*args, **options)
