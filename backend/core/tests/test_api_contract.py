"""docs/api.md (the contract's fixed points) and the served OpenAPI schema name the same operations."""

import re
from pathlib import Path

from django.urls import resolve
from drf_spectacular.generators import SchemaGenerator

CONTRACT = Path(__file__).resolve().parents[3] / "docs" / "api.md"
OPERATION = re.compile(r"`((?:(?:GET|POST|PATCH|PUT|DELETE)/?)+) (/api/[^ `?]+)")
# Served by their own views, outside the schema they describe.
OUTSIDE_SCHEMA = {("GET", "/api/schema/"), ("GET", "/api/docs/")}


def _normalise(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "{id}", path)


def _contract() -> tuple[set, set]:
    """(served, planned) operations named in docs/api.md, as (METHOD, path) pairs."""
    served, planned = set(), set()
    section_planned = False
    for line in CONTRACT.read_text().splitlines():
        if line.startswith("## "):
            section_planned = line.endswith("(planned)")
        for match in OPERATION.finditer(line):
            target = planned if section_planned or "*(planned)*" in line else served
            target.update((method, _normalise(match.group(2))) for method in match.group(1).split("/"))
    return served, planned


def _schema_operations() -> set:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {(method.upper(), _normalise(path)) for path, item in schema["paths"].items() for method in item}


def test_every_operation_of_the_contract_is_served_and_every_served_one_is_in_the_contract():
    served, planned = _contract()
    operations = _schema_operations()
    assert served, "docs/api.md names no operation: has its table format changed?"
    assert sorted(served - operations - OUTSIDE_SCHEMA) == [], "in docs/api.md but not served"
    assert sorted(operations - served) == [], "served but not in docs/api.md (add a row)"
    assert sorted(planned & operations) == [], "served but still marked planned in docs/api.md"
    for _, path in OUTSIDE_SCHEMA:
        resolve(path)
