"""Accent- and case-insensitive text search that behaves the same on SQLite and PostgreSQL.

`unaccent(text)` is PostgreSQL's `unaccent` extension (created by core/migrations/0006) and, on
SQLite, the Python function below, registered on every new connection (core/apps.py). Both
sides of the match are folded in SQL, so "cafe" finds "Café" and "CAFÉ" finds "cafe". The
case is folded by ICONTAINS: fully on PostgreSQL, for ASCII letters on SQLite (every accented
Latin letter is ASCII once unaccented)."""

import unicodedata

from django.db.models import F, Func, Q, TextField, Value
from django.db.models.lookups import IContains


def fold_accents(value):
    """'Crème Brûlée' -> 'Creme Brulee': compatibility decomposition, combining marks dropped."""
    if value is None:
        return None
    decomposed = unicodedata.normalize("NFKD", value if isinstance(value, str) else str(value))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def register_sqlite_functions(sender, connection, **kwargs) -> None:
    """`connection_created` receiver: give SQLite the `unaccent` PostgreSQL has."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("unaccent", 1, fold_accents, deterministic=True)


class Unaccent(Func):
    function = "unaccent"
    arity = 1
    output_field = TextField()


def matches_text(field: str, value: str) -> Q:
    """A condition: `field` contains `value`, ignoring accents and case."""
    return Q(IContains(Unaccent(F(field)), Unaccent(Value(value, output_field=TextField()))))
