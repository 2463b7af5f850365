"""The demo sits on top of the domains: no domain imports it, and the organisations app does
not reach into the registry (the point of moving the demo out of both)."""

from __future__ import annotations

import ast
from pathlib import Path

import lantoa

ROOT = Path(lantoa.__file__).parent


def imported_modules(package: str) -> dict[str, set[str]]:
    """{file: modules it imports}, for every module of `lantoa.<package>`."""
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
        found[str(path.relative_to(ROOT))] = names
    return found


def offenders(package: str, forbidden: str) -> list[str]:
    return [
        f"{file}: {name}"
        for file, names in imported_modules(package).items()
        for name in sorted(names)
        if name == forbidden or name.startswith(forbidden + ".")
    ]


def test_the_organisations_app_imports_neither_the_registry_nor_the_demo():
    assert offenders("orgs", "lantoa.exemplars") == []
    assert offenders("orgs", "lantoa.demo") == []


def test_no_app_imports_the_demo():
    apps = [p.name for p in ROOT.iterdir() if (p / "apps.py").exists() and p.name != "demo"]

    assert "exemplars" in apps and "orgs" in apps
    assert [line for app in apps for line in offenders(app, "lantoa.demo")] == []


def test_the_check_sees_an_import_where_there_is_one():
    # The demo itself imports the registry's services: the scan must find them.
    assert offenders("demo", "lantoa.exemplars")
