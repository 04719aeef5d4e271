"""The dependency rules between apps, checked on the imports of the source files (parsed with
`ast`, so an import inside a function counts as much as one at the top of a module).

- core is shared infrastructure: it imports no domain app and not config (the project);
- purchases knows nothing of the apps built on top of it;
- currencies (reference data under purchasing) imports only core and users;
- reports reads purchasing data only through `purchases.selectors`;
- services never import tasks (tasks import services; services enqueue tasks by name).

The tests and migrations of an app are left out (tests build their data in other apps).
The test fails naming each offending import, e.g. "core/health.py imports config.celery"."""

import ast
from pathlib import Path

import pytest

BACKEND = Path(__file__).resolve().parents[2]
DOMAIN_APPS = {"users", "currencies", "purchases", "documents", "reports", "demo"}

# Files of reports that may import purchases modules other than selectors, and why. Anything
# else in reports that reaches into purchases goes through purchases.selectors.
REPORTS_PURCHASES_EXCEPTIONS = {
    # Model signals need the sender classes to invalidate the dashboard cache.
    "reports/signals.py": {"purchases.models"},
}


def _is_runtime(path: Path) -> bool:
    parts = path.relative_to(BACKEND).parts
    return not ({"tests", "migrations"} & set(parts))


def _sources(app: str) -> list[Path]:
    return [path for path in sorted((BACKEND / app).rglob("*.py")) if _is_runtime(path)]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(BACKEND).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path) -> set[str]:
    return imports_of(path.read_text(), module=_module_name(path), is_package=path.name == "__init__.py")


def imports_of(source: str, *, module: str, is_package: bool = False) -> set[str]:
    """Every module `source` (the text of `module`) imports, as an absolute dotted name.
    `from x import y` yields both `x` and `x.y` (y may be a module: `from . import tasks`)."""
    tree = ast.parse(source)
    package = module.split(".") if is_package else module.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            if module:
                found.add(module)
            found.update(f"{module}.{alias.name}" if module else alias.name for alias in node.names)
    return found


def _top(module: str) -> str:
    return module.split(".")[0]


def _violations(files: list[Path], is_forbidden) -> list[str]:
    return [
        f"{path.relative_to(BACKEND)} imports {module}"
        for path in files
        for module in sorted(imported_modules(path))
        if is_forbidden(path, module)
    ]


def test_the_checker_sees_relative_and_late_imports():
    source = "from . import tasks\nfrom ..models import A\nimport core.db\ndef f():\n    from config.celery import app\n"
    modules = imports_of(source, module="purchases.services.orders")
    assert {"purchases.services.tasks", "purchases.models", "purchases.models.A", "core.db", "config.celery"} <= modules
    assert _is_tasks_module("purchases.services.tasks") and _is_tasks_module("reports.tasks")
    assert imports_of("from .tasks import x", module="reports", is_package=True) >= {"reports.tasks"}


def test_core_imports_no_domain_app_and_not_config():
    forbidden = DOMAIN_APPS | {"config"}
    assert _violations(_sources("core"), lambda path, module: _top(module) in forbidden) == []


def test_purchases_imports_none_of_the_apps_built_on_it():
    forbidden = {"documents", "reports", "invoices", "payments"}
    assert _violations(_sources("purchases"), lambda path, module: _top(module) in forbidden) == []


def test_currencies_imports_only_core_and_users():
    forbidden = DOMAIN_APPS - {"users", "currencies"}
    assert _violations(_sources("currencies"), lambda path, module: _top(module) in forbidden) == []


def test_reports_reads_purchases_only_through_its_selectors():
    def forbidden(path: Path, module: str) -> bool:
        if _top(module) != "purchases" or module == "purchases":
            return False
        if module == "purchases.selectors" or module.startswith("purchases.selectors."):
            return False
        allowed = REPORTS_PURCHASES_EXCEPTIONS.get(str(path.relative_to(BACKEND)), set())
        return not any(module == name or module.startswith(f"{name}.") for name in allowed)

    assert _violations(_sources("reports"), forbidden) == []


def _is_services(path: Path) -> bool:
    return path.name == "services.py" or "services" in path.relative_to(BACKEND).parts[:-1]


def _is_tasks_module(module: str) -> bool:
    return module.split(".")[-1] == "tasks" or ".tasks." in f".{module}."


@pytest.mark.parametrize("app", ["core", "users", "currencies", "purchases", "documents", "reports"])
def test_no_services_module_imports_a_tasks_module(app):
    services = [path for path in _sources(app) if _is_services(path)]
    assert services, f"{app} has no services module to check"
    assert _violations(services, lambda path, module: _is_tasks_module(module)) == []
