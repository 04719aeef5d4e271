"""PostgreSQL's `unaccent` extension, for accent-insensitive search (core/search.py). On SQLite
the same function is registered on each connection instead, so this is a no-op there."""

from django.db import migrations


def create_extension(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # Imported here: django.contrib.postgres needs psycopg, which a SQLite install may lack.
    from django.contrib.postgres.operations import UnaccentExtension

    UnaccentExtension().database_forwards("core", schema_editor, None, None)


def drop_extension(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from django.contrib.postgres.operations import UnaccentExtension

    UnaccentExtension().database_backwards("core", schema_editor, None, None)


class Migration(migrations.Migration):
    dependencies = [("core", "0005_jobrun")]
    operations = [migrations.RunPython(create_extension, drop_extension)]
