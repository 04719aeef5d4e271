"""Database constraint violations as sentences that name the field, for every model.

A model's `Meta.constraints` are checked by `full_clean()` (services call it before saving) and,
in a race between two saves, by the database itself. Either way Django only knows the
constraint: an expression constraint such as `UniqueConstraint(Lower("name"))` is reported
as the non-field error 'Constraint "vendor_name_unique_ci" is violated.', and the database as
an IntegrityError. This module derives, from each constraint's own fields, expressions or
condition, the field it guards and a sentence ("A vendor with this name already exists."), so
the API answers `fields.name` whichever way the violation was found. A constraint with its own
`violation_error_message` keeps that sentence; it is only filed under its field.
"""

import re
from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, models
from django.db.models import F, Q
from django.utils.text import capfirst

# The key the API (and the web app's forms) use for errors that belong to no field.
NON_FIELD_KEY = "non_field_errors"


@dataclass(frozen=True)
class ConstraintViolation:
    field: str
    message: str


def _names_in(node) -> list[str]:
    """The model fields an expression or a Q condition refers to, in order."""
    names: list[str] = []
    if isinstance(node, F):
        names.append(node.name)  # type: ignore[attr-defined]  # the stubs omit F.name
    elif isinstance(node, Q):
        for child in node.children:
            if isinstance(child, tuple):
                names.append(child[0])
                names.extend(_names_in(child[1]))
            else:
                names.extend(_names_in(child))
    elif hasattr(node, "get_source_expressions"):
        for source in node.get_source_expressions():
            names.extend(_names_in(source))
    return names


def _model_field(model: type[models.Model], name: str) -> models.Field | None:
    """`manager`, `manager_id` and `manager__email` are all the field `manager`."""
    try:
        field = model._meta.get_field(name.split("__")[0])
    except FieldDoesNotExist:
        return next((f for f in model._meta.concrete_fields if f.attname == name), None)
    return field if isinstance(field, models.Field) else None


def _fields_of(model: type[models.Model], constraint: models.BaseConstraint) -> list[models.Field]:
    names = list(getattr(constraint, "fields", ()) or ())
    for expression in getattr(constraint, "expressions", ()) or ():
        names.extend(_names_in(expression))
    if not names:
        names.extend(_names_in(getattr(constraint, "condition", None)))
    fields: list[models.Field] = []
    for name in names:
        field = _model_field(model, name)
        if field is not None and field not in fields:
            fields.append(field)
    return fields


def _article(noun: str) -> str:
    return "An" if noun[:1].lower() in "aeiou" else "A"


def _joined(fields: list[models.Field]) -> str:
    names = [str(field.verbose_name) for field in fields]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _sentence(model: type[models.Model], constraint: models.BaseConstraint, fields: list[models.Field]) -> str:
    if constraint.violation_error_message != constraint.default_violation_error_message:
        return str(constraint.get_violation_error_message())
    if isinstance(constraint, models.UniqueConstraint):
        noun = str(model._meta.verbose_name)
        return f"{_article(noun)} {noun} with this {_joined(fields)} already exists."
    return f"{capfirst(_joined(fields))} is not allowed."


def _violation(model: type[models.Model], constraint: models.BaseConstraint) -> ConstraintViolation:
    fields = _fields_of(model, constraint)
    if not fields:
        message = str(constraint.get_violation_error_message())
        if constraint.violation_error_message == constraint.default_violation_error_message:
            message = f"The {model._meta.verbose_name} breaks a rule ({constraint.name})."
        return ConstraintViolation(NON_FIELD_KEY, message)
    return ConstraintViolation(fields[0].name, _sentence(model, constraint, fields))


@cache
def _registry() -> tuple[dict[str, ConstraintViolation], dict[str, ConstraintViolation | None]]:
    """Every installed model's constraints: by constraint name (unique across the project,
    Django's check models.E032) and by the message full_clean() raises for them (None when two
    constraints on different fields raise the same message)."""
    by_name: dict[str, ConstraintViolation] = {}
    by_message: dict[str, ConstraintViolation | None] = {}
    for model in apps.get_models():
        for constraint in model._meta.constraints:
            violation = _violation(model, constraint)
            by_name[constraint.name] = violation
            message = str(constraint.get_violation_error_message())
            if message in by_message and by_message[message] != violation:
                by_message[message] = None
            else:
                by_message.setdefault(message, violation)
    return by_name, by_message


def constraint_violation(name: str) -> ConstraintViolation | None:
    """The field and sentence of a constraint, by its name."""
    return _registry()[0].get(name)


def validation_error_fields(exc: DjangoValidationError) -> dict[str, list[str]]:
    """A Django ValidationError as the API's `fields`: constraint violations under their field,
    with a sentence, errors of no field under `non_field_errors`."""
    by_message = _registry()[1]
    error_dict = exc.error_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.error_list}
    fields: dict[str, list[str]] = {}
    for key, errors in error_dict.items():
        for error in errors:
            for message in error.messages:  # with their params applied
                target = NON_FIELD_KEY if key == NON_FIELD_ERRORS else key
                violation = by_message.get(message) if key == NON_FIELD_ERRORS else None
                if violation is not None:
                    target, message = violation.field, violation.message
                if message not in fields.get(target, []):
                    fields.setdefault(target, []).append(message)
    return fields


# SQLite names the index of an expression constraint, the columns of any other unique one, and
# a CHECK constraint by name (when the table has CHECKs with names, as Django creates them).
_SQLITE_INDEX = re.compile(r"UNIQUE constraint failed: index '([^']+)'")
_SQLITE_COLUMNS = re.compile(r"UNIQUE constraint failed: ([\w.]+(?:, [\w.]+)*)")
_SQLITE_CHECK = re.compile(r"CHECK constraint failed: (\w+)")


def _column_violation(columns: str) -> ConstraintViolation | None:
    """`users_department.code` (a unique field, or the fields of a UniqueConstraint)."""
    pairs = [column.split(".", 1) for column in columns.split(", ") if "." in column]
    if not pairs:
        return None
    table = pairs[0][0]
    model = next((m for m in apps.get_models() if m._meta.db_table == table), None)
    if model is None:
        return None
    by_column = {field.column: field for field in model._meta.concrete_fields}
    fields = [by_column[column] for _, column in pairs if column in by_column]
    if not fields:
        return None
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and _fields_of(model, constraint) == fields:
            return _violation(model, constraint)
    noun = str(model._meta.verbose_name)
    return ConstraintViolation(fields[0].name, f"{_article(noun)} {noun} with this {_joined(fields)} already exists.")


def integrity_error_violation(exc: IntegrityError) -> ConstraintViolation | None:
    """The constraint a database refused a write for, when it is one of the models' (a unique
    value saved twice at the same moment: both passed full_clean(), the database took one)."""
    diag = getattr(exc.__cause__, "diag", None)  # psycopg names the constraint
    name = getattr(diag, "constraint_name", None)
    if name and constraint_violation(name):
        return constraint_violation(name)
    detail = re.match(r"Key \(([\w, ]+)\)=", getattr(diag, "message_detail", None) or "")
    if diag is not None and detail and getattr(diag, "table_name", None):  # a unique field: `users_department_code_key`
        return _column_violation(", ".join(f"{diag.table_name}.{column.strip()}" for column in detail.group(1).split(",")))
    text = str(exc)
    for pattern in (_SQLITE_INDEX, _SQLITE_CHECK):
        match = pattern.search(text)
        if match:
            return constraint_violation(match.group(1))
    match = _SQLITE_COLUMNS.search(text)
    return _column_violation(match.group(1)) if match else None
